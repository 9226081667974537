// One file the trace goes to (-o FILE, --json=FILE, or standard error), as a
// stdio stream that never fails its writer. The first write error (a reader
// gone, a full disk) is said once on standard error and ends that output:
// later bytes are dropped, and the run, and the program, go on.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "output/line_router.h"

namespace ct::cli {

class OutputFile final : public output::RoutedFile {
public:
    // Created or truncated (appended to with `append`); nullptr and a message when it cannot be opened.
    static std::unique_ptr<OutputFile> create(const std::string& path, bool append, std::string& error);
    // A pipe to `sh -c command` (-o '|command'), which is waited for at close.
    static std::unique_ptr<OutputFile> pipe_to(const std::string& command, std::string& error);
    static std::unique_ptr<OutputFile> standard_error();
    ~OutputFile() override;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    std::FILE* stream() const override { return stream_; }
    // Flushes and closes; false when any byte could not be written.
    bool close() override;

private:
    OutputFile(int fd, bool owned, std::string name);
    static ssize_t write_cookie(void* cookie, const char* data, std::size_t size);
    static int close_cookie(void* cookie);
    void fail(int error);

    int fd_;
    bool owned_;
    int command_done_fd_ = -1;  // a pipe command's: end of file once it has ended
    std::string name_;  // for the message
    int error_ = 0;
    std::FILE* stream_ = nullptr;
};

}  // namespace ct::cli
