#include "output/json_event_reader.h"

#include <charconv>

#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "arch/abi.h"
#include "decoder/clone_flags.h"
#include "decoder/names.h"
#include "decoder/siginfo.h"
#include "output/json_names.h"
#include "output/json_reader.h"

namespace ct::output {
namespace {

using namespace decoder;
using Kind = JsonValue::Kind;

struct Bad {
    std::string message;
};

[[noreturn]] void bad(std::string message) { throw Bad{std::move(message)}; }

// The fields of one JSON object, read by name with the type the writer gives them.
class Fields {
public:
    explicit Fields(const JsonValue& object) : o_(object) {
        if (o_.kind != Kind::object) bad("not a JSON object");
    }

    const JsonValue* find(std::string_view key) const { return o_.find(key); }
    bool has(std::string_view key) const { return find(key) != nullptr; }
    bool is_null(std::string_view key) const { return get(key).kind == Kind::null; }

    const JsonValue& get(std::string_view key) const {
        const JsonValue* v = find(key);
        if (v == nullptr) bad(fmt::format("no \"{}\"", key));
        return *v;
    }
    const JsonValue& typed(std::string_view key, Kind kind, std::string_view what) const {
        const JsonValue& v = get(key);
        if (v.kind != kind) bad(fmt::format("\"{}\" is not {}", key, what));
        return v;
    }
    std::int64_t integer(std::string_view key) const { return typed(key, Kind::integer, "an integer").integer; }
    std::int32_t id(std::string_view key) const {
        const std::int64_t v = integer(key);
        if (v < 0 || v > INT32_MAX) bad(fmt::format("\"{}\" is not a task id", key));
        return static_cast<std::int32_t>(v);
    }
    bool boolean(std::string_view key) const { return typed(key, Kind::boolean, "true or false").boolean; }
    const std::string& string(std::string_view key) const { return typed(key, Kind::string, "a string").string; }
    const std::vector<JsonValue>& array(std::string_view key) const { return typed(key, Kind::array, "an array").array; }
    std::uint64_t hex(std::string_view key) const { return parse_hex(key, string(key)); }

    template <typename Enum, std::size_t N>
    Enum word(std::string_view key, const std::array<std::string_view, N>& names) const {
        const auto v = value_of<Enum>(names, string(key));
        if (!v) bad(fmt::format("\"{}\" has an unknown value", key));
        return *v;
    }

    static std::uint64_t parse_hex(std::string_view key, std::string_view text) {
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data() + std::min<std::size_t>(2, text.size()),
                                               text.data() + text.size(), v, 16);
        if (!text.starts_with("0x") || text.size() < 3 || ec != std::errc() || end != text.data() + text.size())
            bad(fmt::format("\"{}\" is not a hex string", key));
        return v;
    }

private:
    const JsonValue& o_;
};

std::vector<std::string> strings(const Fields& f, std::string_view key) {
    std::vector<std::string> out;
    for (const JsonValue& v : f.array(key)) {
        if (v.kind != Kind::string) bad(fmt::format("\"{}\" holds a non-string", key));
        out.push_back(v.string);
    }
    return out;
}

std::uint64_t signal_number(const std::string& name) {
    const auto sig = signal_by_name(name);
    if (!sig) bad(fmt::format("unknown signal \"{}\"", name));
    return *sig;
}

TaskExit read_ending(const Fields& f) {
    TaskExit e;
    const JsonValue& status = f.get("status");
    if (status.kind == Kind::integer) {
        e.code = static_cast<int>(status.integer & 0xff);
    } else if (status.kind == Kind::string) {
        e.signaled = true;
        e.code = static_cast<int>(signal_number(status.string));
    }
    e.core_dumped = f.boolean("core_dumped");
    e.detached = f.boolean("detached");
    e.lifetime_ns = f.is_null("lifetime_ns") ? -1 : f.integer("lifetime_ns");
    return e;
}

template <typename T, typename From>
T bounded(std::string_view key, From value) {
    if (!std::in_range<T>(value)) bad(fmt::format("\"{}\" is out of range", key));
    return static_cast<T>(value);
}

// The fields a signal's code fills are there; the others stay 0.
Signal read_signal(const Fields& f) {
    Signal s;
    s.signo = signal_number(f.string("signal"));
    const std::string& code = f.string("code");
    if (const auto named = si_code_by_name(s.signo, code)) s.code = *named;
    else if (const auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), s.code);
             ec != std::errc() || end != code.data() + code.size())
        bad("\"code\" names no si_code");
    if (f.has("errno")) {
        const auto err = errno_by_name(f.string("errno"));
        if (!err) bad("\"errno\" names no errno");
        s.error = bounded<std::int32_t>("errno", *err);
    }
    const auto number = [&f](std::string_view key) { return f.has(key) ? f.integer(key) : 0; };
    s.timerid = bounded<std::int32_t>("timerid", number("timerid"));
    s.overrun = bounded<std::int32_t>("overrun", number("overrun"));
    s.pid = bounded<std::int32_t>("sender_pid", number("sender_pid"));
    s.uid = bounded<std::uint32_t>("sender_uid", number("sender_uid"));
    if (f.has("status")) {
        const JsonValue& status = f.get("status");
        if (status.kind == Kind::string) s.status = static_cast<std::int32_t>(static_cast<std::uint32_t>(signal_number(status.string)));
        else s.status = bounded<std::int32_t>("status", f.integer("status"));
    }
    s.utime = number("utime");
    s.stime = number("stime");
    if (f.has("value")) s.value = f.hex("value");
    if (f.has("addr")) s.addr = f.hex("addr");
    if (f.has("call_addr")) s.addr = f.hex("call_addr");
    s.band = number("band");
    s.fd = bounded<std::int32_t>("fd", number("fd"));
    s.syscall = bounded<std::int32_t>("syscall", number("syscall"));
    if (f.has("audit_arch")) s.arch = bounded<std::uint32_t>("audit_arch", f.hex("audit_arch"));
    return s;
}

TaskExit read_exit(const Fields& f) {
    TaskExit e = read_ending(f);
    if (f.has("killed_by")) e.killed_by = f.id("killed_by");
    if (f.has("unreaped"))
        for (const JsonValue& pid : f.array("unreaped")) {
            if (pid.kind != Kind::integer || pid.integer < 0 || pid.integer > INT32_MAX) bad("\"unreaped\" holds a non-pid");
            e.unreaped.push_back(static_cast<std::int32_t>(pid.integer));
        }
    return e;
}

std::vector<std::uint8_t> hex_bytes(const std::string& text) {
    if (text.size() % 2 != 0) bad("\"tail\" has an odd number of hex digits");
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        std::uint8_t b = 0;
        const auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 2, b, 16);
        if (ec != std::errc() || end != text.data() + i + 2) bad("\"tail\" is not hex");
        out.push_back(b);
    }
    return out;
}

void read_set_tid(const Fields& f, CloneArgs& a) {
    const JsonValue& v = f.get("set_tid");
    if (v.kind == Kind::array) {
        if (v.array.size() > kMaxSetTid) bad("\"set_tid\" has more entries than the kernel takes");
        for (const JsonValue& pid : v.array) {
            if (pid.kind != Kind::integer) bad("\"set_tid\" holds a non-integer");
            a.set_tid.push_back(static_cast<std::int32_t>(pid.integer));
        }
        a.set_tid_status = SetTidStatus::ok;
        return;
    }
    a.field[ca_set_tid] = f.hex("set_tid");
    // As read_clone_args decides; both unread states print the pointer.
    const std::uint64_t count = a.get(ca_set_tid_size);
    if (count == 0 && a.field[ca_set_tid] == 0) a.set_tid_status = SetTidStatus::absent;
    else a.set_tid_status = count > kMaxSetTid ? SetTidStatus::too_many : SetTidStatus::unreadable;
}

CloneArgs read_clone_args(const Fields& f, std::uint64_t flags, std::uint64_t exit_signal) {
    CloneArgs a;
    a.address = f.hex("args");
    a.size = f.hex("size");
    a.status = f.word<CloneArgsStatus>("args_status", kArgsStatusNames);
    if (a.status != CloneArgsStatus::ok) return a;
    a.field_count = std::min<std::uint64_t>(a.size, sizeof a.field) / sizeof(std::uint64_t);
    a.field[ca_flags] = flags;
    a.field[ca_exit_signal] = exit_signal;
    for (std::size_t i = 0; i < a.field_count; ++i) {
        const auto field = static_cast<CloneArgsField>(i);
        if (field == ca_flags || field == ca_exit_signal || field == ca_set_tid) continue;
        a.field[i] = f.hex(kCloneArgsFields[i]);
    }
    if (a.has(ca_set_tid)) read_set_tid(f, a);
    if (f.has("tail")) {
        a.tail_offset = static_cast<std::uint64_t>(f.integer("tail_offset"));
        a.tail = hex_bytes(f.string("tail"));
    }
    a.tail_unreadable = f.has("tail_unreadable") && f.boolean("tail_unreadable");
    return a;
}

void read_written(const Fields& written, std::string_view key, std::optional<WrittenInt>& slot) {
    if (!written.has(key)) return;
    if (!slot) bad(fmt::format("\"written\" has \"{}\" that the flags do not ask for", key));
    slot->value = static_cast<std::int32_t>(written.integer(key));
}

UserDesc read_user_desc(const Fields& f) {
    const auto u32 = [&](std::string_view key, std::uint32_t max) {
        const std::int64_t v = f.integer(key);
        if (v < 0 || static_cast<std::uint64_t>(v) > max) bad(fmt::format("\"tls_desc\" has \"{}\" out of range", key));
        return static_cast<std::uint32_t>(v);
    };
    const std::int64_t entry = f.integer("entry_number");
    if (entry < INT32_MIN || entry > INT32_MAX) bad("\"tls_desc\" has \"entry_number\" out of range");
    UserDesc d;
    d.entry_number = static_cast<std::int32_t>(entry);
    d.base_addr = u32("base_addr", UINT32_MAX);
    d.limit = u32("limit", UINT32_MAX);
    d.seg_32bit = u32("seg_32bit", 1);
    d.contents = u32("contents", 3);
    d.read_exec_only = u32("read_exec_only", 1);
    d.limit_in_pages = u32("limit_in_pages", 1);
    d.seg_not_present = u32("seg_not_present", 1);
    d.useable = u32("useable", 1);
    return d;
}

CreationCall read_call(const Fields& f) {
    CreationCall call;
    const auto kind = arch::kind_by_name(f.string("syscall"));
    if (!kind || !arch::is_creation(*kind)) bad("\"syscall\" is not a creation call");
    call.syscall = *kind;
    const arch::Abi* abi = arch::abi_by_name(f.string("arch"));
    if (abi == nullptr) bad("\"arch\" is an unknown ABI");
    call.abi = abi->name;
    call.flags = f.hex("flags_raw");
    call.exit_signal = f.is_null("exit_signal") ? 0 : signal_number(f.string("exit_signal"));
    switch (arch::call_row(call.syscall).family) {
        case arch::CallFamily::clone:
            call.stack = f.hex("stack");
            call.parent_tid = f.hex("parent_tid");
            call.child_tid = f.hex("child_tid");
            call.tls = f.hex("tls");
            break;
        case arch::CallFamily::clone3:
            call.args = read_clone_args(f, call.flags, call.exit_signal);
            break;
        case arch::CallFamily::setns:
            call.ns_fd = f.integer("fd");
            if (f.has("fd_target")) call.ns_target = f.string("fd_target");
            break;
        default:
            break;
    }
    if (f.has("tls_desc")) call.tls_desc = read_user_desc(Fields(f.get("tls_desc")));
    derive_call(call);
    if (f.has("written")) {
        const Fields written(f.get("written"));
        read_written(written, "pidfd", call.pidfd);
        read_written(written, "parent_tid", call.parent_tid_write);
    }
    return call;
}

NamespaceIds read_namespace_ids(const JsonValue& value) {
    const Fields object(value);  // an object, or an error
    NamespaceIds ids;
    for (std::size_t i = 0; i < value.keys.size(); ++i) {
        const JsonValue& id = value.values[i];
        if (id.kind != Kind::integer || id.integer < 0) bad("a namespace id is not a number");
        ids[value.keys[i]] = static_cast<std::uint64_t>(id.integer);
    }
    return ids;
}

std::vector<StackFrame> read_stack(const Fields& f) {
    std::vector<StackFrame> stack;
    if (!f.has("call_stack")) return stack;
    for (const JsonValue& frame : f.array("call_stack")) {
        const Fields ff(frame);
        stack.push_back({ff.hex("ip"), ff.string("function"), ff.hex("offset"), ff.string("module"),
                         ff.hex("module_offset")});
    }
    return stack;
}

Creation read_creation(const Fields& f) {
    Creation c;
    c.call = read_call(f);
    c.outcome = f.word<CallOutcome>("outcome", kOutcomeNames);
    c.result = f.is_null("result") ? 0 : f.integer("result");
    if (c.outcome == CallOutcome::failed || c.outcome == CallOutcome::restarted) {
        const auto err = errno_by_name(f.string("errno"));
        if (!err) bad("unknown \"errno\"");
        c.error = *err;
    }
    if (f.has("child")) {
        const Fields child(f.get("child"));
        const auto kind = child_kind_by_name(child.string("kind"));
        if (!kind) bad("unknown child \"kind\"");
        c.child = ChildInfo{child.id("tid"), child.id("pid"), *kind, std::nullopt};
        if (child.has("ns_pid")) c.child->ns_pid = child.id("ns_pid");
    }
    c.is_restart = f.boolean("restart");
    c.injected = f.has("injected") && f.boolean("injected");
    c.duration_ns = f.integer("duration_ns");
    c.stack = read_stack(f);
    if (f.has("stack_gap")) c.stack_gap = f.word<StackGap>("stack_gap", kStackGapNames);
    if (f.has("namespaces")) {
        const Fields ns(f.get("namespaces"));
        const bool moved = c.call.moves_caller();
        c.new_namespaces = read_namespace_ids(ns.get(moved ? "after" : "new"));
        c.parent_namespaces = read_namespace_ids(ns.get(moved ? "before" : "parent"));
    }
    return c;
}

Diagnostic read_diagnostic(const Fields& f) {
    Diagnostic d{f.string("rule"), f.string("finding"), f.string("text"), {}, {}, read_stack(f)};
    for (const JsonValue& tid : f.array("tasks")) {
        if (tid.kind != Kind::integer || tid.integer < 0 || tid.integer > INT32_MAX) bad("\"tasks\" holds a non-tid");
        d.tasks.push_back(static_cast<std::int32_t>(tid.integer));
    }
    const JsonValue& numbers = f.get("numbers");
    const Fields checked(numbers);  // an object, or an error
    for (std::size_t i = 0; i < numbers.keys.size(); ++i) {
        if (numbers.values[i].kind != Kind::integer) bad("\"numbers\" holds a non-integer");
        d.numbers.emplace_back(numbers.keys[i], numbers.values[i].integer);
    }
    return d;
}

TraceEnd read_trace_end(const Fields& f) {
    TraceEnd t;
    t.tasks_seen = static_cast<std::uint64_t>(f.integer("tasks"));
    t.threads_created = static_cast<std::uint64_t>(f.integer("threads_created"));
    t.processes_created = static_cast<std::uint64_t>(f.integer("processes_created"));
    t.failed_creations = static_cast<std::uint64_t>(f.integer("failed_creations"));
    if (!f.is_null("program")) t.program_status = read_ending(Fields(f.get("program")));
    return t;
}

TraceStart read_trace_start(const Fields& f) {
    TraceStart s;
    s.command = strings(f, "command");
    for (const JsonValue& pid : f.array("attach")) {
        if (pid.kind != Kind::integer || pid.integer <= 0 || pid.integer > INT32_MAX) bad("\"attach\" holds a non-pid");
        s.attach_pids.push_back(static_cast<std::int32_t>(pid.integer));
    }
    s.host_arch = f.string("host_arch");
    s.version = f.string("version");
    // Traces written before "mode" existed knew two ways of following.
    const bool filter = f.boolean("seccomp_filter");
    if (f.has("mode")) s.following = f.word<Following>("mode", kFollowingNames);
    else s.following = filter ? Following::seccomp_filter : Following::syscall_stops;
    return s;
}

Message read_message(const Fields& f) {
    Message m{f.word<MessageLevel>("level", kMessageLevelNames), f.string("text"), std::nullopt};
    if (f.has("filter_call") || f.has("filter_mode"))
        m.filter = FilterSwitch{f.string("filter_call"), f.word<FilterMode>("filter_mode", kFilterModeNames)};
    return m;
}

Payload read_payload(const Fields& f, const std::string& event) {
    if (event == "trace_start") return read_trace_start(f);
    if (event == "trace_end") return read_trace_end(f);
    if (event == "task_start")
        return TaskStart{f.word<StartReason>("reason", kStartReasonNames), f.is_null("creator") ? 0 : f.id("creator")};
    if (event == "create") return read_creation(f);
    // Traces written before argv was recorded have none.
    if (event == "exec") return Exec{f.string("path"), f.id("former_tid"), f.has("argv") ? strings(f, "argv") : std::vector<std::string>()};
    if (event == "signal") return read_signal(f);
    if (event == "stop") return GroupStop{signal_number(f.string("signal"))};
    if (event == "exit") return read_exit(f);
    if (event == "message") return read_message(f);
    if (event == "diagnostic") return read_diagnostic(f);
    bad(fmt::format("unknown event \"{}\"", event));
}

void check_schema(const Fields& f) {
    const std::int64_t schema = f.integer("schema");
    if (schema > kJsonSchemaVersion)
        bad(fmt::format("schema version {} is from a newer clonetrace (this one reads {})", schema, kJsonSchemaVersion));
    if (schema != kJsonSchemaVersion)
        bad(fmt::format("schema version {} is older than this clonetrace reads ({})", schema, kJsonSchemaVersion));
}

}  // namespace

EventRead read_event_json(std::string_view line) {
    const JsonParse parsed = parse_json(line);
    if (!parsed.value) return {std::nullopt, "not JSON: " + parsed.error};
    try {
        const Fields f(*parsed.value);
        check_schema(f);
        Event e;
        e.wall_ns = f.integer("ts_ns");
        e.mono_ns = f.integer("mono_ns");
        const std::string& event = f.string("event");
        if (event == kSummaryEventName) return {std::nullopt, {}, true};
        e.payload = read_payload(f, event);
        if (event != "trace_start" && event != "trace_end") {
            e.task = TaskContext{f.id("tid"), f.id("pid"), f.id("ppid"), f.string("comm")};
            const std::int64_t live = f.integer("live");
            if (live < 0 || live > UINT32_MAX) bad("\"live\" is out of range");
            e.live = static_cast<std::uint32_t>(live);
        }
        return {std::move(e), {}};
    } catch (const Bad& b) {
        return {std::nullopt, b.message};
    }
}

}  // namespace ct::output
