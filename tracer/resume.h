// Letting a stopped task run on, up to the next stop it needs.
#pragma once

#include "tracer/task_table.h"

namespace ct::tracer {

// An interface so that the units deciding when a task runs on can be tested
// without a process.
class TaskResumer {
public:
    virtual void resume(const Task& task, int sig) = 0;  // sig: the signal it is to receive, or 0

protected:
    ~TaskResumer() = default;
};

class PtraceResumer final : public TaskResumer {
public:
    void resume(const Task& task, int sig) override;
};

}  // namespace ct::tracer
