#include "tracer/launcher.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/seccomp_install.h"

namespace ct::tracer {
namespace {

ResolvedProgram check(const std::string& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return {path, std::strerror(errno), errno == ENOENT ? 127 : 126};
    if (S_ISDIR(st.st_mode)) return {path, "Is a directory", 126};
    if (!S_ISREG(st.st_mode) || ::access(path.c_str(), X_OK) != 0) return {path, "Permission denied", 126};
    return {path, {}, 0};
}

bool write_all(int fd, const void* data, std::size_t size) {
    return ::write(fd, data, size) == static_cast<ssize_t>(size);
}

void change_environment(const std::vector<std::string>& changes) {
    for (const std::string& change : changes) {
        const std::size_t eq = change.find('=');
        if (eq == std::string::npos) ::unsetenv(change.c_str());
        else ::setenv(change.substr(0, eq).c_str(), change.c_str() + eq + 1, 1);
    }
}

// 0, or the errno of the step that failed.
int become(const RunAs& user) {
    if (::initgroups(user.name.c_str(), user.gid) != 0 || ::setgid(user.gid) != 0 || ::setuid(user.uid) != 0)
        return errno;
    return 0;
}

[[noreturn]] void run_child(const LaunchSpec& spec, int report_fd) {
    if (!spec.sigpipe_ignored) std::signal(SIGPIPE, SIG_DFL);
    int status[2] = {0, 0};  // {filter installed, errno}
    if (spec.want_seccomp) {
        status[1] = install_watch_filter(spec.watch_exits);
        status[0] = status[1] == 0;
    }
    write_all(report_fd, status, sizeof status);
    ::raise(SIGSTOP);
    change_environment(spec.env);
    // Last, with the filter in place: it is installed with our privileges.
    if (const int err = spec.user ? become(*spec.user) : 0) {
        write_all(report_fd, &err, sizeof err);
        ::_exit(127);
    }
    std::vector<char*> args;
    for (const std::string& a : spec.argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(spec.path.c_str(), args.data());
    const int err = errno;
    write_all(report_fd, &err, sizeof err);
    ::_exit(127);
}

}  // namespace

ResolvedProgram resolve_program(const std::string& name) {
    if (name.find('/') != std::string::npos) return check(name);
    const char* env = std::getenv("PATH");
    const std::string search = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
    ResolvedProgram best{name, "No such file or directory", 127};
    std::size_t start = 0;
    while (start <= search.size()) {
        const std::size_t colon = std::min(search.find(':', start), search.size());
        const std::string dir = search.substr(start, colon - start);
        ResolvedProgram candidate = check((dir.empty() ? "." : dir) + "/" + name);
        if (candidate.error.empty()) return candidate;
        if (best.exit_status == 127 && candidate.exit_status == 126 && candidate.error != "Is a directory")
            best = candidate;  // like execvp: a match we may not run beats none
        start = colon + 1;
    }
    return best;
}

Launch launch(const LaunchSpec& spec, unsigned long ptrace_options) {
    Launch out;
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) return out;
    const pid_t pid = ::fork();
    if (pid < 0) return out;
    if (pid == 0) {
        ::close(report[0]);
        run_child(spec, report[1]);
    }
    ::close(report[1]);
    int status[2] = {0, 0};
    if (::read(report[0], status, sizeof status) != sizeof status) {
        ::close(report[0]);
        return out;
    }
    int wstatus = 0;
    while (::waitpid(pid, &wstatus, WSTOPPED) < 0 && errno == EINTR) {}
    if (!WIFSTOPPED(wstatus) || ::ptrace(PTRACE_SEIZE, pid, nullptr, ptrace_options) != 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &wstatus, 0);
        ::close(report[0]);
        return out;
    }
    ::kill(pid, SIGCONT);
    out.pid = pid;
    out.seccomp_filter = status[0] != 0;
    out.seccomp_errno = status[1];
    out.exec_status_fd = report[0];
    return out;
}

std::optional<int> exec_failure(const Launch& launch) {
    int err = 0;
    if (launch.exec_status_fd < 0) return std::nullopt;
    const ssize_t n = ::read(launch.exec_status_fd, &err, sizeof err);
    ::close(launch.exec_status_fd);
    if (n != sizeof err) return std::nullopt;
    return err;
}

}  // namespace ct::tracer
