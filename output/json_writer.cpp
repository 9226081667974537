#include "output/json_writer.h"

#include <array>
#include <iterator>

#include <fmt/format.h>

#include "output/escape.h"

namespace ct::output {

// Every value is appended to the one body string: no string per field.
// Keys are the schema's own names: nothing in them needs escaping.
std::string& JsonObject::key(std::string_view name) {
    if (body_.empty()) body_.reserve(kTypicalBody);
    const std::string_view open = body_.empty() ? std::string_view("\"") : std::string_view(",\"");
    body_.append(open).append(name).append("\":");
    return body_;
}

JsonObject& JsonObject::number(std::string_view name, std::int64_t value) {
    const fmt::format_int digits(value);
    key(name).append(digits.data(), digits.size());
    return *this;
}

JsonObject& JsonObject::thousandths(std::string_view name, std::int64_t value) {
    const char* sign = value < 0 ? "-" : "";
    const std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    key(name) += fmt::format("{}{}.{:03}", sign, magnitude / 1000, magnitude % 1000);
    return *this;
}

std::string JsonObject::str() const {
    std::string out;
    out.reserve(body_.size() + 2);
    out += '{';
    out += body_;
    out += '}';
    return out;
}

JsonObject& JsonObject::boolean(std::string_view name, bool value) {
    key(name) += value ? "true" : "false";
    return *this;
}

JsonObject& JsonObject::null(std::string_view name) {
    key(name) += "null";
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
    do {
        *--first = "0123456789abcdef"[value & 0xf];
        value >>= 4;
    } while (value != 0);
    key(name).append("\"0x").append(first, digits.end()) += '"';
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
