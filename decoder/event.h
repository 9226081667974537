// The events clonetrace reports, with the task context the tracer adds, and
// the interface every output consumes them through. Every field is a decoded
// value taken at the stop, so an event renders the same live and replayed
// from its JSON form.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "decoder/creation.h"
#include "decoder/following.h"
#include "decoder/siginfo.h"

namespace ct::decoder {

struct TaskContext {
    std::int32_t tid = 0;
    std::int32_t tgid = 0;   // 0 while not yet known
    std::int32_t ppid = 0;   // the parent process's tgid; 0 while not known
    std::string comm;        // raw bytes from the kernel, untrusted
};

struct TraceStart {
    std::vector<std::string> command;   // empty when attaching
    std::vector<std::int32_t> attach_pids;
    std::string host_arch;
    std::string version;
    Following following = Following::syscall_stops;
};

enum class StartReason : std::uint8_t { launched, attached, born };

struct TaskStart {
    StartReason reason = StartReason::born;
    std::int32_t creator = 0;  // the task whose call made it; 0 when not known
};

struct ChildInfo {
    std::int32_t tid = 0;   // in clonetrace's pid namespace
    std::int32_t tgid = 0;
    ChildKind kind = ChildKind::process;
    std::optional<std::int32_t> ns_pid;  // its pid in its own pid namespace, where that differs
};

// One frame of the creating thread's stack.
struct StackFrame {
    std::uint64_t ip = 0;
    std::string function;  // empty when unknown
    std::uint64_t offset = 0;
    std::string module;    // empty when unknown
    std::uint64_t module_offset = 0;
};

// Namespace ids (the inode numbers of /proc/TID/ns/*) by kind ("pid", "net", ...).
using NamespaceIds = std::map<std::string, std::uint64_t>;

// Why a creation that -k asked a stack for has none.
enum class StackGap : std::uint8_t {
    none,
    other_abi,   // a compat-ABI task (i386 on x86_64): the unwinder reads the host's own frames only
    unreadable,  // its registers did not point at code, or it ended mid-unwind
};

enum class CallOutcome : std::uint8_t {
    created,     // result is the child's pid in the caller's namespace
    failed,      // result is -errno
    restarted,   // interrupted; the kernel runs it again (one call, not two)
    unfinished,  // the caller died before the call returned
};

struct Creation {
    CreationCall call;
    CallOutcome outcome = CallOutcome::created;
    std::int64_t result = 0;
    std::int64_t error = 0;  // errno when failed or restarted
    std::optional<ChildInfo> child;
    std::int64_t duration_ns = 0;
    bool is_restart = false;  // this call is the kernel's rerun of an interrupted one
    bool injected = false;    // --inject skipped the call and made it fail with `error`
    std::vector<StackFrame> stack;       // empty when not unwound
    StackGap stack_gap = StackGap::none;  // why `stack` is empty when it was asked for
    NamespaceIds new_namespaces;         // the child's, where it has new ones
    NamespaceIds parent_namespaces;      // the creator's, beside them
};

struct Exec {
    std::string path;                 // the new program, untrusted bytes
    std::int32_t former_tid = 0;      // differs from tid when a non-leader thread ran exec
    std::vector<std::string> argv;    // as the new program got them, untrusted bytes
};

// A task entered group-stop: a stop signal (SIGSTOP, SIGTSTP, SIGTTIN,
// SIGTTOU) stopped its process. It runs again at SIGCONT, whose own signal
// event follows.
struct GroupStop {
    std::uint64_t signo = 0;
};

struct TaskExit {
    bool signaled = false;
    int code = 0;         // exit code, or the signal number when signaled
    bool core_dumped = false;
    std::int64_t lifetime_ns = -1;  // -1 when the start was not seen
    bool detached = false;          // left running when clonetrace detached
    std::int32_t killed_by = 0;     // the thread whose exit_group killed this one mid-work; 0: not seen so
    std::vector<std::int32_t> unreaped;  // a process's ended children it never waited for, at its end or detach
};

struct TraceEnd {
    std::uint64_t tasks_seen = 0;
    std::uint64_t threads_created = 0;
    std::uint64_t processes_created = 0;
    std::uint64_t failed_creations = 0;
    std::optional<TaskExit> program_status;
};

// Something clonetrace tells the user that is not an event of the program.
enum class MessageLevel : std::uint8_t { notice, warning };  // -q silences notices

// How clonetrace follows a task after its program installed a seccomp
// filter of its own: the filter wrapped so creation calls still reach
// clonetrace first, or every system call stopped at.
enum class FilterMode : std::uint8_t { wrapped, syscall_stops };

struct FilterSwitch {
    std::string call;  // the call that installed the filter: "seccomp" or "prctl"
    FilterMode mode = FilterMode::wrapped;
};

struct Message {
    MessageLevel level = MessageLevel::notice;
    std::string text;
    std::optional<FilterSwitch> filter = std::nullopt;  // the message tells of a task's own filter
};

// A pattern a diagnostics rule found in the stream (a fork while other
// threads run, threads killed at exit, ...), carried in the stream like any
// event so every output shows it where it was found.
struct Diagnostic {
    std::string rule;     // the rule's stable id: "fork-with-threads"
    std::string finding;  // which case of the rule, a stable word: "no-exec"
    std::string text;     // one line for people
    std::vector<std::int32_t> tasks;  // the tasks involved, the main one first
    std::vector<std::pair<std::string, std::int64_t>> numbers;  // by name, in the rule's order
    std::vector<StackFrame> stack;    // the creating stack, when the creation had one
};

using Payload =
    std::variant<TraceStart, TaskStart, Creation, Exec, Signal, GroupStop, TaskExit, TraceEnd, Message, Diagnostic>;

struct Event {
    std::int64_t wall_ns = 0;  // since the epoch, taken at the stop
    std::int64_t mono_ns = 0;  // CLOCK_MONOTONIC, taken at the stop
    TaskContext task;
    std::uint32_t live = 0;    // tasks started and not yet ended, this event's effect included
    Payload payload;
};

class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void on_event(const Event& event) = 0;
    // The tracer is about to sleep: what was written must reach its reader.
    virtual void flush() = 0;
};

}  // namespace ct::decoder
