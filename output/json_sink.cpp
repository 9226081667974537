#include "output/json_sink.h"

#include <csignal>

#include <fmt/format.h>

#include "arch/syscall_names.h"
#include "decoder/clone_flags.h"
#include "decoder/names.h"
#include "decoder/siginfo.h"
#include "output/json_names.h"
#include "output/json_writer.h"

namespace ct::output {
namespace {

using namespace decoder;


void add_flags(JsonObject& o, std::uint64_t flags) {
    SplitFlags split = split_clone_flags(flags);
    const std::string unknown = split.unknown != 0 ? fmt::format("{:#x}", split.unknown) : std::string();
    if (!unknown.empty()) split.names.push_back(unknown);
    o.names("flags", split.names);
}

std::string hex_bytes(const std::vector<std::uint8_t>& bytes) {
    std::string out;
    for (std::uint8_t b : bytes) out += fmt::format("{:02x}", b);
    return out;
}

// Every u64 field the size covers, by its kernel name, as a hex string.
void add_clone_args(JsonObject& o, const CloneArgs& a) {
    o.hex("args", a.address).hex("size", a.size);  // the raw size_t argument: any u64
    o.name("args_status", name_of(kArgsStatusNames, a.status));
    for (std::size_t i = 0; i < kCloneArgsFields.size(); ++i) {
        const auto field = static_cast<CloneArgsField>(i);
        if (!a.has(field)) continue;
        if (field == ca_set_tid && a.set_tid_status == SetTidStatus::ok) {
            o.numbers("set_tid", std::vector<std::int64_t>(a.set_tid.begin(), a.set_tid.end()));
        } else if (field != ca_flags && field != ca_exit_signal) {
            o.hex(kCloneArgsFields[i], a.get(field));
        }
    }
    if (!a.tail.empty()) o.number("tail_offset", static_cast<std::int64_t>(a.tail_offset)).string("tail", hex_bytes(a.tail));
    if (a.tail_unreadable) o.boolean("tail_unreadable", true);
}

void add_stack(JsonObject& o, const std::vector<StackFrame>& stack) {
    std::vector<JsonObject> frames;
    for (const StackFrame& f : stack) {
        JsonObject frame;
        frame.hex("ip", f.ip).string("function", f.function).hex("offset", f.offset);
        frame.string("module", f.module).hex("module_offset", f.module_offset);
        frames.push_back(std::move(frame));
    }
    o.objects("call_stack", frames);
}

JsonObject namespace_ids(const NamespaceIds& ids) {
    JsonObject o;
    for (const auto& [kind, id] : ids) o.number(kind, static_cast<std::int64_t>(id));
    return o;
}

JsonObject user_desc(const UserDesc& d) {
    JsonObject o;
    o.number("entry_number", d.entry_number).number("base_addr", d.base_addr).number("limit", d.limit);
    o.number("seg_32bit", d.seg_32bit).number("contents", d.contents).number("read_exec_only", d.read_exec_only);
    o.number("limit_in_pages", d.limit_in_pages).number("seg_not_present", d.seg_not_present);
    o.number("useable", d.useable);
    return o;
}

void add_creation(JsonObject& o, const Creation& c) {
    const CreationCall& call = c.call;
    o.name("syscall", arch::kind_name(call.syscall)).name("arch", call.abi);
    add_flags(o, call.flags);
    o.hex("flags_raw", call.flags);
    const arch::CallFamily family = arch::call_row(call.syscall).family;
    const bool clone3 = family == arch::CallFamily::clone3;
    // null: clone_args could not be read.
    if (!clone3 || call.args->has(ca_exit_signal)) o.name("exit_signal", signal_name(call.exit_signal));
    else o.null("exit_signal");
    if (family == arch::CallFamily::setns) {
        o.number("fd", call.ns_fd);
        if (!call.ns_target.empty()) o.string("fd_target", call.ns_target);
    }
    if (family == arch::CallFamily::clone)
        o.hex("stack", call.stack).hex("parent_tid", call.parent_tid).hex("child_tid", call.child_tid).hex("tls", call.tls);
    if (clone3) add_clone_args(o, *call.args);
    if (call.tls_desc) o.object("tls_desc", user_desc(*call.tls_desc));

    o.name("outcome", name_of(kOutcomeNames, c.outcome));
    if (c.outcome == CallOutcome::unfinished) o.null("result");
    else o.number("result", c.result);
    if (c.outcome == CallOutcome::failed || c.outcome == CallOutcome::restarted)
        o.name("errno", errno_name(c.error)).string("error", errno_message(c.error));
    if (c.child) {
        JsonObject child;
        child.number("tid", c.child->tid).number("pid", c.child->tgid).name("kind", child_kind_name(c.child->kind));
        if (c.child->ns_pid) child.number("ns_pid", *c.child->ns_pid);
        o.object("child", child);
    }
    const auto& pidfd = call.pidfd;
    const auto& parent_tid = call.parent_tid_write;
    if ((parent_tid && parent_tid->value) || (pidfd && pidfd->value)) {
        JsonObject written;
        if (parent_tid && parent_tid->value) written.number("parent_tid", *parent_tid->value);
        if (pidfd && pidfd->value) written.number("pidfd", *pidfd->value);
        o.object("written", written);
    }
    o.boolean("restart", c.is_restart).number("duration_ns", c.duration_ns);
    if (c.injected) o.boolean("injected", true);
    if (!c.stack.empty()) add_stack(o, c.stack);
    if (c.stack_gap != StackGap::none) o.string("stack_gap", name_of(kStackGapNames, c.stack_gap));
    if (!c.new_namespaces.empty() || !c.parent_namespaces.empty()) {
        JsonObject namespaces;
        if (call.moves_caller())
            namespaces.object("before", namespace_ids(c.parent_namespaces)).object("after", namespace_ids(c.new_namespaces));
        else
            namespaces.object("new", namespace_ids(c.new_namespaces)).object("parent", namespace_ids(c.parent_namespaces));
        o.object("namespaces", namespaces);
    }
}

void add_exit(JsonObject& o, const TaskExit& e) {
    if (e.detached) o.null("status");
    else if (e.signaled) o.string("status", signal_name(static_cast<std::uint64_t>(e.code)));
    else o.number("status", e.code);
    o.boolean("core_dumped", e.core_dumped).boolean("detached", e.detached);
    if (e.lifetime_ns >= 0) o.number("lifetime_ns", e.lifetime_ns);
    else o.null("lifetime_ns");
}

// The siginfo fields the signal's code fills, as its text line shows them.
void add_signal(JsonObject& o, const Signal& s) {
    o.string("signal", signal_name(s.signo));
    const auto code = si_code_name(s.signo, s.code);
    o.string("code", code ? std::string(*code) : fmt::format("{}", s.code));
    if (s.error != 0) o.string("errno", errno_name(s.error));
    const unsigned fields = siginfo_fields(s);
    if ((fields & kSiTimer) != 0) o.number("timerid", s.timerid).number("overrun", s.overrun);
    if ((fields & kSiSender) != 0) o.number("sender_pid", s.pid).number("sender_uid", s.uid);
    if ((fields & kSiChild) != 0) {
        if (s.code == CLD_EXITED) o.number("status", s.status);
        else o.string("status", signal_name(static_cast<std::uint32_t>(s.status)));
        o.number("utime", s.utime).number("stime", s.stime);
    }
    if ((fields & kSiValue) != 0) o.hex("value", s.value);
    if ((fields & kSiAddr) != 0) o.hex("addr", s.addr);
    if ((fields & kSiPoll) != 0) o.number("band", s.band).number("fd", s.fd);
    if ((fields & kSiSys) != 0) {
        o.hex("call_addr", s.addr).number("syscall", s.syscall);
        if (const auto name = arch::syscall_name(s.arch, static_cast<std::uint32_t>(s.syscall))) o.string("syscall_name", *name);
        o.hex("audit_arch", s.arch);
    }
}

struct PayloadWriter {
    JsonObject& o;
    void operator()(const TraceStart& s) const {
        o.string("event", "trace_start").string("version", s.version).string("host_arch", s.host_arch);
        o.strings("command", s.command).numbers("attach", std::vector<std::int64_t>(s.attach_pids.begin(), s.attach_pids.end()));
        o.boolean("seccomp_filter", s.following == Following::seccomp_filter);
        o.string("mode", name_of(kFollowingNames, s.following));
        std::vector<std::string> unseen;
        for (const Unseen u : unseen_by(s.following)) unseen.emplace_back(name_of(kUnseenNames, u));
        o.strings("unseen", unseen);
    }
    void operator()(const TaskStart& s) const {
        o.name("event", "task_start").name("reason", name_of(kStartReasonNames, s.reason));
        if (s.creator != 0) o.number("creator", s.creator);
        else o.null("creator");
    }
    void operator()(const Creation& c) const {
        o.name("event", "create");
        add_creation(o, c);
    }
    void operator()(const Exec& x) const {
        o.string("event", "exec").string("path", x.path).strings("argv", x.argv).number("former_tid", x.former_tid);
    }
    void operator()(const Signal& s) const {
        o.string("event", "signal");
        add_signal(o, s);
    }
    void operator()(const GroupStop& s) const { o.string("event", "stop").string("signal", signal_name(s.signo)); }
    void operator()(const TaskExit& e) const {
        o.name("event", "exit");
        add_exit(o, e);
        if (e.killed_by != 0) o.number("killed_by", e.killed_by);
        if (!e.unreaped.empty()) o.numbers("unreaped", std::vector<std::int64_t>(e.unreaped.begin(), e.unreaped.end()));
    }
    void operator()(const Message& m) const {
        o.string("event", "message").string("level", name_of(kMessageLevelNames, m.level)).string("text", m.text);
        if (m.filter) o.string("filter_call", m.filter->call).string("filter_mode", name_of(kFilterModeNames, m.filter->mode));
    }
    void operator()(const Diagnostic& d) const {
        o.string("event", "diagnostic").string("rule", d.rule).string("finding", d.finding).string("text", d.text);
        o.numbers("tasks", std::vector<std::int64_t>(d.tasks.begin(), d.tasks.end()));
        JsonObject numbers;
        for (const auto& [name, value] : d.numbers) numbers.number(name, value);
        o.object("numbers", numbers);
        if (!d.stack.empty()) add_stack(o, d.stack);
    }
    void operator()(const TraceEnd& t) const {
        o.string("event", "trace_end");
        o.number("tasks", static_cast<std::int64_t>(t.tasks_seen));
        o.number("threads_created", static_cast<std::int64_t>(t.threads_created));
        o.number("processes_created", static_cast<std::int64_t>(t.processes_created));
        o.number("failed_creations", static_cast<std::int64_t>(t.failed_creations));
        if (t.program_status) {
            JsonObject status;
            add_exit(status, *t.program_status);
            o.object("program", status);
        } else {
            o.null("program");
        }
    }
};

}  // namespace

std::string format_event_json(const Event& event, bool ns_alert) {
    JsonObject o;
    o.number("schema", kJsonSchemaVersion).number("ts_ns", event.wall_ns).number("mono_ns", event.mono_ns);
    std::visit(PayloadWriter{o}, event.payload);
    if (const auto* c = std::get_if<Creation>(&event.payload); ns_alert && c && c->call.makes_namespaces())
        o.string("alert", "namespace");
    if (!std::holds_alternative<TraceStart>(event.payload) && !std::holds_alternative<TraceEnd>(event.payload)) {
        o.number("tid", event.task.tid).number("pid", event.task.tgid).number("ppid", event.task.ppid);
        o.string("comm", event.task.comm).number("live", event.live);
    }
    return std::move(o).str();
}

void JsonSink::on_event(const Event& event) {
    const std::string line = format_event_json(event, ns_alert_);
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fputc('\n', out_);
}

}  // namespace ct::output
