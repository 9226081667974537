#include "tracer/detached_command.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ct::tracer {

int start_detached_command(const std::string& command, int stdin_fd, int held_fd) {
    const pid_t middle = ::fork();
    if (middle < 0) return errno;
    if (middle == 0) {
        if (::fork() == 0) {
            ::dup2(stdin_fd, STDIN_FILENO);
            std::signal(SIGPIPE, SIG_DFL);
            ::fcntl(held_fd, F_SETFD, 0);
            ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::_exit(0);
    }
    ::waitpid(middle, nullptr, 0);
    return 0;
}

}  // namespace ct::tracer
