#include "tracer/seccomp_install.h"

#include <array>
#include <cerrno>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch/seccomp_filter.h"

namespace ct::tracer {
namespace {

int set_filter(sock_fprog& prog) {
    return ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0 ? 0 : errno;
}

}  // namespace

int install_watch_filter(bool watch_exits) {
    std::vector<arch::SyscallKind> watched = arch::default_watched();
    if (watch_exits) watched.push_back(arch::SyscallKind::exit_group);
    std::vector<sock_filter> code = arch::build_watch_filter(watched);
    sock_fprog prog{static_cast<unsigned short>(code.size()), code.data()};
    int err = set_filter(prog);
    if (err != EACCES) return err;
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
    return set_filter(prog);
}

}  // namespace ct::tracer
