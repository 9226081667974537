// The generated syscall-name tables: every call by number in each of the
// kernel's tables, the call table's numbers taken from them, and SIGSYS
// lines naming any call as strace does.
#include <gtest/gtest.h>

#include <csignal>
#include <linux/audit.h>
#include <set>

#include "arch/syscall_names.h"
#include "output/signal_text.h"

namespace ct::arch {
namespace {

TEST(SyscallNames, EveryTableIsSortedWithEachNumberAndNameOnce) {
    for (const NumberTable table : {NumberTable::x86_64, NumberTable::i386, NumberTable::generic}) {
        std::set<std::string_view> names;
        std::int64_t last = -1;
        for (const SyscallNameRow& row : syscall_names(table)) {
            EXPECT_GT(static_cast<std::int64_t>(row.nr), last) << row.name;
            last = row.nr;
            EXPECT_TRUE(names.insert(row.name).second) << row.name;
        }
        EXPECT_GT(names.size(), 290U);
    }
}

TEST(SyscallNames, CallsByNumberInEachAbi) {
    EXPECT_EQ(syscall_name(*abi_by_name("x86_64"), 110), "getppid");
    EXPECT_EQ(syscall_name(*abi_by_name("i386"), 64), "getppid");
    EXPECT_EQ(syscall_name(*abi_by_name("aarch64"), 173), "getppid");
    EXPECT_EQ(syscall_name(*abi_by_name("x86_64"), 0), "read");
    EXPECT_EQ(syscall_name(*abi_by_name("i386"), 0), "restart_syscall");
    EXPECT_EQ(syscall_name(*abi_by_name("aarch64"), 25), "fcntl");  // __NR3264_fcntl on a 64-bit ABI
    EXPECT_EQ(syscall_name(*abi_by_name("x32"), 0x40000000 + 110), "getppid");
    EXPECT_EQ(syscall_name(*abi_by_name("x86_64"), 400), std::nullopt);  // the hole before io_uring's
    EXPECT_EQ(syscall_name(*abi_by_name("aarch64"), 244), std::nullopt);  // arch-specific range, no call
    EXPECT_EQ(syscall_name(*abi_by_name("i386"), 0xffffffffULL), std::nullopt);
}

TEST(SyscallNames, TheCallTableTakesItsNumbersFromThem) {
    for (const CallRow& row : call_table())
        for (const Abi& abi : all_abis()) {
            const auto nr = syscall_number(abi, row.kind);
            if (!nr) continue;
            EXPECT_EQ(syscall_name(abi, *nr), row.name) << abi.name;
        }
    EXPECT_EQ(number_in(NumberTable::generic, "fork"), kNotInTable);
}

TEST(SyscallNames, SigsysNamesEveryCall) {
    decoder::Signal s{.signo = SIGSYS, .code = 1, .addr = 0x401000, .syscall = 64, .arch = AUDIT_ARCH_I386};
    EXPECT_EQ(output::format_signal_text(s),
              "--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x401000, si_syscall=__NR_getppid, "
              "si_arch=AUDIT_ARCH_I386} ---");
    s.syscall = 4000;
    EXPECT_NE(output::format_signal_text(s).find("si_syscall=4000,"), std::string::npos);
}

}  // namespace
}  // namespace ct::arch
