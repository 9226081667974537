// One diagnostics rule: it watches the event stream, with the live tasks as
// they were before each event, and reports what it finds as Diagnostic
// events. Rules are pure: the stream is all they know, so they find the
// same things live and in a replayed trace.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "decoder/event.h"
#include "output/diagnostics/task_model.h"

namespace ct::output::diagnostics {

// What a rule found, as an event of the stream: at the time of the event
// that showed it, about `task`.
decoder::Event found(const decoder::Event& at, const decoder::TaskContext& task, decoder::Diagnostic diagnostic);

class Rule {
public:
    virtual ~Rule() = default;
    // `tasks` is as it was before `event`.
    virtual void on_event(const decoder::Event& event, const TaskModel& tasks, std::vector<decoder::Event>& out) = 0;
    // The stream ends (`end` is the trace_end event): what is still open.
    virtual void at_end(const decoder::Event& end, const TaskModel& tasks, std::vector<decoder::Event>& out) {
        (void)end, (void)tasks, (void)out;
    }
};

// A rule's thresholds by key, every key of the rule present.
using RuleSettings = std::map<std::string, std::int64_t, std::less<>>;

// "812 us", "12.3 ms", "15.20 s": a duration for people.
std::string human_duration(std::int64_t ns);

}  // namespace ct::output::diagnostics
