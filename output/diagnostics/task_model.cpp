#include "output/diagnostics/task_model.h"

namespace ct::output::diagnostics {

using namespace decoder;

std::int32_t tgid_of(const TaskContext& task) { return task.tgid != 0 ? task.tgid : task.tid; }

void TaskModel::update(const Event& event) {
    const std::int32_t tid = event.task.tid;
    if (std::holds_alternative<TaskStart>(event.payload)) {
        const std::int32_t tgid = tgid_of(event.task);
        process_[tid] = tgid;
        threads_[tgid].insert(tid);
    } else if (std::holds_alternative<TaskExit>(event.payload)) {
        remove(tid);
    } else if (const auto* exec = std::get_if<Exec>(&event.payload); exec != nullptr && exec->former_tid != tid) {
        remove(exec->former_tid);  // the thread that ran exec goes on as the leader's tid
    }
}

void TaskModel::remove(std::int32_t tid) {
    const auto it = process_.find(tid);
    if (it == process_.end()) return;
    const auto threads = threads_.find(it->second);
    if (threads != threads_.end()) {
        threads->second.erase(tid);
        if (threads->second.empty()) threads_.erase(threads);
    }
    process_.erase(it);
}

std::vector<std::int32_t> TaskModel::threads_of(std::int32_t tgid) const {
    const auto it = threads_.find(tgid);
    if (it == threads_.end()) return {};
    return {it->second.begin(), it->second.end()};
}

std::size_t TaskModel::thread_count(std::int32_t tgid) const {
    const auto it = threads_.find(tgid);
    return it == threads_.end() ? 0 : it->second.size();
}

std::vector<std::int32_t> TaskModel::processes() const {
    std::vector<std::int32_t> out;
    for (const auto& [tgid, tids] : threads_) out.push_back(tgid);
    return out;
}

std::int32_t TaskModel::process_of(std::int32_t tid) const {
    const auto it = process_.find(tid);
    return it == process_.end() ? 0 : it->second;
}

}  // namespace ct::output::diagnostics
