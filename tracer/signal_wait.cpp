#include "tracer/signal_wait.h"

#include <array>
#include <ctime>
#include <utility>

namespace ct::tracer {
namespace {

constexpr std::array kStopSignals{SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// A task whose exit signal is 0 ends without a SIGCHLD; the tracer sees
// that end at most this long afterwards.
constexpr timespec kLongestSleep{0, 100'000'000};

StopRequest request_of(const siginfo_t& info) { return {info.si_signo, info.si_code == SI_KERNEL}; }

}  // namespace

SignalWait::SignalWait() {
    sigemptyset(&stop_set_);
    for (const int sig : kStopSignals) sigaddset(&stop_set_, sig);
    wait_set_ = stop_set_;
    sigaddset(&wait_set_, SIGCHLD);
    ::sigprocmask(SIG_BLOCK, &wait_set_, &saved_);
}

SignalWait::~SignalWait() {
    const timespec now{};
    siginfo_t info{};
    while (::sigtimedwait(&stop_set_, &info, &now) > 0) {}
    ::sigprocmask(SIG_SETMASK, &saved_, nullptr);
}

std::optional<StopRequest> SignalWait::take_stop() {
    if (!pending_) {
        const timespec now{};
        siginfo_t info{};
        if (::sigtimedwait(&stop_set_, &info, &now) > 0) pending_ = request_of(info);
    }
    return std::exchange(pending_, std::nullopt);
}

bool SignalWait::sleep() {
    siginfo_t info{};
    const int sig = ::sigtimedwait(&wait_set_, &info, &kLongestSleep);
    if (sig > 0 && sig != SIGCHLD) pending_ = request_of(info);
    return pending_.has_value();
}

}  // namespace ct::tracer
