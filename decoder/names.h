// Names of errno values and signals as strace prints them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ct::decoder {

// "EINVAL"; kernel-internal restart codes too ("ERESTARTNOINTR");
// an unknown number as its decimal value.
std::string errno_name(std::int64_t err);
// "Invalid argument", "To be restarted" for the restart codes.
std::string errno_message(std::int64_t err);

// The restart codes a syscall exit may carry before the kernel restarts it.
bool is_restart_errno(std::int64_t err);

// "SIGCHLD", "0" for no signal, "SIGRTMIN" and "SIGRT_2" for real-time signals,
// the number itself when it names no signal.
std::string signal_name(std::uint64_t sig);

// The inverses, for names these functions wrote; nullopt for any other text.
std::optional<std::int64_t> errno_by_name(std::string_view name);
std::optional<std::uint64_t> signal_by_name(std::string_view name);

}  // namespace ct::decoder
