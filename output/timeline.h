// The run as a Chrome Trace Event Format file, which Perfetto
// (ui.perfetto.dev) and chrome://tracing open: a track per task, named by
// process_name and thread_name metadata; a slice per life, birth to end (a
// reused tid gets a slice of its own); each creation call as a slice of its
// duration on the creator's track, with a flow arrow to the child's life;
// failed calls, execs and exits as instants. Timestamps are microseconds
// since the trace's start, written in time order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "decoder/event.h"
#include "output/task_lives.h"

namespace ct::output {

class Timeline {
public:
    void on_event(const decoder::Event& event);
    // The whole file; call once the trace has ended.
    std::string render() const;

private:
    enum class MarkKind : std::uint8_t { creation, call_failed, exec, exit };
    struct Mark {
        MarkKind kind = MarkKind::creation;
        std::int64_t at_ns = 0;
        std::int32_t tid = 0;      // the track's, when the task has no life seen
        std::int32_t pid = 0;
        std::optional<std::size_t> life;        // the task's life at the mark
        std::optional<std::size_t> child_life;  // a creation's child, once started
        std::string name;
        std::string detail;        // flags, path or how it ended
        std::string result;        // kind and result of a creation; errno of a failure
        std::int64_t duration_ns = 0;
    };

    TaskLives lives_;
    std::vector<Mark> marks_;
    std::unordered_map<std::int32_t, std::size_t> awaiting_child_;  // child tid -> creation mark
};

}  // namespace ct::output
