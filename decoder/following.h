// The three ways clonetrace follows a program, and what each cannot see.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ct::decoder {

enum class Following : std::uint8_t {
    seccomp_filter,  // a filter stops the creation calls alone (launch only)
    events,          // ptrace event stops alone: creations are decoded inside the call
    syscall_stops,   // a stop at every system call's entry and exit
};

// What a way of following never reports.
enum class Unseen : std::uint8_t {
    failed_calls,  // a call that creates nothing makes no event stop
    restarts,      // an interrupted call rerun by the kernel looks like one call
};

std::span<const Unseen> unseen_by(Following following);

}  // namespace ct::decoder
