// Classic seccomp BPF as the kernel checks and runs it, the verdict over a
// stack of filters, and a program wrapped so that creation calls trap first.
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "arch/seccomp_bpf.h"
#include "arch/seccomp_filter.h"
#include "arch/seccomp_verdict.h"

namespace ct::arch {
namespace {

using P = std::vector<sock_filter>;
constexpr std::uint32_t kNr = offsetof(seccomp_data, nr);
constexpr std::uint32_t kArch = offsetof(seccomp_data, arch);
constexpr std::uint32_t kArg0 = offsetof(seccomp_data, args);
constexpr std::uint32_t kErrnoEperm = SECCOMP_RET_ERRNO | EPERM;

seccomp_data x86_64_call(std::uint32_t nr, std::uint64_t arg0 = 0) {
    seccomp_data d{};
    d.arch = AUDIT_ARCH_X86_64;
    d.nr = static_cast<int>(nr);
    d.instruction_pointer = 0x7f00'1234'5678;
    d.args[0] = arg0;
    return d;
}

struct CheckRow {
    const char* what;
    P program;
    bool valid;
};

// Each row one rule of bpf_check_classic() or seccomp_check_filter().
const CheckRow kChecks[] = {
    {"a lone return", {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)}, true},
    {"empty", {}, false},
    {"no return last", {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNr)}, false},
    {"return of A", {BPF_STMT(BPF_RET | BPF_A, 0)}, true},
    {"return of X (no such opcode)", {BPF_STMT(BPF_RET | BPF_X, 0)}, false},
    {"load of nr", {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNr), BPF_STMT(BPF_RET | BPF_A, 0)}, true},
    {"load of the last arg word", {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 60), BPF_STMT(BPF_RET | BPF_A, 0)}, true},
    {"load past seccomp_data", {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"unaligned load", {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"half-word load", {BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"indirect load", {BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"ancillary load", {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0xfffff000u), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"length", {BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), BPF_STMT(BPF_RET | BPF_A, 0)}, true},
    {"division by constant zero", {BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"modulo by constant zero", {BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 0), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"division by X", {BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0), BPF_STMT(BPF_RET | BPF_A, 0)}, true},
    {"shift by 32", {BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"shift by 31", {BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 31), BPF_STMT(BPF_RET | BPF_A, 0)}, true},
    {"jump to the last", {BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0), BPF_STMT(BPF_RET | BPF_K, 0)}, true},
    {"jump past the end", {BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), BPF_STMT(BPF_RET | BPF_K, 0)}, false},
    {"ja past the end", {BPF_STMT(BPF_JMP | BPF_JA, 1), BPF_STMT(BPF_RET | BPF_K, 0)}, false},
    {"ja to the last", {BPF_STMT(BPF_JMP | BPF_JA, 0), BPF_STMT(BPF_RET | BPF_K, 0)}, true},
    {"scratch read unwritten", {BPF_STMT(BPF_LD | BPF_MEM, 3), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"scratch read written", {BPF_STMT(BPF_ST, 3), BPF_STMT(BPF_LD | BPF_MEM, 3), BPF_STMT(BPF_RET | BPF_A, 0)}, true},
    {"scratch word 16", {BPF_STMT(BPF_ST, 16), BPF_STMT(BPF_RET | BPF_A, 0)}, false},
    {"scratch written on one path only",
     {BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1), BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_LDX | BPF_MEM, 0),
      BPF_STMT(BPF_RET | BPF_A, 0)},
     false},
    {"unknown opcode", {{0xff, 0, 0, 0}, BPF_STMT(BPF_RET | BPF_K, 0)}, false},
    {"opcode above a byte", {{0x106, 0, 0, 0}}, false},
};

TEST(SeccompBpf, TheKernelsChecks) {
    for (const CheckRow& row : kChecks) EXPECT_EQ(seccomp_program_valid(row.program), row.valid) << row.what;
    EXPECT_TRUE(seccomp_program_valid(P(kMaxProgramInsns, BPF_STMT(BPF_RET | BPF_K, 0))));
    EXPECT_FALSE(seccomp_program_valid(P(kMaxProgramInsns + 1, BPF_STMT(BPF_RET | BPF_K, 0))));
}

TEST(SeccompBpf, RunsOnTheBytesOfSeccompData) {
    const P by_arg = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kArch),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNr),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 56, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kArg0),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x10000000, 0, 1),  // CLONE_NEWUSER
        BPF_STMT(BPF_RET | BPF_K, kErrnoEperm),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    ASSERT_TRUE(seccomp_program_valid(by_arg));
    EXPECT_EQ(run_seccomp_program(by_arg, x86_64_call(56, 0x10000011)), kErrnoEperm);
    EXPECT_EQ(run_seccomp_program(by_arg, x86_64_call(56, 0x00000011)), SECCOMP_RET_ALLOW);
    EXPECT_EQ(run_seccomp_program(by_arg, x86_64_call(57, 0x10000011)), SECCOMP_RET_ALLOW);
    seccomp_data i386 = x86_64_call(56);
    i386.arch = AUDIT_ARCH_I386;
    EXPECT_EQ(run_seccomp_program(by_arg, i386), SECCOMP_RET_KILL_PROCESS);
}

TEST(SeccompBpf, ArithmeticScratchAndRegistersAsTheKernel) {
    const auto ret_a = [](P p, const seccomp_data& d) {
        p.push_back(BPF_STMT(BPF_RET | BPF_A, 0));
        EXPECT_TRUE(seccomp_program_valid(p));
        return run_seccomp_program(p, d);
    };
    const seccomp_data d = x86_64_call(7);
    EXPECT_EQ(ret_a({BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNr), BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 6)}, d), 42u);
    EXPECT_EQ(ret_a({BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 1)}, d), 0xffff'ffffu);  // A starts at 0
    EXPECT_EQ(ret_a({BPF_STMT(BPF_LD | BPF_IMM, 5), BPF_STMT(BPF_ALU | BPF_NEG, 0)}, d), 0u - 5u);
    EXPECT_EQ(ret_a({BPF_STMT(BPF_LD | BPF_IMM, 9), BPF_STMT(BPF_ST, 2), BPF_STMT(BPF_LD | BPF_IMM, 1),
                     BPF_STMT(BPF_LDX | BPF_MEM, 2), BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0)}, d),
              10u);
    // Division of A by an X of zero: the kernel's converted program returns 0.
    EXPECT_EQ(ret_a({BPF_STMT(BPF_LD | BPF_IMM, 9), BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0)}, d), 0u);
    // A shift by X uses X's low five bits, as eBPF does.
    EXPECT_EQ(ret_a({BPF_STMT(BPF_LD | BPF_IMM, 1), BPF_STMT(BPF_LDX | BPF_IMM, 33),
                     BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0)}, d),
              2u);
    EXPECT_EQ(ret_a({BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0), BPF_STMT(BPF_MISC | BPF_TXA, 0)}, d), 64u);
    EXPECT_EQ(ret_a({BPF_STMT(BPF_LD | BPF_IMM, 3), BPF_STMT(BPF_MISC | BPF_TAX, 0), BPF_STMT(BPF_LD | BPF_IMM, 4),
                     BPF_JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 1), BPF_STMT(BPF_LD | BPF_IMM, 100)}, d),
              100u);
}

TEST(SeccompVerdict, PrecedenceOverAStack) {
    struct Row {
        const char* what;
        std::vector<std::uint32_t> returns;  // newest first
        std::uint32_t ret;
        std::size_t filter;
    };
    const Row rows[] = {
        {"no filter", {}, SECCOMP_RET_ALLOW, 0},
        {"errno beats trace", {SECCOMP_RET_TRACE, kErrnoEperm}, kErrnoEperm, 1},
        {"kill_process beats kill_thread", {SECCOMP_RET_KILL_THREAD, SECCOMP_RET_KILL_PROCESS}, SECCOMP_RET_KILL_PROCESS, 1},
        {"trap beats errno", {kErrnoEperm, SECCOMP_RET_TRAP | 7}, SECCOMP_RET_TRAP | 7, 1},
        {"the newest of equals", {SECCOMP_RET_ERRNO | 1, SECCOMP_RET_ERRNO | 2}, SECCOMP_RET_ERRNO | 1, 0},
        {"user_notif beats trace", {SECCOMP_RET_TRACE, SECCOMP_RET_USER_NOTIF}, SECCOMP_RET_USER_NOTIF, 1},
        {"log beats allow", {SECCOMP_RET_ALLOW, SECCOMP_RET_LOG}, SECCOMP_RET_LOG, 1},
        {"an unknown action between kill_thread and trap", {SECCOMP_RET_TRAP, 0x00010000}, 0x00010000, 1},
    };
    for (const Row& row : rows) {
        const Verdict v = pick_verdict(row.returns);
        EXPECT_EQ(v.ret, row.ret) << row.what;
        EXPECT_EQ(v.filter, row.filter) << row.what;
    }
    EXPECT_EQ(action_of(0x00010000), SeccompAction::kill_process);
    EXPECT_EQ(action_of(SECCOMP_RET_ERRNO | 0xffff), SeccompAction::errno_value);
    EXPECT_EQ(errno_of(0xffff), 4095);
    EXPECT_EQ(errno_of(EPERM), EPERM);
}

const std::vector<SyscallKind> kCreation{SyscallKind::clone, SyscallKind::clone3, SyscallKind::fork,
                                         SyscallKind::vfork};

TEST(WrapProgram, CreationCallsTrapAndEveryOtherCallGetsTheProgramsVerdict) {
    // Denies clone3 with ENOSYS, kills on getppid, reads A before any load.
    const P own = {
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),  // A is 0 at the start
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNr),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 435, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 110, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_RET | BPF_A, 0),
    };
    ASSERT_TRUE(seccomp_program_valid(own));
    const auto wrapped = wrap_program(own, kCreation);
    ASSERT_TRUE(wrapped);
    EXPECT_TRUE(seccomp_program_valid(*wrapped));
    for (std::uint32_t nr = 0; nr < 600; ++nr) {
        const seccomp_data d = x86_64_call(nr);
        const bool creation = nr == 56 || nr == 57 || nr == 58 || nr == 435;
        EXPECT_EQ(run_seccomp_program(*wrapped, d), creation ? SECCOMP_RET_TRACE : run_seccomp_program(own, d)) << nr;
    }
    seccomp_data unknown = x86_64_call(435);
    unknown.arch = 0x12345678;
    EXPECT_EQ(run_seccomp_program(*wrapped, unknown), SECCOMP_RET_ERRNO | ENOSYS);
}

// The kernel's seccomp_is_const_allow() (kernel/seccomp.c): whether a
// filter allows this arch and nr whatever the arguments, so that the kernel
// caches the answer and never runs the filter for that call.
bool kernel_caches_allow(const P& program, std::uint32_t arch, std::uint32_t nr) {
    std::uint32_t a = 0;
    for (std::size_t pc = 0; pc < program.size(); ++pc) {
        const sock_filter& f = program[pc];
        switch (f.code) {
            case BPF_LD | BPF_W | BPF_ABS:
                if (f.k == kNr) a = nr;
                else if (f.k == kArch) a = arch;
                else return false;
                break;
            case BPF_RET | BPF_K: return f.k == SECCOMP_RET_ALLOW;
            case BPF_JMP | BPF_JA: pc += f.k; break;
            case BPF_JMP | BPF_JEQ | BPF_K: pc += a == f.k ? f.jt : f.jf; break;
            case BPF_JMP | BPF_JGE | BPF_K: pc += a >= f.k ? f.jt : f.jf; break;
            case BPF_JMP | BPF_JGT | BPF_K: pc += a > f.k ? f.jt : f.jf; break;
            case BPF_JMP | BPF_JSET | BPF_K: pc += (a & f.k) != 0 ? f.jt : f.jf; break;
            case BPF_ALU | BPF_AND | BPF_K: a &= f.k; break;
            default: return false;
        }
    }
    return false;
}

TEST(WrapProgram, TheKernelStillCachesWhatTheProgramAllows) {
    const P own = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNr),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 435, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    const auto wrapped = wrap_program(own, kCreation);
    ASSERT_TRUE(wrapped);
    const auto watch = build_watch_filter(default_watched());
    for (const std::uint32_t nr : {0u, 39u, 110u, 231u}) {  // read, getpid, getppid, exit_group
        EXPECT_TRUE(kernel_caches_allow(own, AUDIT_ARCH_X86_64, nr)) << nr;
        EXPECT_TRUE(kernel_caches_allow(*wrapped, AUDIT_ARCH_X86_64, nr)) << nr;
        EXPECT_TRUE(kernel_caches_allow(watch, AUDIT_ARCH_X86_64, nr)) << nr;
    }
    EXPECT_FALSE(kernel_caches_allow(*wrapped, AUDIT_ARCH_X86_64, 56));  // clone traps
}

TEST(WrapProgram, KeepsTheKernelsLimitsAndChecks) {
    const P longest(kMaxProgramInsns, BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    EXPECT_FALSE(wrap_program(longest, kCreation));
    const P scratch_unwritten = {BPF_STMT(BPF_LD | BPF_MEM, 0), BPF_STMT(BPF_RET | BPF_A, 0)};
    const auto wrapped = wrap_program(scratch_unwritten, kCreation);
    ASSERT_TRUE(wrapped);
    EXPECT_FALSE(seccomp_program_valid(*wrapped));
}

}  // namespace
}  // namespace ct::arch
