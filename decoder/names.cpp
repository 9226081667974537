#include "decoder/names.h"

#include <array>
#include <charconv>
#include <csignal>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

namespace ct::decoder {
namespace {

// Never seen by programs, only at a syscall-exit stop (include/linux/errno.h).
struct KernelErrno {
    std::int64_t value;
    std::string_view name;
    std::string_view message;
};
constexpr std::array<KernelErrno, 4> kKernelErrnos{{
    {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    {513, "ERESTARTNOINTR", "To be restarted"},
    {514, "ERESTARTNOHAND", "To be restarted if no handler"},
    {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
}};

const KernelErrno* kernel_errno(std::int64_t err) {
    for (const KernelErrno& k : kKernelErrnos)
        if (k.value == err) return &k;
    return nullptr;
}

constexpr int kSigRtBase = 32;  // the kernel's SIGRTMIN; glibc reserves some
constexpr int kSigMax = 64;
constexpr std::string_view kSigRtMin = "SIGRTMIN";  // strace's name of 32; SIGRT_N above it
constexpr int kErrnoMax = 4095;

template <typename T>
std::optional<T> decimal(std::string_view text) {
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

std::string errno_name(std::int64_t err) {
    if (const KernelErrno* k = kernel_errno(err)) return std::string(k->name);
    if (err > 0 && err < 4096)
        if (const char* name = strerrorname_np(static_cast<int>(err))) return name;
    return fmt::format("{}", err);
}

std::string errno_message(std::int64_t err) {
    if (const KernelErrno* k = kernel_errno(err)) return std::string(k->message);
    if (err > 0 && err < 4096)
        if (const char* desc = strerrordesc_np(static_cast<int>(err))) return desc;
    return fmt::format("Unknown error {}", err);
}

bool is_restart_errno(std::int64_t err) { return kernel_errno(err) != nullptr; }

// Where strace's name is not glibc's abbreviation with SIG before it.
struct SignalAlias {
    int sig;
    std::string_view name;
};
constexpr std::array kStraceSignalNames{SignalAlias{SIGIO, "SIGIO"}};  // glibc: POLL

std::string signal_name(std::uint64_t sig) {
    if (sig == 0) return "0";
    for (const SignalAlias& a : kStraceSignalNames)
        if (static_cast<std::uint64_t>(a.sig) == sig) return std::string(a.name);
    if (sig == kSigRtBase) return std::string(kSigRtMin);
    if (sig > kSigRtBase && sig <= kSigMax) return fmt::format("SIGRT_{}", sig - kSigRtBase);
    if (sig < kSigRtBase)
        if (const char* abbrev = sigabbrev_np(static_cast<int>(sig))) return fmt::format("SIG{}", abbrev);
    return fmt::format("{}", sig);
}

std::optional<std::int64_t> errno_by_name(std::string_view name) {
    for (const KernelErrno& k : kKernelErrnos)
        if (k.name == name) return k.value;
    for (int err = 1; err <= kErrnoMax; ++err)
        if (const char* known = strerrorname_np(err); known != nullptr && name == known) return err;
    return decimal<std::int64_t>(name);
}

std::optional<std::uint64_t> signal_by_name(std::string_view name) {
    if (name == kSigRtMin) return kSigRtBase;
    for (const SignalAlias& a : kStraceSignalNames)
        if (a.name == name) return static_cast<std::uint64_t>(a.sig);
    if (name.starts_with("SIGRT_")) {
        const auto n = decimal<std::uint64_t>(name.substr(6));
        if (!n || *n > kSigMax - kSigRtBase) return std::nullopt;
        return kSigRtBase + *n;
    }
    if (name.starts_with("SIG")) {
        for (int sig = 1; sig < kSigRtBase; ++sig)
            if (const char* abbrev = sigabbrev_np(sig); abbrev != nullptr && name.substr(3) == abbrev)
                return static_cast<std::uint64_t>(sig);
        return std::nullopt;
    }
    return decimal<std::uint64_t>(name);
}

}  // namespace ct::decoder
