// FilePerTask (-ff -o PREFIX) under a TextSink: each task's lines in its own
// file, opened at its first line, closed at its end, appended to when a tid
// comes back, without [pid N] prefixes.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decoder/event.h"
#include "decoder/live_tasks.h"
#include "output/file_per_task.h"
#include "output/text_sink.h"

namespace ct::output {
namespace {

using namespace decoder;

// What the opener was asked, and every file's bytes by tid, kept after it closes.
struct Disk {
    std::map<std::int32_t, std::string> contents;
    std::vector<std::pair<std::int32_t, bool>> opened;  // (tid, again)
    std::vector<std::int32_t> closed;
    std::int32_t unwritable = 0;  // this tid's file cannot be opened
    std::int32_t lossy = 0;       // this tid's file loses bytes
    int open_now = 0;
};

class MemoryFile final : public RoutedFile {
public:
    MemoryFile(Disk& disk, std::int32_t tid) : disk_(disk), tid_(tid) {
        stream_ = open_memstream(&buf_, &len_);
        ++disk_.open_now;
    }
    ~MemoryFile() override { close(); }
    std::FILE* stream() const override { return stream_; }
    bool close() override {
        if (stream_ == nullptr) return true;
        std::fclose(stream_);
        stream_ = nullptr;
        disk_.contents[tid_] += std::string(buf_, len_);
        std::free(buf_);
        disk_.closed.push_back(tid_);
        --disk_.open_now;
        return tid_ != disk_.lossy;
    }

private:
    Disk& disk_;
    std::int32_t tid_;
    char* buf_ = nullptr;
    std::size_t len_ = 0;
    std::FILE* stream_ = nullptr;
};

FilePerTask::Open opener(Disk& disk) {
    return [&disk](std::int32_t tid, bool again) -> std::unique_ptr<RoutedFile> {
        disk.opened.emplace_back(tid, again);
        if (tid == disk.unwritable) return nullptr;
        return std::make_unique<MemoryFile>(disk, tid);
    };
}

Event event(std::int32_t tid, Payload payload) {
    Event e;
    e.task.tid = tid;
    e.task.tgid = tid;
    e.payload = std::move(payload);
    return e;
}

Event thread_event(std::int32_t tid, std::int32_t tgid, Payload payload) {
    Event e = event(tid, std::move(payload));
    e.task.tgid = tgid;
    return e;
}

TraceStart trace_start() {
    TraceStart t;
    t.host_arch = "x86_64";
    return t;
}

TaskStart born() { return TaskStart{StartReason::born, 0}; }

Creation fork_call(std::int64_t child) {
    Creation c;
    c.call.syscall = arch::SyscallKind::fork;
    c.call.abi = "x86_64";
    c.call.exit_signal = SIGCHLD;
    c.result = c.child.emplace().tid = static_cast<std::int32_t>(child);
    c.child->tgid = c.child->tid;
    return c;
}

TaskExit exited(int code) {
    TaskExit e;
    e.code = code;
    return e;
}

class Split : public ::testing::Test {
protected:
    void feed(Event e) {
        e.live = live_.count(e);
        sink_.on_event(e);
    }
    std::string chatter() {
        std::fflush(chatter_);
        return {chatter_buf_, chatter_len_};
    }
    void TearDown() override {
        std::fclose(chatter_);
        std::free(chatter_buf_);
    }

    Disk disk_;
    char* chatter_buf_ = nullptr;
    std::size_t chatter_len_ = 0;
    std::FILE* chatter_ = open_memstream(&chatter_buf_, &chatter_len_);
    FilePerTask files_{opener(disk_), chatter_};
    TextOptions options_;
    TextSink sink_{files_, chatter_, options_};
    LiveTasks live_;
};

TEST_F(Split, EachTasksLinesInItsOwnFileWithoutPrefixes) {
    feed(event(100, trace_start()));
    feed(event(100, TaskStart{StartReason::launched, 0}));
    feed(event(100, fork_call(101)));
    feed(event(101, born()));
    feed(thread_event(100, 100, fork_call(102)));
    feed(event(102, born()));
    feed(event(101, exited(3)));
    feed(event(102, exited(4)));
    feed(event(100, exited(0)));
    EXPECT_EQ(disk_.contents[100], "fork() = 101 (process)\nfork() = 102 (process)\n+++ exited with 0 +++\n");
    EXPECT_EQ(disk_.contents[101], "+++ exited with 3 +++\n");
    EXPECT_EQ(disk_.contents[102], "+++ exited with 4 +++\n");
    EXPECT_EQ(chatter(), "clonetrace: Process 101 attached\nclonetrace: Process 102 attached\n");
    EXPECT_EQ(disk_.open_now, 0);
    EXPECT_TRUE(files_.close_all());
}

TEST_F(Split, AFileOpensAtItsTasksFirstLineAndClosesAtItsEnd) {
    feed(event(100, trace_start()));
    feed(event(100, TaskStart{StartReason::launched, 0}));
    feed(event(101, born()));
    EXPECT_TRUE(disk_.opened.empty()) << "a start is no line";
    feed(event(100, fork_call(101)));
    EXPECT_EQ(disk_.open_now, 1);
    feed(event(101, exited(0)));
    EXPECT_EQ(disk_.closed, (std::vector<std::int32_t>{101}));
    EXPECT_EQ(disk_.open_now, 1);
    EXPECT_EQ(disk_.opened, (std::vector<std::pair<std::int32_t, bool>>{{100, false}, {101, false}}));
}

TEST_F(Split, AReusedTidIsAppendedTo) {
    feed(event(100, trace_start()));
    feed(event(100, TaskStart{StartReason::launched, 0}));
    feed(event(100, fork_call(101)));
    feed(event(101, born()));
    feed(event(101, exited(1)));
    feed(event(100, fork_call(101)));
    feed(event(101, born()));
    feed(event(101, exited(2)));
    EXPECT_EQ(disk_.opened, (std::vector<std::pair<std::int32_t, bool>>{{100, false}, {101, false}, {101, true}}));
    EXPECT_EQ(disk_.contents[101], "+++ exited with 1 +++\n+++ exited with 2 +++\n");
}

TEST_F(Split, AThreadThatRanExecGoesOnInItsLeadersFile) {
    feed(event(100, trace_start()));
    feed(event(100, TaskStart{StartReason::launched, 0}));
    Creation thread = fork_call(101);
    thread.child->tgid = 100;
    feed(event(100, thread));
    feed(thread_event(101, 100, born()));
    feed(thread_event(101, 100, Signal{}));
    EXPECT_EQ(disk_.open_now, 2);
    Exec x;
    x.path = "/bin/true";
    x.former_tid = 101;
    feed(event(100, x));
    EXPECT_EQ(disk_.closed, (std::vector<std::int32_t>{101}));
    feed(event(100, exited(0)));
    EXPECT_EQ(disk_.contents[100].substr(disk_.contents[100].find('\n') + 1),
              "--- exec \"/bin/true\" by thread 101 ---\n+++ exited with 0 +++\n");
}

TEST_F(Split, AFileThatCannotBeOpenedLosesOnlyItsTasksLines) {
    disk_.unwritable = 101;
    feed(event(100, trace_start()));
    feed(event(100, TaskStart{StartReason::launched, 0}));
    feed(event(100, fork_call(101)));
    feed(event(101, born()));
    feed(event(101, exited(1)));
    feed(event(100, exited(0)));
    EXPECT_EQ(disk_.contents.count(101), 0U);
    EXPECT_EQ(disk_.contents[100], "fork() = 101 (process)\n+++ exited with 0 +++\n");
    EXPECT_FALSE(files_.close_all());
}

TEST_F(Split, AFileThatLostBytesIsReportedAtTheEnd) {
    disk_.lossy = 100;
    feed(event(100, trace_start()));
    feed(event(100, TaskStart{StartReason::launched, 0}));
    feed(event(100, fork_call(101)));
    EXPECT_FALSE(files_.close_all());
}

TEST_F(Split, LinesAboutNoTaskGoElsewhere) {
    EXPECT_EQ(files_.stream_for(0), chatter_);
    EXPECT_TRUE(disk_.opened.empty());
}

}  // namespace
}  // namespace ct::output
