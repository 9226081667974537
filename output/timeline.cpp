#include "output/timeline.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "arch/calls.h"
#include "decoder/clone_flags.h"
#include "decoder/names.h"
#include "output/json_writer.h"

namespace ct::output {
namespace {

using namespace decoder;

std::string flag_text(const CreationCall& call) {
    const SplitFlags split = split_clone_flags(call.flags);
    std::string out;
    for (const auto& name : split.names) out += (out.empty() ? "" : "|") + std::string(name);
    if (split.unknown != 0) out += fmt::format("{}{:#x}", out.empty() ? "" : "|", split.unknown);
    if (call.exit_signal != 0) out += (out.empty() ? "" : "|") + signal_name(call.exit_signal);
    return out.empty() ? "0" : out;
}

std::int32_t pid_of(const TaskLife& life) { return life.tgid != 0 ? life.tgid : life.tid; }

// One line of the file, with what orders it: time, then creation slices
// before the lives they start, then enclosing slices before nested ones.
struct Line {
    std::int64_t ts_ns = 0;
    int rank = 0;
    std::int64_t dur_ns = 0;
    std::string json;
};

}  // namespace

void Timeline::on_event(const Event& event) {
    const std::int32_t tid = event.task.tid;
    const std::optional<std::size_t> before = lives_.running(tid);
    lives_.on_event(event);
    Mark mark;
    mark.at_ns = event.mono_ns;
    mark.tid = tid;
    mark.pid = event.task.tgid != 0 ? event.task.tgid : tid;
    mark.life = before;
    if (const auto* c = std::get_if<Creation>(&event.payload)) {
        mark.name = std::string(arch::kind_name(c->call.syscall));
        mark.detail = flag_text(c->call);
        mark.duration_ns = c->duration_ns;
        if (c->outcome == CallOutcome::created) {
            mark.kind = MarkKind::creation;
            mark.result = fmt::format("{}", c->result);
            if (c->child) {
                mark.result = fmt::format("{} {}", child_kind_name(c->child->kind), c->result);
                // The child is reported after its creation, unless its creator seemed gone.
                if (const auto child = lives_.running(c->child->tid)) mark.child_life = child;
                else awaiting_child_[c->child->tid] = marks_.size();
            }
        } else {
            mark.kind = MarkKind::call_failed;
            const bool unfinished = c->outcome == CallOutcome::unfinished;
            mark.name += unfinished ? " unfinished" : c->outcome == CallOutcome::restarted ? " restarted" : " failed";
            if (!unfinished) mark.result = fmt::format("{} ({})", errno_name(c->error), errno_message(c->error));
        }
        marks_.push_back(std::move(mark));
    } else if (std::holds_alternative<TaskStart>(event.payload)) {
        if (const auto it = awaiting_child_.find(tid); it != awaiting_child_.end()) {
            marks_[it->second].child_life = lives_.running(tid);
            awaiting_child_.erase(it);
        }
    } else if (const auto* x = std::get_if<Exec>(&event.payload)) {
        mark.kind = MarkKind::exec;
        mark.life = lives_.running(tid);  // after an exec by a thread, that thread's life
        mark.name = "exec";
        mark.detail = x->path;
        marks_.push_back(std::move(mark));
    } else if (std::holds_alternative<TaskExit>(event.payload)) {
        mark.kind = MarkKind::exit;
        mark.name = "exit";
        marks_.push_back(std::move(mark));
    }
}

std::string Timeline::render() const {
    const std::int64_t start = lives_.trace_start_ns();
    const std::int64_t end = std::max(lives_.last_ns(), start);
    const auto clamp = [&](std::int64_t ns) { return std::clamp(ns, start, end) - start; };
    const std::vector<TaskLife>& lives = lives_.lives();

    std::vector<std::string> metadata;
    std::map<std::int32_t, std::string> process_names;                      // by pid, the leader's last name
    std::map<std::pair<std::int32_t, std::int32_t>, std::string> thread_names;  // by (pid, tid), the last life's
    for (const TaskLife& life : lives) {
        if (life.tid == pid_of(life) || !process_names.count(pid_of(life))) process_names[pid_of(life)] = life.comm;
        thread_names[{pid_of(life), life.tid}] = life.comm;
    }
    for (const auto& [pid, name] : process_names) {
        JsonObject args;
        args.string("name", name);
        JsonObject o;
        o.string("name", "process_name").string("ph", "M").number("pid", pid).number("tid", pid).object("args", args);
        metadata.push_back(o.str());
    }
    for (const auto& [track, name] : thread_names) {
        JsonObject args;
        args.string("name", name);
        JsonObject o;
        o.string("name", "thread_name").string("ph", "M").number("pid", track.first).number("tid", track.second);
        metadata.push_back(o.object("args", args).str());
    }

    std::vector<std::optional<std::size_t>> made_by(lives.size());  // life -> its creation mark
    for (std::size_t m = 0; m < marks_.size(); ++m)
        if (marks_[m].child_life) made_by[*marks_[m].child_life] = m;

    std::vector<Line> lines;
    for (std::size_t i = 0; i < lives.size(); ++i) {
        const TaskLife& life = lives[i];
        const std::int64_t from = clamp(life.born_ns);
        const std::int64_t to = clamp(life.end_ns ? *life.end_ns : end);
        JsonObject args;
        args.number("tid", life.tid).string("kind", life_kind(life));
        if (life.creator != 0) args.number("creator", life.creator);
        if (!life.program.empty()) args.string("program", life.program);
        args.string("ended", life_ending(life));
        JsonObject o;
        o.string("name", fmt::format("{} {}", life.tid, life.comm)).string("cat", "task").string("ph", "X");
        o.thousandths("ts", from).thousandths("dur", to - from).number("pid", pid_of(life)).number("tid", life.tid);
        if (made_by[i]) o.string("bind_id", fmt::format("{:#x}", *made_by[i] + 1)).boolean("flow_in", true);
        lines.push_back(Line{from, 1, to - from, o.object("args", args).str()});
    }
    for (std::size_t m = 0; m < marks_.size(); ++m) {
        const Mark& mark = marks_[m];
        const TaskLife* life = mark.life ? &lives[*mark.life] : nullptr;
        const std::int32_t pid = life != nullptr ? pid_of(*life) : mark.pid;
        const std::int32_t tid = life != nullptr ? life->tid : mark.tid;
        JsonObject args;
        JsonObject o;
        o.string("name", mark.name);
        if (mark.kind == MarkKind::creation) {
            // The call's slice lies inside its caller's life, as Perfetto nests slices.
            std::int64_t from = clamp(mark.at_ns - mark.duration_ns);
            if (life != nullptr) from = std::max(from, clamp(life->born_ns));
            const std::int64_t to = std::max(from, clamp(mark.at_ns));
            args.string("flags", mark.detail).string("result", mark.result);
            o.string("cat", "creation").string("ph", "X").thousandths("ts", from).thousandths("dur", to - from);
            o.number("pid", pid).number("tid", tid);
            if (mark.child_life) o.string("bind_id", fmt::format("{:#x}", m + 1)).boolean("flow_out", true);
            lines.push_back(Line{from, 0, to - from, o.object("args", args).str()});
            continue;
        }
        if (mark.kind == MarkKind::call_failed) args.string("flags", mark.detail).string("error", mark.result);
        else if (mark.kind == MarkKind::exec) args.string("path", mark.detail);
        else if (life != nullptr) args.string("how", life_ending(*life));
        const std::int64_t at = clamp(mark.at_ns);
        o.string("cat", mark.kind == MarkKind::exec ? "exec" : mark.kind == MarkKind::exit ? "exit" : "creation");
        o.string("ph", "i").string("s", "t").thousandths("ts", at).number("pid", pid).number("tid", tid);
        lines.push_back(Line{at, 2, 0, o.object("args", args).str()});
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
        if (a.ts_ns != b.ts_ns) return a.ts_ns < b.ts_ns;
        if (a.rank != b.rank) return a.rank < b.rank;
        return a.dur_ns > b.dur_ns;
    });

    std::string out = "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n";
    bool first = true;
    const auto append = [&](const std::string& json) {
        if (!first) out += ",\n";
        first = false;
        out += json;
    };
    for (const std::string& m : metadata) append(m);
    for (const Line& line : lines) append(line.json);
    out += "\n]}\n";
    return out;
}

}  // namespace ct::output
