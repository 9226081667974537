#include "output/escape.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <cstdint>

#include <fmt/format.h>

namespace ct::output {
namespace {

struct Escape {
    char byte;
    std::string_view text;
};
constexpr std::array<Escape, 7> kCEscapes{{
    {'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\t', "\\t"}, {'\r', "\\r"}, {'\f', "\\f"}, {'\v', "\\v"}}};
constexpr std::array<Escape, 7> kJsonEscapes{{
    {'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\t', "\\t"}, {'\r', "\\r"}, {'\f', "\\f"}, {'\b', "\\b"}}};

template <std::size_t N>
const Escape* find_escape(const std::array<Escape, N>& table, char c) {
    for (const Escape& e : table)
        if (e.byte == c) return &e;
    return nullptr;
}

// Length of the valid UTF-8 sequence at `s[i]`, or 0 when it is not one
// (overlong forms, surrogates and values above U+10FFFF are not valid).
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[i + k]); };
    const std::uint8_t lead = b(0);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (lead >= 0xc2 && lead <= 0xdf) { len = 2; cp = lead & 0x1f; }
    else if (lead >= 0xe0 && lead <= 0xef) { len = 3; cp = lead & 0x0f; }
    else if (lead >= 0xf0 && lead <= 0xf4) { len = 4; cp = lead & 0x07; }
    else return 0;
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((b(k) & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (b(k) & 0x3f);
    }
    constexpr std::array<std::uint32_t, 5> kMinForLength{0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return len;
}

}  // namespace

std::string quote_if_needed(std::string_view bytes) {
    const bool plain = std::all_of(bytes.begin(), bytes.end(), [](char c) {
        return c >= ' ' && c <= '~' && c != '"' && c != '\\';
    });
    return plain ? std::string(bytes) : quote_c(bytes);
}

std::string quote_c(std::string_view bytes) {
    std::string out = "\"";
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (const Escape* e = find_escape(kCEscapes, c)) out += e->text;
        else if (u >= 0x20 && u < 0x7f) out += c;
        else out += fmt::format("\\{:03o}", u);
    }
    out += '"';
    return out;
}

std::string escape_c(std::string_view bytes) {
    const std::string quoted = quote_c(bytes);
    return quoted.substr(1, quoted.size() - 2);
}

void append_json_escaped(std::string& out, std::string_view bytes) {
    // Most names and paths are plain ASCII: copied in one piece.
    const bool plain = std::all_of(bytes.begin(), bytes.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
    });
    if (plain) {
        out.append(bytes);
        return;
    }
    for (std::size_t i = 0; i < bytes.size();) {
        const char c = bytes[i];
        const auto u = static_cast<unsigned char>(c);
        if (const Escape* e = find_escape(kJsonEscapes, c)) {
            out += e->text;
            ++i;
        } else if (u < 0x20 || u == 0x7f) {
            fmt::format_to(std::back_inserter(out), "\\u{:04x}", u);
            ++i;
        } else if (u < 0x80) {
            out += c;
            ++i;
        } else if (const std::size_t len = utf8_length(bytes, i)) {
            out.append(bytes.substr(i, len));
            i += len;
        } else {
            fmt::format_to(std::back_inserter(out), "\\u{:04x}", 0xdc00 + u);
            ++i;
        }
    }
}

std::string json_escape(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    append_json_escaped(out, bytes);
    return out;
}

}  // namespace ct::output
