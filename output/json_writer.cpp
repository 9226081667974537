#include "output/json_writer.h"

#include <algorithm>
#include <array>
#include <iterator>

#include <fmt/format.h>

#include "output/escape.h"

namespace ct::output {

// Every value is appended to the one body string: no string per field.
// Keys are the schema's own names: nothing in them needs escaping.
std::string& JsonObject::key(std::string_view name) {
    short_field(name, {});
    return body_;
}

void JsonObject::short_field(std::string_view name, std::string_view value) {
    // Composed on the stack and appended once: each append of a std::string
    // checks its room and calls memcpy, which costs more than the bytes.
    constexpr std::size_t kRoom = 128;
    if (body_.empty()) body_.reserve(kTypicalBody);
    if (name.size() + value.size() + 4 > kRoom) {
        body_.append(body_.empty() ? "\"" : ",\"").append(name).append("\":").append(value);
        return;
    }
    std::array<char, kRoom> piece;
    char* p = piece.data();
    if (!body_.empty()) *p++ = ',';
    *p++ = '"';
    p = std::copy(name.begin(), name.end(), p);
    *p++ = '"';
    *p++ = ':';
    p = std::copy(value.begin(), value.end(), p);
    body_.append(piece.data(), static_cast<std::size_t>(p - piece.data()));
}

JsonObject& JsonObject::number(std::string_view name, std::int64_t value) {
    const fmt::format_int digits(value);
    short_field(name, {digits.data(), digits.size()});
    return *this;
}

JsonObject& JsonObject::thousandths(std::string_view name, std::int64_t value) {
    const char* sign = value < 0 ? "-" : "";
    const std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    key(name) += fmt::format("{}{}.{:03}", sign, magnitude / 1000, magnitude % 1000);
    return *this;
}

std::string JsonObject::str() const& {
    std::string out;
    out.reserve(body_.size() + 2);
    out += '{';
    out += body_;
    out += '}';
    return out;
}

std::string JsonObject::str() && {
    body_.insert(body_.begin(), '{');
    body_ += '}';
    return std::move(body_);
}

JsonObject& JsonObject::boolean(std::string_view name, bool value) {
    short_field(name, value ? "true" : "false");
    return *this;
}

JsonObject& JsonObject::null(std::string_view name) {
    short_field(name, "null");
    return *this;
}

JsonObject& JsonObject::string(std::string_view name, std::string_view untrusted_bytes) {
    std::string& out = key(name);
    out += '"';
    append_json_escaped(out, untrusted_bytes);
    out += '"';
    return *this;
}

JsonObject& JsonObject::hex(std::string_view name, std::uint64_t value) {
    // By hand: this is the most frequent field, and "{:#x}" costs a format parse.
    std::array<char, 20> digits{};
    auto first = digits.end();
    *--first = '"';
    do {
        *--first = "0123456789abcdef"[value & 0xf];
        value >>= 4;
    } while (value != 0);
    *--first = 'x';
    *--first = '0';
    *--first = '"';
    short_field(name, {first, static_cast<std::size_t>(digits.end() - first)});
    return *this;
}

JsonObject& JsonObject::name(std::string_view name, std::string_view own_name) {
    std::string& out = key(name);
    out += '"';
    out.append(own_name) += '"';
    return *this;
}

JsonObject& JsonObject::names(std::string_view name, const std::vector<std::string_view>& own_names) {
    std::string& out = key(name);
    out += '[';
    for (std::size_t i = 0; i < own_names.size(); ++i) {
        if (i != 0) out += ',';
        out += '"';
        out.append(own_names[i]) += '"';
    }
    out += ']';
    return *this;
}

JsonObject& JsonObject::object(std::string_view name, const JsonObject& value) {
    std::string& out = key(name);
    out += '{';
    out += value.body_;
    out += '}';
    return *this;
}

JsonObject& JsonObject::objects(std::string_view name, const std::vector<JsonObject>& values) {
    std::string& out = key(name);
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i != 0) out += ',';
        out += '{';
        out += values[i].body_;
        out += '}';
    }
    out += ']';
    return *this;
}

JsonObject& JsonObject::strings(std::string_view name, const std::vector<std::string>& values) {
    std::string& out = key(name);
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i != 0) out += ',';
        out += '"';
        append_json_escaped(out, values[i]);
        out += '"';
    }
    out += ']';
    return *this;
}

JsonObject& JsonObject::numbers(std::string_view name, const std::vector<std::int64_t>& values) {
    fmt::format_to(std::back_inserter(key(name)), "[{}]", fmt::join(values, ","));
    return *this;
}

}  // namespace ct::output
