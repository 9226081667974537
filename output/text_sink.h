// strace-shaped text: one line per creation, exec, signal and exit, with [pid N]
// prefixes while more than one task is alive (never in a file of one task's
// lines, -ff), and strace's chatter ("Process N attached") on a separate stream.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "decoder/event.h"
#include "output/line_router.h"

namespace ct::output {

enum class TimestampStyle { none, time_of_day, microseconds, epoch };  // -t, -tt, -ttt

struct TextOptions {
    TimestampStyle timestamps = TimestampStyle::none;
    bool durations = false;       // -T
    int quiet = 0;                // -q: no attach/detach chatter; -qq: no exit lines either
    bool lines = true;            // false: messages only, a view (-c) shows the run instead
    std::size_t string_limit = 32;  // -s: the bytes of each argument shown, as strace's default
    bool ns_alert = false;          // --ns-alert: mark calls that make namespaces
};

class TextSink final : public decoder::EventSink {
public:
    TextSink(std::FILE* trace, std::FILE* chatter, TextOptions options);
    // The lines where `lines` routes them, which must outlive the sink.
    TextSink(LineRouter& lines, std::FILE* chatter, TextOptions options);
    void on_event(const decoder::Event& event) override;
    void flush() override { lines_.flush(); }

private:
    void line(const decoder::Event& event, const std::string& text);
    void write(const decoder::Event& event, const std::string& text);
    void chatter(const std::string& text);
    std::string prefix(const decoder::Event& event) const;

    std::unique_ptr<LineRouter> one_stream_;  // when given a stream, not a router
    LineRouter& lines_;
    std::FILE* chatter_;
    TextOptions options_;
    std::string host_abi_;
    std::string following_note_;  // said at the first task's start
};

}  // namespace ct::output
