// Events read back from their JSON: every field, including the ones a live
// run of this machine does not fill, and one-line errors for bad lines.
#include <gtest/gtest.h>
#include <linux/sched.h>

#include <csignal>

#include <fmt/format.h>

#include "decoder/creation.h"
#include "fake_memory.h"
#include "output/json_event_reader.h"
#include "output/json_sink.h"
#include "output/text_call.h"

namespace ct::output {
namespace {

using namespace decoder;

Event creation_event() {
    clone_args a{};
    a.flags = CLONE_NEWPID | CLONE_NEWNET | CLONE_PIDFD | CLONE_PARENT_SETTID;
    a.pidfd = 0x7000;
    a.parent_tid = 0x7008;
    a.exit_signal = SIGCHLD;
    a.set_tid = 0x7100;
    a.set_tid_size = 2;
    test::FakeMemory memory;
    memory.map_object(0x9000, a);
    memory.map_array(0x7100, std::vector<std::int32_t>{1, 4000});
    arch::RawSyscall raw;
    raw.abi = arch::find_abi(0xc000003e, 435);
    raw.nr = 435;
    raw.args = {0x9000, sizeof a, 0, 0, 0, 0};
    Creation c;
    c.call = *decode_creation(raw, memory);
    c.call.pidfd->value = 5;
    c.call.parent_tid_write->value = 2;
    c.outcome = CallOutcome::created;
    c.result = 2;
    c.child = ChildInfo{4000, 4000, c.call.child_kind, 1};
    c.duration_ns = 1234;
    c.stack = {{0x401000, "spawn_worker", 0x1c, "/usr/bin/prog", 0x1000}, {0x7f00, "", 0, "", 0}};
    c.new_namespaces = {{"pid", 4026532001}, {"net", 4026532002}};
    c.parent_namespaces = {{"pid", 4026531836}, {"net", 4026531840}};
    Event e;
    e.wall_ns = 1'700'000'000'000'000'001;
    e.mono_ns = 42;
    e.task = {3999, 3999, 1, "runc\xff"};
    e.live = 2;
    e.payload = c;
    return e;
}

TEST(JsonEventReader, ACreationReadsBackToTheSameJsonAndText) {
    const Event e = creation_event();
    const std::string json = format_event_json(e);
    const EventRead read = read_event_json(json);
    ASSERT_TRUE(read.event) << read.error;
    EXPECT_EQ(format_event_json(*read.event), json);
    const auto& back = std::get<Creation>(read.event->payload);
    const auto& orig = std::get<Creation>(e.payload);
    EXPECT_EQ(format_creation_text(back), format_creation_text(orig));
    EXPECT_EQ(back.call.child_kind, ChildKind::namespace_);
    EXPECT_EQ(back.child->ns_pid, 1);
    ASSERT_EQ(back.stack.size(), 2U);
    EXPECT_EQ(back.stack[0].function, "spawn_worker");
    EXPECT_EQ(back.new_namespaces.at("net"), 4026532002U);
    EXPECT_EQ(read.event->task.comm, "runc\xff");
    EXPECT_EQ(read.event->live, 2U);
}

TEST(JsonEventReader, AnI386UserDescReadsBack) {
    Event e = creation_event();
    auto& c = std::get<Creation>(e.payload);
    c.call.abi = "i386";
    c.call.flags |= CLONE_SETTLS;
    c.call.tls_desc = decoder::UserDesc{-1, 0xf7d59b40, 0xfffff, 1, 2, 0, 1, 0, 1};
    const std::string json = format_event_json(e);
    EXPECT_NE(json.find(R"("tls_desc":{"entry_number":-1,"base_addr":4157971264,"limit":1048575,)"), std::string::npos);
    const EventRead read = read_event_json(json);
    ASSERT_TRUE(read.event) << read.error;
    EXPECT_EQ(std::get<Creation>(read.event->payload).call.tls_desc, c.call.tls_desc);
    EXPECT_EQ(format_event_json(*read.event), json);

    std::string bad = json;
    bad.replace(bad.find(R"("contents":2)"), 12, R"("contents":4)");
    EXPECT_FALSE(read_event_json(bad).event);
}

TEST(JsonEventReader, EveryOtherEventReadsBack) {
    std::vector<Payload> payloads;
    payloads.push_back(TraceStart{{"/bin/sh", "-c", "x"}, {}, "x86_64", "0.1.0", Following::seccomp_filter});
    payloads.push_back(TraceStart{{}, {10, 20}, "x86_64", "0.1.0", Following::syscall_stops});
    payloads.push_back(TraceStart{{}, {10}, "x86_64", "0.1.0", Following::events});
    payloads.push_back(TraceStart{{"/bin/true"}, {}, "x86_64", "0.1.0", Following::events});
    payloads.push_back(TaskStart{StartReason::born, 3999});
    payloads.push_back(TaskStart{StartReason::attached, 0});
    payloads.push_back(Exec{"/bin/true\n", 4001, {"true", "a\x01\xff", ""}});
    payloads.push_back(TaskExit{true, SIGSEGV, true, 99, false, 0, {}});
    payloads.push_back(TaskExit{false, 0, false, -1, true, 0, {}});
    payloads.push_back(Message{MessageLevel::warning, "seccomp filter unavailable"});
    payloads.push_back(Diagnostic{"fork-with-threads", "no-exec", "process 10 forked 11\n", {10, 11, 12},
                                  {{"threads", 2}, {"ran_ns", 5}}, {{0x401000, "main", 0x1c, "/bin/x", 0x1000}}});
    payloads.push_back(Diagnostic{"exec-from-thread", "exec", "", {}, {}, {}});
    payloads.push_back(Message{MessageLevel::notice, "own filter", FilterSwitch{"prctl", FilterMode::syscall_stops}});
    TraceEnd end{3, 1, 1, 1, TaskExit{false, 7, false, 1000, false, 0, {}}};
    payloads.push_back(end);
    // A signal of each kind of siginfo, with every field its code fills.
    payloads.push_back(Signal{.signo = SIGUSR1, .code = SI_QUEUE, .pid = 7, .uid = 1000, .value = 0xffffffff00000002});
    payloads.push_back(Signal{.signo = SIGWINCH, .code = -8, .error = 2, .pid = 5, .uid = 6});
    payloads.push_back(Signal{.signo = SIGALRM, .code = SI_TIMER, .value = 7, .timerid = 3, .overrun = -1});
    payloads.push_back(Signal{.signo = SIGCHLD, .code = CLD_EXITED, .pid = 9, .status = 3, .utime = 4, .stime = 5});
    payloads.push_back(Signal{.signo = SIGCHLD, .code = CLD_DUMPED, .pid = 9, .status = SIGSEGV});
    payloads.push_back(Signal{.signo = SIGSEGV, .code = SEGV_MAPERR, .addr = 0x10});
    payloads.push_back(Signal{.signo = SIGIO, .code = POLL_IN, .band = 65, .fd = 4});
    payloads.push_back(Signal{.signo = SIGSYS, .code = 1, .addr = 0x401000, .syscall = 435, .arch = 0xc000003e});
    payloads.push_back(Signal{.signo = 40, .code = 0x80, .uid = 3, .value = 1});
    payloads.push_back(GroupStop{SIGTSTP});
    for (const Payload& p : payloads) {
        Event e;
        e.wall_ns = 5;
        e.mono_ns = 6;
        e.task = {4000, 4000, 1, "x"};
        e.live = 1;
        e.payload = p;
        const std::string json = format_event_json(e);
        const EventRead read = read_event_json(json);
        ASSERT_TRUE(read.event) << json << ": " << read.error;
        EXPECT_EQ(format_event_json(*read.event), json);
    }
}

TEST(JsonEventReader, TraceStartSaysHowTasksWereFollowed) {
    Event e;
    e.payload = TraceStart{{}, {10}, "x86_64", "0.1.0", Following::events};
    const std::string json = format_event_json(e);
    EXPECT_NE(json.find(R"("seccomp_filter":false,"mode":"events","unseen":["failed_calls","restarts"])"), std::string::npos)
        << json;
    e.payload = TraceStart{{"/bin/true"}, {}, "x86_64", "0.1.0", Following::seccomp_filter};
    EXPECT_NE(format_event_json(e).find(R"("seccomp_filter":true,"mode":"seccomp","unseen":[])"), std::string::npos);
}

TEST(JsonEventReader, TraceStartWithoutModeIsFromBeforeEventsOnly) {
    Event e;
    e.payload = TraceStart{{}, {10}, "x86_64", "0.1.0", Following::syscall_stops};
    std::string json = format_event_json(e);
    json.erase(json.find(R"(,"mode")"), json.find(R"(,"unseen":[])") + std::string_view(R"(,"unseen":[])").size() - json.find(R"(,"mode")"));
    const EventRead read = read_event_json(json);
    ASSERT_TRUE(read.event) << json << ": " << read.error;
    EXPECT_EQ(std::get<TraceStart>(read.event->payload).following, Following::syscall_stops);
    json.replace(json.find(R"("seccomp_filter":false)"), 22, R"("seccomp_filter":true)");
    EXPECT_EQ(std::get<TraceStart>(read_event_json(json).event->payload).following, Following::seccomp_filter);
}

TEST(JsonEventReader, BadLinesSayWhatIsWrong) {
    const std::string good = format_event_json(creation_event());
    const auto with = [&](std::string_view from, std::string_view to) {
        std::string line = good;
        line.replace(line.find(from), from.size(), to);
        return line;
    };
    const std::pair<std::string, std::string> cases[] = {
        {"[1]", "not a JSON object"},
        {"{}", "no \"schema\""},
        {with("\"schema\":2", "\"schema\":9"), "newer"},
        {with("\"schema\":2", "\"schema\":\"2\""), "\"schema\" is not an integer"},
        {with("\"syscall\":\"clone3\"", "\"syscall\":\"prctl\""), "not a creation call"},
        {with("\"arch\":\"x86_64\"", "\"arch\":\"mips\""), "unknown ABI"},
        {with("\"exit_signal\":\"SIGCHLD\"", "\"exit_signal\":\"SIGNOPE\""), "unknown signal"},
        {with("\"outcome\":\"created\"", "\"outcome\":\"maybe\""), "\"outcome\""},
        {with("\"kind\":\"namespace\"", "\"kind\":\"fiber\""), "kind"},
        {with("\"set_tid\":[1,4000]", "\"set_tid\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33]"), "set_tid"},
        {with("\"flags_raw\":\"0x", "\"flags_raw\":\"1x"), "hex"},
        {with("\"tid\":3999", "\"tid\":99999999999"), "task id"},
        {R"({"schema":2,"ts_ns":1,"mono_ns":1,"event":"signal","signal":"SIGUSR1","code":"CLD_EXITED","tid":1,"pid":1,"ppid":0,"comm":"","live":1})",
         "\"code\" names no si_code"},
        {R"({"schema":2,"ts_ns":1,"mono_ns":1,"event":"signal","signal":"SIGUSR1","code":"SI_USER","sender_pid":1,"sender_uid":-1,"tid":1,"pid":1,"ppid":0,"comm":"","live":1})",
         "\"sender_uid\" is out of range"},
        {R"({"schema":2,"ts_ns":1,"mono_ns":1,"event":"signal","signal":"SIGSYS","code":"SYS_SECCOMP","call_addr":"0x1","syscall":1,"audit_arch":"0x1ffffffff","tid":1,"pid":1,"ppid":0,"comm":"","live":1})",
         "\"audit_arch\" is out of range"},
        {R"({"schema":2,"ts_ns":1,"mono_ns":1,"event":"diagnostic","rule":"r","finding":"f","text":"t","tasks":[-1],"numbers":{},"tid":1,"pid":1,"ppid":0,"comm":"","live":1})",
         "\"tasks\" holds a non-tid"},
        {R"({"schema":2,"ts_ns":1,"mono_ns":1,"event":"diagnostic","rule":"r","finding":"f","text":"t","tasks":[],"numbers":{"n":"1"},"tid":1,"pid":1,"ppid":0,"comm":"","live":1})",
         "\"numbers\" holds a non-integer"},
        {R"({"schema":2,"ts_ns":1,"mono_ns":1,"event":"diagnostic","rule":"r","finding":"f","text":"t","tasks":[],"numbers":[],"tid":1,"pid":1,"ppid":0,"comm":"","live":1})",
         "not a JSON object"},
    };
    for (const auto& [line, want] : cases) {
        const EventRead read = read_event_json(line);
        EXPECT_FALSE(read.event) << line;
        EXPECT_NE(read.error.find(want), std::string::npos) << read.error << " (wanted " << want << ")";
    }
}

TEST(JsonEventReader, WrittenValuesNeedTheFlagThatAsksForThem) {
    const Event e = creation_event();
    const auto& c = std::get<Creation>(e.payload);
    std::string json = format_event_json(e);
    // The flags say no pidfd, but the line claims one was written.
    const std::string flags = fmt::format("\"flags_raw\":\"{:#x}\"", c.call.flags);
    const std::string no_pidfd = fmt::format("\"flags_raw\":\"{:#x}\"", c.call.flags & ~std::uint64_t{CLONE_PIDFD});
    json.replace(json.find(flags), flags.size(), no_pidfd);
    const EventRead read = read_event_json(json);
    EXPECT_FALSE(read.event);
    EXPECT_NE(read.error.find("pidfd"), std::string::npos) << read.error;
}

}  // namespace
}  // namespace ct::output
