#include "output/text_sink.h"

#include <array>
#include <ctime>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "decoder/names.h"
#include "output/escape.h"
#include "output/signal_text.h"
#include "output/text_call.h"

namespace ct::output {
namespace {

using namespace decoder;

constexpr std::int64_t kNsPerSec = 1'000'000'000;

std::string timestamp(TimestampStyle style, std::int64_t wall_ns) {
    const std::int64_t secs = wall_ns / kNsPerSec;
    const std::int64_t micros = (wall_ns % kNsPerSec) / 1000;
    if (style == TimestampStyle::epoch) return fmt::format("{}.{:06} ", secs, micros);
    const std::time_t t = secs;
    std::tm tm{};
    localtime_r(&t, &tm);
    std::string out = fmt::format("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (style == TimestampStyle::microseconds) out += fmt::format(".{:06}", micros);
    return out + ' ';
}

// By Unseen.
constexpr std::array<std::string_view, 2> kUnseenText{"failed creation calls", "restarts"};

std::string following_note(Following following) {
    std::string unseen;
    for (const Unseen u : unseen_by(following))
        unseen += fmt::format("{}{}", unseen.empty() ? "" : ", ", kUnseenText[static_cast<std::size_t>(u)]);
    return fmt::format("following ptrace events only (no syscall stops); not seen: {}", unseen);
}

std::string child_note(const Creation& c) {
    if (!c.child) return {};
    if (c.child->tgid != c.child->tid) return fmt::format(" (thread {} of process {})", c.child->tid, c.child->tgid);
    if (c.result != c.child->tid) return fmt::format(" (process {} in our pid namespace)", c.child->tid);
    return " (process)";
}

// As strace -k: the module, the function and the offset in it, and the
// address as the module numbers it (the whole address outside any module).
std::string stack_frame_text(const StackFrame& f) {
    const std::string module = f.module.empty() ? "?" : quote_if_needed(f.module);
    const std::uint64_t where = f.module.empty() ? f.ip : f.module_offset;
    if (f.function.empty()) return fmt::format(" > {}() [{:#x}]\n", module, where);
    return fmt::format(" > {}({}+{:#x}) [{:#x}]\n", module, quote_if_needed(f.function), f.offset, where);
}

// Said where a stack asked for with -k is missing, in place of its frames.
constexpr std::array<std::string_view, 3> kStackGapText{
    "",
    "no stack: a compat-ABI task, and the unwinder reads the host's own frames only",
    "no stack: the task's registers did not point at code, or it ended mid-unwind",
};

std::string namespace_list(const NamespaceIds& ids) {
    std::string out;
    for (const auto& [kind, id] : ids) out += fmt::format("{}{}:[{}]", out.empty() ? "" : " ", kind, id);
    return out;
}

// The namespaces a creation made, beside its creator's, and the child's pid
// inside its own pid namespace: " {new pid:[4026532794]; parent pid:[4026531836]; nspid 1}".
// unshare and setns: the caller's namespaces that changed, " {before net:[1]; after net:[2]}".
std::string namespace_note(const Creation& c) {
    const bool moved = c.call.moves_caller();
    std::vector<std::string> parts;
    if (moved && !c.parent_namespaces.empty()) parts.push_back("before " + namespace_list(c.parent_namespaces));
    if (!c.new_namespaces.empty()) parts.push_back((moved ? "after " : "new ") + namespace_list(c.new_namespaces));
    if (!moved && !c.parent_namespaces.empty()) parts.push_back("parent " + namespace_list(c.parent_namespaces));
    if (c.child && c.child->ns_pid) parts.push_back(fmt::format("nspid {}", *c.child->ns_pid));
    if (parts.empty()) return {};
    return fmt::format(" {{{}}}", fmt::join(parts, "; "));
}

std::string exit_text(const TaskExit& e) {
    if (!e.signaled) return fmt::format("+++ exited with {} +++", e.code);
    return fmt::format("+++ killed by {}{} +++", signal_name(static_cast<std::uint64_t>(e.code)),
                       e.core_dumped ? " (core dumped)" : "");
}

// strace's array of strings: each cut to `limit` bytes, "..." after a cut
// one; at most `limit` of them, then ... for the rest.
std::string argv_text(const std::vector<std::string>& argv, std::size_t limit) {
    std::string out = "[";
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (i > 0) out += ", ";
        if (i == limit) return out + "...]";
        out += quote_c(std::string_view(argv[i]).substr(0, limit));
        if (argv[i].size() > limit) out += "...";
    }
    return out + "]";
}

}  // namespace

TextSink::TextSink(std::FILE* trace, std::FILE* chatter, TextOptions options)
    : one_stream_(std::make_unique<OneStream>(trace)), lines_(*one_stream_), chatter_(chatter), options_(options) {}

TextSink::TextSink(LineRouter& lines, std::FILE* chatter, TextOptions options)
    : lines_(lines), chatter_(chatter), options_(options) {}

std::string TextSink::prefix(const Event& event) const {
    std::string out;
    if (event.live > 1 && !lines_.one_task_per_stream()) out = fmt::format("[pid {:>5}] ", event.task.tid);
    if (options_.timestamps != TimestampStyle::none) out += timestamp(options_.timestamps, event.wall_ns);
    return out;
}

void TextSink::line(const Event& event, const std::string& text) { write(event, prefix(event) + text + '\n'); }

void TextSink::write(const Event& event, const std::string& text) {
    if (!options_.lines) return;  // a creation's stack frames included
    if (std::FILE* stream = lines_.stream_for(event.task.tid)) std::fwrite(text.data(), 1, text.size(), stream);
}

void TextSink::chatter(const std::string& text) {
    std::fputs(("clonetrace: " + text + '\n').c_str(), chatter_);
}

void TextSink::on_event(const Event& event) {
    if (const auto* trace = std::get_if<TraceStart>(&event.payload)) {
        host_abi_ = trace->host_arch;
        // What this trace cannot show is said once a task is followed,
        // before anything else of it; a failed attach says only why.
        if (!unseen_by(trace->following).empty() && options_.quiet < 1)
            following_note_ = following_note(trace->following);
    } else if (const auto* start = std::get_if<TaskStart>(&event.payload)) {
        if (!following_note_.empty()) chatter(std::exchange(following_note_, {}));
        if (start->reason != StartReason::launched && options_.quiet < 1)
            chatter(fmt::format("Process {} attached", event.task.tid));
    } else if (const auto* c = std::get_if<Creation>(&event.payload)) {
        std::string text = format_creation_text(*c) + child_note(*c) + namespace_note(*c);
        if (c->call.abi != host_abi_) text += fmt::format(" [{} ABI]", c->call.abi);
        if (options_.durations) text += fmt::format(" <{}.{:06}>", c->duration_ns / kNsPerSec, (c->duration_ns % kNsPerSec) / 1000);
        if (options_.ns_alert && c->call.makes_namespaces()) text += " [NAMESPACE]";
        line(event, text);
        for (const StackFrame& f : c->stack) write(event, stack_frame_text(f));
        if (c->stack_gap != StackGap::none)
            write(event, fmt::format(" > {}\n", kStackGapText[static_cast<std::size_t>(c->stack_gap)]));
    } else if (const auto* x = std::get_if<Exec>(&event.payload)) {
        std::string text = "--- exec " + quote_c(x->path);
        if (!x->argv.empty()) text += " " + argv_text(x->argv, options_.string_limit);
        if (x->former_tid != event.task.tid) text += fmt::format(" by thread {}", x->former_tid);
        line(event, text + " ---");
        // The thread that ran exec lives on under its leader's tid.
        if (x->former_tid != event.task.tid) lines_.task_ended(x->former_tid);
    } else if (const auto* sig = std::get_if<Signal>(&event.payload)) {
        line(event, format_signal_text(*sig));
    } else if (const auto* stop = std::get_if<GroupStop>(&event.payload)) {
        line(event, format_stop_text(*stop));
    } else if (const auto* e = std::get_if<TaskExit>(&event.payload)) {
        if (e->detached) {
            if (options_.quiet < 1) chatter(fmt::format("Process {} detached", event.task.tid));
        } else if (options_.quiet < 2) {
            line(event, exit_text(*e));
        }
        lines_.task_ended(event.task.tid);
    } else if (const auto* m = std::get_if<Message>(&event.payload)) {
        if (m->level == MessageLevel::warning || options_.quiet < 1) chatter(m->text);
    } else if (const auto* d = std::get_if<Diagnostic>(&event.payload)) {
        // Not the program's event: no [pid N], and -q leaves it to the end section.
        if (options_.quiet < 1) {
            std::string text = fmt::format("!!! {}: {}\n", escape_c(d->rule), escape_c(d->text));
            if (options_.timestamps != TimestampStyle::none) text = timestamp(options_.timestamps, event.wall_ns) + text;
            write(event, text);
        }
    }
}

}  // namespace ct::output
