// The words the JSON form uses for enumerations of the event model, shared
// by the writer and the reader so a saved trace reads back as it was written.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace ct::output {

inline constexpr int kJsonSchemaVersion = 2;

// The line -c adds with --json; a view of the events before it, not an event.
inline constexpr std::string_view kSummaryEventName = "summary";

inline constexpr std::array<std::string_view, 4> kOutcomeNames{"created", "failed", "restarted", "unfinished"};
inline constexpr std::array<std::string_view, 3> kStartReasonNames{"launched", "attached", "born"};
inline constexpr std::array<std::string_view, 3> kArgsStatusNames{"ok", "too_small", "unreadable"};
inline constexpr std::array<std::string_view, 2> kMessageLevelNames{"notice", "warning"};
inline constexpr std::array<std::string_view, 2> kFilterModeNames{"wrapped", "syscall_stops"};
inline constexpr std::array<std::string_view, 3> kFollowingNames{"seccomp", "events", "syscall_stops"};
inline constexpr std::array<std::string_view, 3> kStackGapNames{"none", "other_abi", "unreadable"};
inline constexpr std::array<std::string_view, 2> kUnseenNames{"failed_calls", "restarts"};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) {
    return names[static_cast<std::size_t>(value)];
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == name) return static_cast<Enum>(i);
    return std::nullopt;
}

}  // namespace ct::output
