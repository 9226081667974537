// -ff -o PREFIX, as strace writes it: each task's lines in a file of its own,
// PREFIX.TID, opened at its first line (a task with no line has no file) and
// closed when it ends, so a run of many short-lived tasks never holds more
// files open than it has tasks alive.
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "output/line_router.h"

namespace ct::output {

class FilePerTask final : public LineRouter {
public:
    // Opens the file of `tid`; `again` when this run wrote one for that tid
    // before (a reused tid), to be appended to. nullptr: its lines are dropped.
    using Open = std::function<std::unique_ptr<RoutedFile>(std::int32_t tid, bool again)>;

    // Lines about no task go to `elsewhere`.
    FilePerTask(Open open, std::FILE* elsewhere) : open_(std::move(open)), elsewhere_(elsewhere) {}
    ~FilePerTask() override { close_all(); }

    std::FILE* stream_for(std::int32_t tid) override;
    void task_ended(std::int32_t tid) override;
    bool one_task_per_stream() const override { return true; }
    void flush() override;
    // Closes every file still open; false when one of the files of the run could not be written.
    bool close_all();

private:
    void close(std::unique_ptr<RoutedFile>& file);

    Open open_;
    std::FILE* elsewhere_;
    std::unordered_map<std::int32_t, std::unique_ptr<RoutedFile>> open_files_;  // nullptr: could not be opened
    std::unordered_set<std::int32_t> had_file_;
    bool all_written_ = true;
};

}  // namespace ct::output
