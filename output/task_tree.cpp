#include "output/task_tree.h"

#include <unordered_map>

namespace ct::output {

TaskTree build_task_tree(const std::vector<TaskLife>& lives) {
    TaskTree tree;
    std::vector<std::size_t> process_of(lives.size());
    std::unordered_map<std::int32_t, std::size_t> latest_process;  // tgid -> node; lives come in start order
    for (std::size_t i = 0; i < lives.size(); ++i) {
        const TaskLife& life = lives[i];
        const auto group = latest_process.find(life.tgid);
        const bool leads = life.tid == life.tgid || life.tgid == 0 || group == latest_process.end();
        if (!leads) {
            process_of[i] = group->second;
            tree.processes[group->second].threads.push_back(i);
            continue;
        }
        const std::size_t node = tree.processes.size();
        tree.processes.emplace_back();
        tree.processes[node].leader = i;
        process_of[i] = node;
        latest_process[life.tgid] = node;
        if (life.creator_life) tree.processes[process_of[*life.creator_life]].children.push_back(node);
        else tree.roots.push_back(node);
    }
    return tree;
}

}  // namespace ct::output
