// errno and signal names as strace prints them.
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <string>

#include "decoder/names.h"

namespace ct::decoder {
namespace {

struct ErrnoRow {
    std::int64_t value;
    const char* name;
    const char* message;
};

// include/uapi/asm-generic/errno-base.h, errno.h and include/linux/errno.h.
const ErrnoRow kErrnos[] = {
    {1, "EPERM", "Operation not permitted"},
    {7, "E2BIG", "Argument list too long"},
    {11, "EAGAIN", "Resource temporarily unavailable"},
    {12, "ENOMEM", "Cannot allocate memory"},
    {14, "EFAULT", "Bad address"},
    {22, "EINVAL", "Invalid argument"},
    {38, "ENOSYS", "Function not implemented"},
    {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    {513, "ERESTARTNOINTR", "To be restarted"},
    {514, "ERESTARTNOHAND", "To be restarted if no handler"},
    {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
};

TEST(Names, ErrnoNamesAndMessages) {
    static_assert(EPERM == 1 && E2BIG == 7 && EFAULT == 14 && EINVAL == 22 && ENOSYS == 38);
    for (const ErrnoRow& r : kErrnos) {
        EXPECT_EQ(errno_name(r.value), r.name) << r.value;
        EXPECT_EQ(errno_message(r.value), r.message) << r.value;
    }
}

TEST(Names, UnknownErrnoIsItsNumber) {
    EXPECT_EQ(errno_name(4000), "4000");
    EXPECT_EQ(errno_message(4000), "Unknown error 4000");
    EXPECT_EQ(errno_name(515), "515");  // a gap between the restart codes
    EXPECT_EQ(errno_name(100000), "100000");
}

TEST(Names, RestartErrnos) {
    EXPECT_TRUE(is_restart_errno(512));
    EXPECT_TRUE(is_restart_errno(513));
    EXPECT_TRUE(is_restart_errno(514));
    EXPECT_TRUE(is_restart_errno(516));
    EXPECT_FALSE(is_restart_errno(515));
    EXPECT_FALSE(is_restart_errno(EINTR));
    EXPECT_FALSE(is_restart_errno(EINVAL));
    EXPECT_FALSE(is_restart_errno(0));
    EXPECT_FALSE(is_restart_errno(-513));
}

struct SignalRow {
    std::uint64_t sig;
    const char* name;
};

TEST(Names, SignalNames) {
    static_assert(SIGKILL == 9 && SIGUSR1 == 10 && SIGSEGV == 11 && SIGCHLD == 17);
    const SignalRow rows[] = {
        {0, "0"},         {1, "SIGHUP"},      {6, "SIGABRT"},    {9, "SIGKILL"},
        {10, "SIGUSR1"},  {11, "SIGSEGV"},    {15, "SIGTERM"},   {17, "SIGCHLD"},
        {31, "SIGSYS"},   {32, "SIGRTMIN"},    {34, "SIGRT_2"},   {64, "SIGRT_32"},
        {65, "65"},       {200, "200"},       {0xff, "255"},
    };
    for (const SignalRow& r : rows) EXPECT_EQ(signal_name(r.sig), r.name) << r.sig;
}

}  // namespace
}  // namespace ct::decoder
