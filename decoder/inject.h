// --inject: the creation calls that fail on purpose, in strace's syntax
// (SET:error=ERRNO[:when=EXPR]).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "arch/calls.h"

namespace ct::decoder {

// Which matching calls, counted from 1: N (that one), N+ (from N on), N+STEP
// (N, N+STEP, ...), N..M (N through M). Without when=, every one.
struct InjectWhen {
    std::uint64_t first = 1;
    std::uint64_t step = 1;  // 0: first alone
    std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
};

bool inject_fires(const InjectWhen& when, std::uint64_t count);

struct InjectRule {
    std::vector<arch::SyscallKind> calls;
    std::int64_t error = 0;  // the errno the call fails with
    InjectWhen when;
};

struct InjectError {
    std::string message;
};

// "clone3:error=EAGAIN:when=3"; SET is a creation call's name or "creation"
// (all of them).
std::variant<InjectRule, InjectError> parse_inject(std::string_view spec);

}  // namespace ct::decoder
