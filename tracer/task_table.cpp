#include "tracer/task_table.h"

namespace ct::tracer {

decoder::TaskContext context_of(const Task& task) { return {task.tid, task.tgid, task.ppid, task.comm}; }

}  // namespace ct::tracer
