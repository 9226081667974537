// What the kernel does with the values a task's seccomp filters return: the
// actions, their precedence over a stack of filters (seccomp(2)) and the
// errno an ERRNO action sets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ct::arch {

enum class SeccompAction : std::uint8_t { kill_process, kill_thread, trap, errno_value, user_notif, trace, log, allow };

// The action of a filter's return value; a value the kernel does not know
// kills the process, as the kernel's own default does.
SeccompAction action_of(std::uint32_t ret);
std::string_view action_name(SeccompAction action);

struct Verdict {
    std::uint32_t ret = 0;       // the winning filter's value, data included
    std::size_t filter = 0;      // its index in the span given
    SeccompAction action() const { return action_of(ret); }
    std::uint16_t data() const { return static_cast<std::uint16_t>(ret & 0xffff); }
};

// `returns` holds each filter's value, newest filter first (the order the
// kernel runs them). The kernel applies the value whose action comes first
// in precedence; among equals the newest filter's. No filter: ALLOW.
Verdict pick_verdict(std::span<const std::uint32_t> returns);

// The errno an ERRNO action's data sets: capped at MAX_ERRNO.
int errno_of(std::uint16_t data);

}  // namespace ct::arch
