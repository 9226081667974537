// The creating thread's user-space stack at a creation call, unwound with
// libunwind's ptrace accessors and named from the modules' symbol tables.
// What is learnt about an address space (unwind tables, which ips they
// cover) is kept per process until it runs exec, ends, or its code mappings
// change; the mappings themselves are read at every unwind.
#pragma once

#include <cstdint>
#include <memory>
#include <sys/types.h>
#include <unordered_map>
#include <vector>

#include "decoder/event.h"
#include "tracer/module_symbols.h"

namespace ct::tracer {

class StackUnwinder {
public:
    explicit StackUnwinder(unsigned max_depth);
    ~StackUnwinder();
    StackUnwinder(const StackUnwinder&) = delete;
    StackUnwinder& operator=(const StackUnwinder&) = delete;

    // `tid` is in a ptrace stop. Never fails: a stack that cannot be
    // followed further ends where it could not (empty when nothing was read).
    std::vector<decoder::StackFrame> unwind(pid_t tid, pid_t tgid);
    // The process ran exec, ended, or is new: what was known of its memory is void.
    void forget(pid_t tgid);

    struct Space;

private:
    Space& space(pid_t tgid);
    decoder::StackFrame frame(const Space& space, std::uint64_t ip, bool after_call);

    unsigned max_depth_;
    std::unordered_map<pid_t, std::unique_ptr<Space>> spaces_;
    ModuleSymbols symbols_;
};

}  // namespace ct::tracer
