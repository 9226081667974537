// The watch filter run by the classic-BPF interpreter against the
// seccomp_data the kernel would hand it.
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "arch/seccomp_bpf.h"
#include "arch/seccomp_filter.h"

namespace ct::arch {
namespace {

using K = SyscallKind;

constexpr std::uint32_t kX86_64 = AUDIT_ARCH_X86_64;
constexpr std::uint32_t kI386 = AUDIT_ARCH_I386;
constexpr std::uint32_t kAarch64 = AUDIT_ARCH_AARCH64;
constexpr std::uint32_t kX32Bit = 0x40000000;  // __X32_SYSCALL_BIT
constexpr std::uint16_t kMaxInsns = 4096;        // BPF_MAXINSNS

const std::vector<K> kAllKinds{K::clone, K::clone3, K::fork, K::vfork, K::seccomp, K::prctl};

// Runs `program` with the kernel's rules, after checking the kernel would accept it.
std::optional<std::uint32_t> run(const std::vector<sock_filter>& program, const seccomp_data& data) {
    if (!seccomp_program_valid(program)) {
        ADD_FAILURE() << "the kernel would refuse this program";
        return std::nullopt;
    }
    return run_seccomp_program(program, data);
}

seccomp_data call(std::uint32_t arch, std::uint32_t nr, std::uint64_t arg0 = 0) {
    seccomp_data d{};
    d.arch = arch;
    d.nr = static_cast<int>(nr);
    d.instruction_pointer = 0x401000;
    d.args[0] = arg0;
    for (std::size_t i = 1; i < 6; ++i) d.args[i] = 0xffff'ffff'ffff'ffff;
    return d;
}

std::string hex(std::optional<std::uint32_t> action) {
    if (!action) return "none";
    if (*action == SECCOMP_RET_TRACE) return "TRACE";
    if (*action == SECCOMP_RET_ALLOW) return "ALLOW";
    return std::to_string(*action);
}

struct Row {
    const char* what;
    std::uint32_t arch;
    std::uint32_t nr;
    std::uint64_t arg0;
    std::uint32_t action;
};

// Syscall numbers from arch/x86/entry/syscalls/syscall_{64,32}.tbl and
// include/uapi/asm-generic/unistd.h.
const Row kRows[] = {
    {"x86_64 clone", kX86_64, 56, 0, SECCOMP_RET_TRACE},
    {"x86_64 fork", kX86_64, 57, 0, SECCOMP_RET_TRACE},
    {"x86_64 vfork", kX86_64, 58, 0, SECCOMP_RET_TRACE},
    {"x86_64 clone3", kX86_64, 435, 0, SECCOMP_RET_TRACE},
    {"x86_64 seccomp", kX86_64, 317, 0, SECCOMP_RET_TRACE},
    {"x86_64 prctl PR_SET_SECCOMP", kX86_64, 157, PR_SET_SECCOMP, SECCOMP_RET_TRACE},
    {"x86_64 prctl PR_SET_NAME", kX86_64, 157, PR_SET_NAME, SECCOMP_RET_ALLOW},
    {"x86_64 prctl PR_SET_SECCOMP in the high word", kX86_64, 157, std::uint64_t{PR_SET_SECCOMP} << 32, SECCOMP_RET_ALLOW},
    {"x86_64 getppid", kX86_64, 110, 0, SECCOMP_RET_ALLOW},
    {"x86_64 read", kX86_64, 0, 0, SECCOMP_RET_ALLOW},
    {"x86_64 i386's clone number", kX86_64, 120, 0, SECCOMP_RET_ALLOW},

    {"x32 clone", kX86_64, kX32Bit | 56, 0, SECCOMP_RET_TRACE},
    {"x32 fork", kX86_64, kX32Bit | 57, 0, SECCOMP_RET_TRACE},
    {"x32 vfork", kX86_64, kX32Bit | 58, 0, SECCOMP_RET_TRACE},
    {"x32 clone3", kX86_64, kX32Bit | 435, 0, SECCOMP_RET_TRACE},
    {"x32 seccomp", kX86_64, kX32Bit | 317, 0, SECCOMP_RET_TRACE},
    {"x32 prctl PR_SET_SECCOMP", kX86_64, kX32Bit | 157, PR_SET_SECCOMP, SECCOMP_RET_TRACE},
    {"x32 prctl PR_SET_NAME", kX86_64, kX32Bit | 157, PR_SET_NAME, SECCOMP_RET_ALLOW},
    {"x32 getppid", kX86_64, kX32Bit | 110, 0, SECCOMP_RET_ALLOW},
    {"x32 execve", kX86_64, kX32Bit | 520, 0, SECCOMP_RET_ALLOW},

    {"i386 clone", kI386, 120, 0, SECCOMP_RET_TRACE},
    {"i386 fork", kI386, 2, 0, SECCOMP_RET_TRACE},
    {"i386 vfork", kI386, 190, 0, SECCOMP_RET_TRACE},
    {"i386 clone3", kI386, 435, 0, SECCOMP_RET_TRACE},
    {"i386 seccomp", kI386, 354, 0, SECCOMP_RET_TRACE},
    {"i386 prctl PR_SET_SECCOMP", kI386, 172, PR_SET_SECCOMP, SECCOMP_RET_TRACE},
    {"i386 prctl PR_SET_NAME", kI386, 172, PR_SET_NAME, SECCOMP_RET_ALLOW},
    {"i386 getppid", kI386, 64, 0, SECCOMP_RET_ALLOW},
    {"i386 x86_64's clone number", kI386, 56, 0, SECCOMP_RET_ALLOW},
    {"i386 x86_64's fork number", kI386, 57, 0, SECCOMP_RET_ALLOW},

    {"aarch64 clone", kAarch64, 220, 0, SECCOMP_RET_TRACE},
    {"aarch64 clone3", kAarch64, 435, 0, SECCOMP_RET_TRACE},
    {"aarch64 seccomp", kAarch64, 277, 0, SECCOMP_RET_TRACE},
    {"aarch64 prctl PR_SET_SECCOMP", kAarch64, 167, PR_SET_SECCOMP, SECCOMP_RET_TRACE},
    {"aarch64 prctl PR_SET_NAME", kAarch64, 167, PR_SET_NAME, SECCOMP_RET_ALLOW},
    {"aarch64 getppid", kAarch64, 173, 0, SECCOMP_RET_ALLOW},
    {"aarch64 x86_64's fork number", kAarch64, 57, 0, SECCOMP_RET_ALLOW},

    {"unknown arch", AUDIT_ARCH_PPC64LE, 110, 0, SECCOMP_RET_TRACE},
    {"unknown arch, any number", 0x12345678, 0, 0, SECCOMP_RET_TRACE},
};

TEST(SeccompFilter, EachCallOfEachAbi) {
    const auto program = build_watch_filter(kAllKinds);
    for (const Row& r : kRows) {
        EXPECT_EQ(hex(run(program, call(r.arch, r.nr, r.arg0))), hex(r.action)) << r.what;
    }
}

TEST(SeccompFilter, OnlyTheWatchedNumbersTrapInTheWholeRange) {
    struct AbiNumbers {
        const char* name;
        std::uint32_t arch;
        std::uint32_t flag;
        std::set<std::uint32_t> traced;  // with arg0 = PR_SET_SECCOMP, prctl included
    };
    const AbiNumbers abis[] = {
        {"x86_64", kX86_64, 0, {56, 57, 58, 435, 317, 157}},
        {"x32", kX86_64, kX32Bit, {56, 57, 58, 435, 317, 157}},
        {"i386", kI386, 0, {120, 2, 190, 435, 354, 172}},
        {"aarch64", kAarch64, 0, {220, 435, 277, 167}},
    };
    const auto program = build_watch_filter(kAllKinds);
    for (const AbiNumbers& abi : abis) {
        for (std::uint32_t nr = 0; nr < 1024; ++nr) {
            const bool traced = abi.traced.count(nr) != 0;
            const auto got = run(program, call(abi.arch, abi.flag | nr, PR_SET_SECCOMP));
            EXPECT_EQ(hex(got), traced ? "TRACE" : "ALLOW") << abi.name << " " << nr;
        }
    }
}

TEST(SeccompFilter, OnlyTheWatchedKindsTrap) {
    const std::vector<K> only_clone{K::clone};
    const auto program = build_watch_filter(only_clone);
    EXPECT_EQ(hex(run(program, call(kX86_64, 56))), "TRACE");
    EXPECT_EQ(hex(run(program, call(kX86_64, 57))), "ALLOW");  // fork
    EXPECT_EQ(hex(run(program, call(kX86_64, 58))), "ALLOW");
    EXPECT_EQ(hex(run(program, call(kX86_64, 435))), "ALLOW");
    EXPECT_EQ(hex(run(program, call(kX86_64, 317))), "ALLOW");
    EXPECT_EQ(hex(run(program, call(kX86_64, 157, PR_SET_SECCOMP))), "ALLOW");
    EXPECT_EQ(hex(run(program, call(kX86_64, kX32Bit | 56))), "TRACE");
    EXPECT_EQ(hex(run(program, call(kX86_64, kX32Bit | 57))), "ALLOW");
    EXPECT_EQ(hex(run(program, call(kI386, 120))), "TRACE");
    EXPECT_EQ(hex(run(program, call(kI386, 2))), "ALLOW");
    EXPECT_EQ(hex(run(program, call(kAarch64, 220))), "TRACE");
    EXPECT_EQ(hex(run(program, call(kAarch64, 435))), "ALLOW");
    EXPECT_EQ(hex(run(program, call(0x12345678, 1))), "TRACE");

    const std::vector<K> only_prctl{K::prctl};
    const auto prctl = build_watch_filter(only_prctl);
    EXPECT_EQ(hex(run(prctl, call(kX86_64, 157, PR_SET_SECCOMP))), "TRACE");
    EXPECT_EQ(hex(run(prctl, call(kX86_64, 157, PR_SET_NAME))), "ALLOW");
    EXPECT_EQ(hex(run(prctl, call(kX86_64, 56))), "ALLOW");
}

TEST(SeccompFilter, EmptyWatchSetTrapsOnlyUnknownArches) {
    const auto program = build_watch_filter({});
    EXPECT_EQ(hex(run(program, call(kX86_64, 56))), "ALLOW");
    EXPECT_EQ(hex(run(program, call(kI386, 120))), "ALLOW");
    EXPECT_EQ(hex(run(program, call(0x12345678, 1))), "TRACE");
}

TEST(SeccompFilter, ProgramIsWellFormed) {
    for (const std::vector<K>& watched : {kAllKinds, std::vector<K>{K::clone}, std::vector<K>{}}) {
        const auto program = build_watch_filter(watched);
        EXPECT_TRUE(seccomp_program_valid(program));
        EXPECT_LT(program.size(), std::size_t{kMaxInsns});
    }
}

TEST(SeccompFilter, TheKillAddressesEndTheTaskOnlyAtAWatchedCall) {
    const auto program = build_watch_filter(kAllKinds);
    seccomp_data d = call(kX86_64, 435);
    d.instruction_pointer = kKillThreadIp;
    EXPECT_EQ(run(program, d), SECCOMP_RET_KILL_THREAD);
    d.instruction_pointer = kKillProcessIp;
    EXPECT_EQ(run(program, d), SECCOMP_RET_KILL_PROCESS);
    d.instruction_pointer = kKillProcessIp & 0xffff'ffff;  // the low word alone
    EXPECT_EQ(hex(run(program, d)), "TRACE");
    d = call(kX86_64, 110);  // getppid
    d.instruction_pointer = kKillProcessIp;
    EXPECT_EQ(hex(run(program, d)), "ALLOW");
}

}  // namespace
}  // namespace ct::arch
