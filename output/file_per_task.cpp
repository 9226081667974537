#include "output/file_per_task.h"

namespace ct::output {

std::FILE* FilePerTask::stream_for(std::int32_t tid) {
    if (tid == 0) return elsewhere_;
    auto [it, first_line] = open_files_.try_emplace(tid);
    if (first_line) {
        it->second = open_(tid, !had_file_.insert(tid).second);
        all_written_ = all_written_ && it->second != nullptr;
    }
    return it->second ? it->second->stream() : nullptr;
}

void FilePerTask::task_ended(std::int32_t tid) {
    const auto it = open_files_.find(tid);
    if (it == open_files_.end()) return;
    close(it->second);
    open_files_.erase(it);
}

void FilePerTask::flush() {
    for (const auto& [tid, file] : open_files_)
        if (file) std::fflush(file->stream());
}

bool FilePerTask::close_all() {
    for (auto& [tid, file] : open_files_) close(file);
    open_files_.clear();
    return all_written_;
}

void FilePerTask::close(std::unique_ptr<RoutedFile>& file) {
    if (file && !file->close()) all_written_ = false;
    file.reset();
}

}  // namespace ct::output
