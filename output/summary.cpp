#include "output/summary.h"

#include <algorithm>
#include <functional>

#include "arch/calls.h"

namespace ct::output {
namespace {

using namespace decoder;

// The value at rank ceil(q * n) of sorted values (1-based): one of them, never a blend.
std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent) {
    const std::size_t rank = (sorted.size() * static_cast<std::size_t>(percent) + 99) / 100;
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

// Larger first for the numbers, as strace sorts; the name breaks ties.
using Order = std::function<bool(const CallStats&, const CallStats&)>;
Order order_by(SummarySort sort) {
    const auto by = [](auto key) {
        return [key](const CallStats& a, const CallStats& b) {
            if (key(a) != key(b)) return key(a) > key(b);
            return a.syscall < b.syscall;
        };
    };
    switch (sort) {
    case SummarySort::time: return by([](const CallStats& c) { return c.total_ns; });
    case SummarySort::calls: return by([](const CallStats& c) { return c.calls; });
    case SummarySort::errors: return by([](const CallStats& c) { return c.failures; });
    case SummarySort::name: return [](const CallStats& a, const CallStats& b) { return a.syscall < b.syscall; };
    case SummarySort::nothing: break;
    }
    return nullptr;
}

}  // namespace

void SummaryBuilder::count_process(std::int32_t tgid, int delta, std::int64_t at_ns) {
    std::uint32_t& live = live_by_process_[tgid];
    if (delta < 0) {
        if (live > 0 && --live == 0) live_by_process_.erase(tgid);
        return;
    }
    ++live;
    if (live_by_process_.size() > processes_.count) processes_ = {live_by_process_.size(), at_ns};
}

void SummaryBuilder::on_event(const Event& event) {
    lives_.on_event(event);
    const std::int64_t at_ns = event.mono_ns - lives_.trace_start_ns();
    if (std::holds_alternative<TraceStart>(event.payload) || std::holds_alternative<TraceEnd>(event.payload)) return;
    if (event.live > tasks_.count) tasks_ = {event.live, at_ns};
    if (std::holds_alternative<TaskStart>(event.payload)) {
        count_process(event.task.tgid, 1, at_ns);
    } else if (std::holds_alternative<TaskExit>(event.payload)) {
        count_process(event.task.tgid, -1, at_ns);
    } else if (const auto* x = std::get_if<Exec>(&event.payload); x != nullptr && x->former_tid != event.task.tid) {
        count_process(event.task.tgid, -1, at_ns);
    } else if (const auto* c = std::get_if<Creation>(&event.payload)) {
        const std::string_view name = arch::kind_name(c->call.syscall);
        auto it = std::find_if(calls_.begin(), calls_.end(), [&](const CallStats& s) { return s.syscall == name; });
        if (it == calls_.end()) {
            it = calls_.emplace(calls_.end());
            it->syscall = name;
        }
        it->calls += !c->is_restart;
        it->total_ns += c->duration_ns;
        it->max_ns = std::max(it->max_ns, c->duration_ns);
        if (c->outcome == CallOutcome::failed) {
            ++it->failures;
            ++it->errors[c->error];
        }
        it->restarts += c->outcome == CallOutcome::restarted;
        it->unfinished += c->outcome == CallOutcome::unfinished;
    }
}

Summary SummaryBuilder::build(SummarySort sort) const {
    Summary s;
    s.calls = calls_;
    if (const Order order = order_by(sort)) std::stable_sort(s.calls.begin(), s.calls.end(), order);
    s.tasks = tasks_;
    s.processes = processes_;
    s.duration_ns = lives_.last_ns() - lives_.trace_start_ns();
    std::array<std::vector<std::int64_t>, kChildKindNames.size()> lifetimes;
    std::array<std::uint64_t, kChildKindNames.size()> made{};
    for (const TaskLife& life : lives_.lives()) {
        if (life.left_running()) {
            ++s.left_running;
            s.detached += life.exit && life.exit->detached;
        }
        if (!life.kind) continue;
        const auto k = static_cast<std::size_t>(*life.kind);
        ++made[k];
        if (!life.left_running()) lifetimes[k].push_back(life.lifetime_ns());
    }
    for (std::size_t k = 0; k < made.size(); ++k) {
        if (made[k] == 0) continue;
        KindStats stats;
        stats.kind = static_cast<ChildKind>(k);
        stats.tasks = made[k];
        stats.ended = lifetimes[k].size();
        std::vector<std::int64_t>& values = lifetimes[k];
        if (!values.empty()) {
            std::sort(values.begin(), values.end());
            stats.min_ns = values.front();
            stats.median_ns = nearest_rank(values, 50);
            stats.p99_ns = nearest_rank(values, 99);
            stats.max_ns = values.back();
        }
        s.kinds.push_back(stats);
    }
    return s;
}

}  // namespace ct::output
