// unreaped-children: a process's children that had ended and that it never
// waited for, still zombies when it ended or when clonetrace detached from
// it. The tracer reads them from /proc at those moments (see TaskExit);
// the rule names them.
#pragma once

#include "output/diagnostics/rule.h"

namespace ct::output::diagnostics {

class UnreapedChildren final : public Rule {
public:
    explicit UnreapedChildren(const RuleSettings&) {}
    void on_event(const decoder::Event& event, const TaskModel& tasks, std::vector<decoder::Event>& out) override;
};

}  // namespace ct::output::diagnostics
