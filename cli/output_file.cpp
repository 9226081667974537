#include "cli/output_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

#include <fmt/format.h>

#include "cli/command_line.h"
#include "tracer/detached_command.h"

namespace ct::cli {

OutputFile::OutputFile(int fd, bool owned, std::string name) : fd_(fd), owned_(owned), name_(std::move(name)) {
    const cookie_io_functions_t io{nullptr, &OutputFile::write_cookie, nullptr, &OutputFile::close_cookie};
    stream_ = ::fopencookie(this, "w", io);
    // Standard error stays unbuffered, so the trace interleaves with the program's own output there.
    if (stream_ != nullptr && fd == STDERR_FILENO) std::setvbuf(stream_, nullptr, _IONBF, 0);
}

std::unique_ptr<OutputFile> OutputFile::create(const std::string& path, bool append, std::string& error) {
    const int mode = append ? O_APPEND : O_TRUNC;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | mode, 0666);
    if (fd < 0) {
        error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
        return nullptr;
    }
    std::unique_ptr<OutputFile> file(new OutputFile(fd, true, "'" + path + "'"));
    if (file->stream_ == nullptr) {
        error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
        return nullptr;
    }
    return file;
}

std::unique_ptr<OutputFile> OutputFile::pipe_to(const std::string& command, std::string& error) {
    // The command holds the write end of `done` until it ends, so end of
    // file there says it has.
    int data[2];
    int done[2];
    if (::pipe2(data, O_CLOEXEC) != 0 || ::pipe2(done, O_CLOEXEC) != 0) {
        error = fmt::format("cannot start {}: {}", shown(command), std::strerror(errno));
        return nullptr;
    }
    const int started = tracer::start_detached_command(command, data[0], done[1]);
    ::close(data[0]);
    ::close(done[1]);
    std::unique_ptr<OutputFile> file(new OutputFile(data[1], true, shown(command)));
    file->command_done_fd_ = done[0];
    if (started != 0 || file->stream_ == nullptr) {
        error = fmt::format("cannot start {}: {}", shown(command), std::strerror(started != 0 ? started : errno));
        return nullptr;
    }
    return file;
}

std::unique_ptr<OutputFile> OutputFile::standard_error() {
    std::unique_ptr<OutputFile> file(new OutputFile(STDERR_FILENO, false, "standard error"));
    return file->stream_ != nullptr ? std::move(file) : nullptr;
}

OutputFile::~OutputFile() { close(); }

bool OutputFile::close() {
    if (stream_ != nullptr) std::fclose(std::exchange(stream_, nullptr));
    if (command_done_fd_ >= 0) {
        char byte = 0;
        while (::read(command_done_fd_, &byte, 1) != 0 && errno == EINTR) {}
        ::close(std::exchange(command_done_fd_, -1));
    }
    return error_ == 0;
}

ssize_t OutputFile::write_cookie(void* cookie, const char* data, std::size_t size) {
    auto& self = *static_cast<OutputFile*>(cookie);
    // Once failed, bytes are dropped but reported written, so no writer ever sees an error.
    for (std::size_t done = 0; self.error_ == 0 && done < size;) {
        const ssize_t n = ::write(self.fd_, data + done, size - done);
        if (n > 0) done += static_cast<std::size_t>(n);
        else if (n < 0 && errno != EINTR) self.fail(errno);
        else if (n == 0) self.fail(EIO);
    }
    return static_cast<ssize_t>(size);
}

int OutputFile::close_cookie(void* cookie) {
    auto& self = *static_cast<OutputFile*>(cookie);
    // A file system may report a lost write only here (NFS, quotas).
    if (self.owned_ && ::close(self.fd_) != 0 && self.error_ == 0) self.fail(errno);
    self.owned_ = false;
    return 0;
}

void OutputFile::fail(int error) {
    error_ = error;
    if (fd_ == STDERR_FILENO) return;  // nowhere left to say it
    const std::string message = fmt::format("clonetrace: cannot write the trace to {}: {}; nothing more is written there\n",
                                            name_, std::strerror(error));
    [[maybe_unused]] const ssize_t ignored = ::write(STDERR_FILENO, message.data(), message.size());
}

}  // namespace ct::cli
