// strace's rendering of one creation call: `clone3({...} => {...}, 88) = 1235`.
#pragma once

#include <string>

#include "decoder/event.h"

namespace ct::output {

// The call with its arguments, what the kernel wrote back, and its result.
std::string format_creation_text(const decoder::Creation& creation);

// Flag names joined by '|', unknown bits in hex, and for clone(2) the exit
// signal byte last: "CLONE_VM|CLONE_VFORK|SIGCHLD"; "0" when nothing is set.
std::string format_clone_flags(std::uint64_t flags, std::uint64_t exit_signal_byte);

// "0x7f12...", or "NULL" for zero.
std::string format_address(std::uint64_t address);

}  // namespace ct::output
