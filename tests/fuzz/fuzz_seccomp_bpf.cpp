// Any bytes as a struct seccomp_data followed by a classic BPF program: the
// checker and the interpreter never crash, and a valid program wrapped for
// the watch keeps its verdict on every call the prefix does not trap.
#include <cstdint>
#include <cstring>
#include <vector>

#include "arch/abi.h"
#include "arch/seccomp_bpf.h"
#include "arch/seccomp_filter.h"

namespace {

bool trapped(const seccomp_data& d, const std::vector<ct::arch::SyscallKind>& watched) {
    const ct::arch::Abi* abi = ct::arch::find_abi(d.arch, static_cast<std::uint32_t>(d.nr));
    if (abi == nullptr) return false;
    const auto kind = ct::arch::syscall_kind(*abi, static_cast<std::uint32_t>(d.nr));
    if (!kind) return false;
    for (const auto w : watched)
        if (w == *kind) {
            const auto arg0 = ct::arch::call_row(w).arg0;
            return !arg0 || static_cast<std::uint32_t>(d.args[0]) == *arg0;
        }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < sizeof(seccomp_data)) return 0;
    seccomp_data d{};
    std::memcpy(&d, data, sizeof d);
    std::vector<sock_filter> program((size - sizeof d) / sizeof(sock_filter));
    if (!program.empty()) std::memcpy(program.data(), data + sizeof d, program.size() * sizeof(sock_filter));
    const std::uint32_t ret = ct::arch::run_seccomp_program(program, d);  // valid or not: no crash
    if (!ct::arch::seccomp_program_valid(program)) return 0;
    const auto watched = ct::arch::default_watched();
    const auto wrapped = ct::arch::wrap_program(program, watched);
    if (!wrapped) return 0;
    if (!ct::arch::seccomp_program_valid(*wrapped)) __builtin_trap();
    const std::uint32_t got = ct::arch::run_seccomp_program(*wrapped, d);
    if (got != (trapped(d, watched) ? SECCOMP_RET_TRACE : ret)) __builtin_trap();
    return 0;
}
