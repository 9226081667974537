// What -e trace= and -e signal= let through to a trace output (text or JSON
// Lines, live or replayed): creation lines of the chosen calls, signal lines
// of the chosen signals (and group-stops by them). Every other event passes; the views (summary, tree,
// timeline, diagnostics) see the whole stream, since a tree needs each
// child's creation.
#pragma once

#include <bitset>
#include <memory>

#include "arch/calls.h"
#include "decoder/event.h"

namespace ct::output {

using decoder::SignalSet;
// The calls -e trace= chooses among, by arch::SyscallKind, and exec: the
// exec line is what execve and execveat show.
inline constexpr std::size_t kExecCall = arch::kSyscallKindCount;
using CallSet = std::bitset<arch::kSyscallKindCount + 1>;

struct EventSelection {
    CallSet calls = CallSet().set();
    SignalSet signals = SignalSet().set();

    bool shows(const decoder::Event& event) const;
    bool shows_signal(std::uint64_t signo) const { return signo < signals.size() && signals[signo]; }
    bool everything() const { return calls.all() && signals.all(); }
};

class SelectedEvents final : public decoder::EventSink {
public:
    SelectedEvents(EventSelection selection, std::unique_ptr<decoder::EventSink> inner)
        : selection_(selection), inner_(std::move(inner)) {}
    void on_event(const decoder::Event& event) override {
        if (selection_.shows(event)) inner_->on_event(event);
    }
    void flush() override { inner_->flush(); }

private:
    EventSelection selection_;
    std::unique_ptr<decoder::EventSink> inner_;
};

}  // namespace ct::output
