#include "output/json_writer.h"

#include <iterator>

#include <fmt/format.h>

#include "output/escape.h"

namespace ct::output {

// Every value is appended to the one body string: no string per field.
std::string& JsonObject::key(std::string_view name) {
    if (!body_.empty()) body_ += ',';
    body_ += '"';
    append_json_escaped(body_, name);
    body_ += "\":";
    return body_;
}

JsonObject& JsonObject::number(std::string_view name, std::int64_t value) {
    fmt::format_to(std::back_inserter(key(name)), "{}", value);
    return *this;
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
    fmt::format_to(std::back_inserter(key(name)), "\"{:#x}\"", value);
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
