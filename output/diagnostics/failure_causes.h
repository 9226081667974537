// Why the kernel refuses to create a task, by errno: the likely causes, as
// clone(2) and kernel/fork.c give them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "decoder/creation.h"

namespace ct::output::diagnostics {

// The likely causes of `call` failing with `err`: the combination of its
// flags the kernel refuses with that errno, when one does (clone_rules.h);
// else the usual causes of the errno; empty when none is known.
std::string failure_cause(const decoder::CreationCall& call, std::int64_t err);

}  // namespace ct::output::diagnostics
