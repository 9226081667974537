#include "output/json_writer.h"

#include <fmt/format.h>

#include "output/escape.h"

namespace ct::output {

JsonObject& JsonObject::raw(std::string_view key, std::string_view json) {
    if (!body_.empty()) body_ += ',';
    body_ += fmt::format("\"{}\":{}", json_escape(key), json);
    return *this;
}

JsonObject& JsonObject::number(std::string_view key, std::int64_t value) { return raw(key, fmt::format("{}", value)); }
JsonObject& JsonObject::boolean(std::string_view key, bool value) { return raw(key, value ? "true" : "false"); }
JsonObject& JsonObject::null(std::string_view key) { return raw(key, "null"); }
JsonObject& JsonObject::string(std::string_view key, std::string_view untrusted_bytes) {
    return raw(key, fmt::format("\"{}\"", json_escape(untrusted_bytes)));
}
JsonObject& JsonObject::hex(std::string_view key, std::uint64_t value) { return raw(key, fmt::format("\"{:#x}\"", value)); }
JsonObject& JsonObject::object(std::string_view key, const JsonObject& value) { return raw(key, value.str()); }

JsonObject& JsonObject::objects(std::string_view key, const std::vector<JsonObject>& values) {
    std::vector<std::string> bodies;
    for (const JsonObject& v : values) bodies.push_back(v.str());
    return raw(key, fmt::format("[{}]", fmt::join(bodies, ",")));
}

JsonObject& JsonObject::strings(std::string_view key, const std::vector<std::string>& values) {
    std::vector<std::string> quoted;
    for (const std::string& v : values) quoted.push_back(fmt::format("\"{}\"", json_escape(v)));
    return raw(key, fmt::format("[{}]", fmt::join(quoted, ",")));
}

JsonObject& JsonObject::numbers(std::string_view key, const std::vector<std::int64_t>& values) {
    return raw(key, fmt::format("[{}]", fmt::join(values, ",")));
}

}  // namespace ct::output
