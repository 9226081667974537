// The diagnostics engine and what surrounds the rules: --diagnose values,
// the order of findings in the stream, replayed findings, the end section
// and the text line.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "diagnostics_stream.h"
#include "output/diagnostics/catalogue.h"
#include "output/diagnostics/report_sink.h"
#include "output/text_sink.h"

namespace ct::test {
namespace {

using namespace output::diagnostics;

std::vector<EnabledRule> rules(const std::vector<std::string>& values) {
    auto parsed = parse_diagnose(values);
    EXPECT_TRUE(std::holds_alternative<std::vector<EnabledRule>>(parsed)) << std::get<SettingsError>(parsed).message;
    return std::get<std::vector<EnabledRule>>(parsed);
}

std::string error(const std::string& value) {
    const auto parsed = parse_diagnose({value});
    return std::holds_alternative<SettingsError>(parsed) ? std::get<SettingsError>(parsed).message : "";
}

TEST(DiagnoseSettings, AloneOrAllEnablesEveryRuleWithItsDefaults) {
    for (const std::string value : {"", "all"}) {
        const auto enabled = rules({value});
        ASSERT_EQ(enabled.size(), rule_catalogue().size());
        for (std::size_t i = 0; i < enabled.size(); ++i) {
            EXPECT_EQ(enabled[i].row, &rule_catalogue()[i]);
            for (const RuleKey& key : enabled[i].row->keys)
                EXPECT_EQ(enabled[i].settings.at(std::string(key.name)), key.default_value);
        }
    }
}

TEST(DiagnoseSettings, RulesKeysAndUnits) {
    const auto enabled = rules({"fork-with-threads:exec-within=250us,exec-from-thread", "fork-with-threads:exec-within=2s"});
    ASSERT_EQ(enabled.size(), 2u);
    EXPECT_EQ(enabled[0].row->id, "fork-with-threads");
    EXPECT_EQ(enabled[0].settings.at("exec-within"), 2'000'000'000);
    EXPECT_EQ(rules({"fork-with-threads:exec-within=250us"})[0].settings.at("exec-within"), 250'000);
    EXPECT_EQ(rules({"fork-with-threads:exec-within=7ns"})[0].settings.at("exec-within"), 7);
}

TEST(DiagnoseSettings, MistakesSayWhatIsWrong) {
    EXPECT_NE(error("fork-threads").find("unknown diagnostics rule 'fork-threads' (rules: fork-with-threads"), std::string::npos);
    EXPECT_NE(error("fork-with-threads:within=1s").find("unknown setting 'within' (settings: exec-within)"), std::string::npos);
    EXPECT_NE(error("exec-from-thread:x=1").find("(settings: none)"), std::string::npos);
    EXPECT_NE(error("fork-with-threads:exec-within=10").find("a duration with a unit"), std::string::npos);
    EXPECT_NE(error("fork-with-threads:exec-within=-1ms").find("a duration with a unit"), std::string::npos);
    EXPECT_NE(error("fork-with-threads:exec-within=99999999999999s").find("a duration with a unit"), std::string::npos);
    EXPECT_NE(error("fork-with-threads,").find("unknown diagnostics rule ''"), std::string::npos);
}

Stream exec_by_thread() {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).thread(100, 100, 102).exit(101, 100).exec(100, 102).exit(100, 100);
    return s;
}

TEST(DiagnosticsEngine, AFindingFollowsTheEventThatShowedItAndEndsComeBeforeTheTraceEnd) {
    Stream s = exec_by_thread();
    s.start(100, 100).thread(100, 100, 103).process(100, 100, 200).at(1500).end();
    Collect out;
    Engine engine(rules({""}), out);
    for (const Event& e : s.events()) engine.on_event(e);
    // exec-from-thread, fork-with-threads' no-exec, and both processes left running.
    EXPECT_EQ(engine.fired(), 4u);
    ASSERT_EQ(out.events.size(), s.events().size() + 4);
    const auto at = [&](std::size_t i) { return out.events[i].payload.index(); };
    const std::size_t exec_index = 6;  // start, create, start, create, start, exit, exec
    EXPECT_TRUE(std::holds_alternative<Exec>(out.events[exec_index].payload));
    EXPECT_EQ(std::get<Diagnostic>(out.events[exec_index + 1].payload).rule, "exec-from-thread");
    EXPECT_EQ(out.events[exec_index + 1].mono_ns, out.events[exec_index].mono_ns);
    EXPECT_EQ(std::get<Diagnostic>(out.events[out.events.size() - 4].payload).finding, "no-exec");
    EXPECT_EQ(std::get<Diagnostic>(out.events[out.events.size() - 2].payload).finding, "left-running");
    EXPECT_EQ(at(out.events.size() - 1), Payload(TraceEnd{}).index());
}

TEST(DiagnosticsEngine, FindingsInAReplayedTraceAreFoundAgainNotRepeated) {
    const Stream s = exec_by_thread();
    Collect first;
    Engine engine(rules({"exec-from-thread"}), first);
    for (const Event& e : s.events()) engine.on_event(e);
    Collect second;
    Engine again(rules({"exec-from-thread"}), second);
    for (const Event& e : first.events) again.on_event(e);
    EXPECT_EQ(second.diagnostics().size(), 1u);
    EXPECT_EQ(again.fired(), 1u);
}

// A FILE* over memory.
class Memory {
public:
    Memory() : file_(open_memstream(&buf_, &len_)) {}
    ~Memory() {
        std::fclose(file_);
        std::free(buf_);
    }
    Memory(const Memory&) = delete;
    Memory& operator=(const Memory&) = delete;
    std::FILE* file() { return file_; }
    std::string text() {
        std::fflush(file_);
        return {buf_, len_};
    }

private:
    char* buf_ = nullptr;
    std::size_t len_ = 0;
    std::FILE* file_;
};

TEST(DiagnosticsReport, EveryEnabledRuleWithItsCountAndFindingsAtTheEnd) {
    Memory text;
    ReportSink report(text.file(), rules({"exec-from-thread,fork-with-threads"}));
    Event e;
    for (int i = 0; i < 12; ++i) {
        e.payload = Diagnostic{"exec-from-thread", "exec", "finding " + std::to_string(i), {}, {},
                               i == 0 ? std::vector<StackFrame>{{0x10, "main", 0x4, "/bin/x", 0x10}, {0x20, "", 0, "", 0}}
                                      : std::vector<StackFrame>{}};
        report.on_event(e);
    }
    EXPECT_EQ(text.text(), "");
    e.payload = TraceEnd{};
    report.on_event(e);
    const std::string want =
        "--- diagnostics: 12 found ---\n"
        "fork-with-threads        0  a process with several live threads forked a child with a copy of its memory\n"
        "exec-from-thread        12  a thread other than the leader ran exec, killing its sibling threads\n"
        "    finding 0\n"
        "        at main+0x4 (/bin/x)\n"
        "        at 0x20\n"
        "    finding 1\n    finding 2\n    finding 3\n    finding 4\n    finding 5\n"
        "    finding 6\n    finding 7\n    finding 8\n    finding 9\n"
        "    ... and 2 more\n";
    EXPECT_EQ(text.text(), want);
}

TEST(DiagnosticsText, ALineOfItsOwnThatQuietSilences) {
    Event e;
    e.live = 3;
    e.task = {100, 100, 1, "p"};
    e.payload = Diagnostic{"exec-from-thread", "exec", "bad\nbytes", {}, {}, {}};
    for (const int quiet : {0, 1}) {
        Memory trace, chatter;
        output::TextSink sink(trace.file(), chatter.file(), {output::TimestampStyle::none, false, quiet});
        sink.on_event(e);
        EXPECT_EQ(trace.text(), quiet == 0 ? "!!! exec-from-thread: bad\\nbytes\n" : "");
        EXPECT_EQ(chatter.text(), "");
    }
}

}  // namespace
}  // namespace ct::test
