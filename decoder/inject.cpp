#include "decoder/inject.h"

#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "decoder/names.h"

namespace ct::decoder {
namespace {

constexpr std::int64_t kErrnoMax = 4095;
constexpr std::string_view kAllCreation = "creation";

std::optional<std::uint64_t> count_number(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0) return std::nullopt;
    return value;
}

std::optional<InjectWhen> parse_when(std::string_view text) {
    InjectWhen when;
    if (const std::size_t dots = text.find(".."); dots != std::string_view::npos) {
        const auto first = count_number(text.substr(0, dots));
        const auto last = count_number(text.substr(dots + 2));
        if (!first || !last || *last < *first) return std::nullopt;
        return InjectWhen{*first, 1, *last};
    }
    const std::size_t plus = text.find('+');
    const auto first = count_number(text.substr(0, plus));
    if (!first) return std::nullopt;
    when.first = *first;
    if (plus == std::string_view::npos) {
        when.step = 0;
        when.last = *first;
    } else if (plus + 1 < text.size()) {
        const auto step = count_number(text.substr(plus + 1));
        if (!step) return std::nullopt;
        when.step = *step;
    }
    return when;
}

std::optional<std::vector<arch::SyscallKind>> parse_set(std::string_view text) {
    std::vector<arch::SyscallKind> out;
    for (const arch::CallRow& row : arch::call_table()) {
        if (!arch::is_creation(row.kind)) continue;
        if (text == kAllCreation || text == row.name) out.push_back(row.kind);
    }
    if (out.empty()) return std::nullopt;
    return out;
}

}  // namespace

bool inject_fires(const InjectWhen& when, std::uint64_t count) {
    if (count < when.first || count > when.last) return false;
    if (when.step == 0) return count == when.first;
    return (count - when.first) % when.step == 0;
}

std::variant<InjectRule, InjectError> parse_inject(std::string_view spec) {
    InjectRule rule;
    const std::size_t colon = spec.find(':');
    const auto calls = parse_set(spec.substr(0, colon));
    if (!calls)
        return InjectError{fmt::format("'{}' is not clone, clone3, fork, vfork, unshare, setns nor 'creation'",
                                       spec.substr(0, colon))};
    rule.calls = *calls;
    bool has_error = false;
    std::string_view rest = colon == std::string_view::npos ? std::string_view{} : spec.substr(colon + 1);
    while (!rest.empty()) {
        const std::size_t next = rest.find(':');
        const std::string_view part = rest.substr(0, next);
        rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
        const std::size_t eq = part.find('=');
        const std::string_view key = part.substr(0, eq);
        const std::string_view value = eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
        if (key == "error") {
            const auto err = errno_by_name(value);
            if (!err || *err <= 0 || *err > kErrnoMax)
                return InjectError{fmt::format("'{}' is not an errno name or number", value)};
            rule.error = *err;
            has_error = true;
        } else if (key == "when") {
            const auto when = parse_when(value);
            if (!when) return InjectError{fmt::format("'{}' is not N, N+, N+STEP or N..M (counted from 1)", value)};
            rule.when = *when;
        } else if (key == "retval") {
            // No child would exist, and a caller told 0 would run its child's code.
            return InjectError{"retval= is refused: a faked clone, fork or vfork leaves the program waiting for "
                               "a child that does not exist, or running the child's code itself, and a faked "
                               "unshare or setns leaves it in namespaces other than it believes"};
        } else {
            return InjectError{fmt::format("'{}' is not error=, when= or retval=", part)};
        }
    }
    if (!has_error) return InjectError{"error=ERRNO is required"};
    return rule;
}

}  // namespace ct::decoder
