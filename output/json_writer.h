// One JSON object built field by field into one string; strings escaped by
// json_escape.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ct::output {

class JsonObject {
public:
    // Keys are the schema's names (plain ASCII, written as they are); values
    // that come from the traced program go through string(), which escapes.
    JsonObject& number(std::string_view key, std::int64_t value);
    JsonObject& thousandths(std::string_view key, std::int64_t value);  // value / 1000 exactly: 1234567 -> 1234.567
    JsonObject& boolean(std::string_view key, bool value);
    JsonObject& null(std::string_view key);
    JsonObject& string(std::string_view key, std::string_view untrusted_bytes);
    JsonObject& hex(std::string_view key, std::uint64_t value);  // "0x...": 64 bits do not fit a JSON number exactly
    JsonObject& strings(std::string_view key, const std::vector<std::string>& values);
    // Values from clonetrace's own tables (flag, call and signal names):
    // plain ASCII, written as they are.
    JsonObject& name(std::string_view key, std::string_view own_name);
    JsonObject& names(std::string_view key, const std::vector<std::string_view>& own_names);
    JsonObject& numbers(std::string_view key, const std::vector<std::int64_t>& values);
    JsonObject& object(std::string_view key, const JsonObject& value);
    JsonObject& objects(std::string_view key, const std::vector<JsonObject>& values);
    std::string str() const&;
    std::string str() &&;  // the object's own string, not a copy

private:
    static constexpr std::size_t kTypicalBody = 512;  // an event's fields, with room to spare
    std::string& key(std::string_view name);  // appends `"name":`, returns the body
    // `"name":` and a short value appended in one piece: the most frequent fields.
    void short_field(std::string_view name, std::string_view value);
    std::string body_;  // the fields, without the braces
};

}  // namespace ct::output
