// --explain: clone flags explained on standard output, no process involved.
#pragma once

#include <string>

namespace ct::cli {

// Judged by the running kernel. The exit status: 0 when it accepts the
// flags, 1 when it refuses
// them, kUsageExitStatus when VALUE cannot be read.
int explain_command(const std::string& value, bool json);

}  // namespace ct::cli
