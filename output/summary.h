// The numbers of a run as -c prints them: per creation call, per kind of
// task made, the peaks of live tasks and processes, what was left running.
// Built from the event stream alone, so a replayed trace gives the same.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "decoder/event.h"
#include "output/task_lives.h"

namespace ct::output {

struct CallStats {
    std::string syscall;
    std::uint64_t calls = 0;       // a restarted call counts once
    std::uint64_t failures = 0;
    std::uint64_t restarts = 0;
    std::uint64_t unfinished = 0;  // the caller died inside it
    std::map<std::int64_t, std::uint64_t> errors;  // errno -> failures
    std::int64_t total_ns = 0;     // every run of the call, restarts included
    std::int64_t max_ns = 0;
};

// Lifetimes are nearest-rank percentiles over the tasks whose end was seen.
struct KindStats {
    decoder::ChildKind kind = decoder::ChildKind::thread;
    std::uint64_t tasks = 0;
    std::uint64_t ended = 0;
    std::int64_t min_ns = 0, median_ns = 0, p99_ns = 0, max_ns = 0;
};

struct Peak {
    std::uint64_t count = 0;
    std::int64_t at_ns = 0;  // since the trace's start, when first reached
};

struct Summary {
    std::vector<CallStats> calls;  // in the order of the sort key
    std::vector<KindStats> kinds;  // in kChildKindNames' order, kinds made only
    Peak tasks;
    Peak processes;
    std::uint64_t left_running = 0;  // alive when the trace ended
    std::uint64_t detached = 0;      // ... of which clonetrace detached from
    std::int64_t duration_ns = 0;
};

// -S: the order of the per-call rows, as strace's.
enum class SummarySort : std::uint8_t { time, calls, errors, name, nothing };
inline constexpr std::array<std::string_view, 5> kSummarySortNames{"time", "calls", "errors", "name", "nothing"};

class SummaryBuilder {
public:
    void on_event(const decoder::Event& event);
    Summary build(SummarySort sort) const;

private:
    void count_process(std::int32_t tgid, int delta, std::int64_t at_ns);

    TaskLives lives_;
    std::vector<CallStats> calls_;  // in the order first seen
    Peak tasks_;
    Peak processes_;
    std::unordered_map<std::int32_t, std::uint32_t> live_by_process_;
};

}  // namespace ct::output
