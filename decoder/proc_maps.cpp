#include "decoder/proc_maps.h"

#include <algorithm>
#include <charconv>

namespace ct::decoder {
namespace {

// Reads one hex number from the front of `text`, then skips `separator`.
bool take_hex(std::string_view& text, std::uint64_t& out, char separator) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
    if (ec != std::errc{} || end == text.data()) return false;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (text.empty() || text.front() != separator) return false;
    text.remove_prefix(1);
    return true;
}

bool take_word(std::string_view& text, std::string_view& word) {
    const std::size_t space = text.find(' ');
    if (space == std::string_view::npos || space == 0) return false;
    word = text.substr(0, space);
    text.remove_prefix(space + 1);
    return true;
}

// "start-end perms offset major:minor inode   path"
std::optional<Mapping> parse_line(std::string_view line) {
    Mapping m;
    std::string_view perms;
    std::uint64_t major = 0;
    std::uint64_t minor = 0;
    if (!take_hex(line, m.start, '-') || !take_hex(line, m.end, ' ') || !take_word(line, perms) ||
        !take_hex(line, m.file_offset, ' ') || !take_hex(line, major, ':') || !take_hex(line, minor, ' '))
        return std::nullopt;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), m.inode, 10);
    if (ec != std::errc{} || m.start >= m.end || perms.size() < 3) return std::nullopt;
    line.remove_prefix(static_cast<std::size_t>(end - line.data()));
    const std::size_t path = line.find_first_not_of(' ');
    if (path != std::string_view::npos) m.path = line.substr(path);
    m.executable = perms[2] == 'x';
    m.device = major << 32 | minor;
    return m;
}

}  // namespace

std::vector<Mapping> parse_proc_maps(std::string_view text) {
    std::vector<Mapping> out;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        if (auto m = parse_line(text.substr(0, nl))) out.push_back(std::move(*m));
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    std::sort(out.begin(), out.end(), [](const Mapping& a, const Mapping& b) { return a.start < b.start; });
    return out;
}

const Mapping* find_mapping(const std::vector<Mapping>& mappings, std::uint64_t address) {
    const auto it = std::upper_bound(mappings.begin(), mappings.end(), address,
                                     [](std::uint64_t a, const Mapping& m) { return a < m.start; });
    if (it == mappings.begin()) return nullptr;
    const Mapping& m = *(it - 1);
    return m.contains(address) ? &m : nullptr;
}

}  // namespace ct::decoder
