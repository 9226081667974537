#include "cli/explain.h"

#include <cstdio>
#include <sys/utsname.h>

#include "cli/options.h"
#include "decoder/clone_explain.h"
#include "output/explain_format.h"

namespace ct::cli {

int explain_command(const std::string& value, bool json) {
    utsname host{};
    const std::string release = ::uname(&host) == 0 ? host.release : "";
    const auto explained = decoder::explain_clone_value(value, release);
    if (const auto* error = std::get_if<decoder::ExplainError>(&explained)) {
        std::fprintf(stderr, "clonetrace: --explain: %s\n", error->message.c_str());
        return kUsageExitStatus;
    }
    const auto& e = std::get<decoder::CloneExplanation>(explained);
    const std::string out = json ? output::explain_json(e) : output::explain_text(e);
    std::fputs(out.c_str(), stdout);
    return decoder::accepted(e) ? 0 : 1;
}

}  // namespace ct::cli
