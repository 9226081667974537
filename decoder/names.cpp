#include "decoder/names.h"

#include <array>
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

std::string signal_name(std::uint64_t sig) {
    if (sig == 0) return "0";
    if (sig >= kSigRtBase && sig <= kSigMax) return fmt::format("SIGRT_{}", sig - kSigRtBase);
    if (sig < kSigRtBase)
        if (const char* abbrev = sigabbrev_np(static_cast<int>(sig))) return fmt::format("SIG{}", abbrev);
    return fmt::format("{}", sig);
}

}  // namespace ct::decoder
