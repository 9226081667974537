// Where a text trace's lines go: all of them to one stream, or (-ff -o
// PREFIX) each task's to a file of its own.
#pragma once

#include <cstdint>
#include <cstdio>

namespace ct::output {

// A file lines are routed to: its stream, and closing it.
class RoutedFile {
public:
    virtual ~RoutedFile() = default;
    virtual std::FILE* stream() const = 0;
    // Flushes and closes; false when any byte could not be written.
    virtual bool close() = 0;
};

class LineRouter {
public:
    virtual ~LineRouter() = default;
    // The stream for a line about task `tid` (0: about no task); nullptr drops it.
    virtual std::FILE* stream_for(std::int32_t tid) = 0;
    // `tid` has no more lines to come (it ended, or its tid became its leader's).
    virtual void task_ended(std::int32_t tid) = 0;
    // Each stream holds one task's lines, so they need no [pid N].
    virtual bool one_task_per_stream() const = 0;
    virtual void flush() = 0;
};

// Every line to one stream.
class OneStream final : public LineRouter {
public:
    explicit OneStream(std::FILE* stream) : stream_(stream) {}
    std::FILE* stream_for(std::int32_t) override { return stream_; }
    void task_ended(std::int32_t) override {}
    bool one_task_per_stream() const override { return false; }
    void flush() override { std::fflush(stream_); }

private:
    std::FILE* stream_;
};

}  // namespace ct::output
