// The clocks the tracer reads, inline: the event loop polls one of them
// between stops.
#pragma once

#include <cstdint>
#include <ctime>

namespace ct::tracer {

inline std::int64_t now_ns(clockid_t clock) {
    timespec ts{};
    ::clock_gettime(clock, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace ct::tracer
