// Reads one JSON text into a tree of values: enough JSON for clonetrace's
// own JSON Lines, with every string turned back into the bytes json_escape
// wrote (a lone \udcXX escape is the byte XX). Numbers are integers, as in
// every field clonetrace writes. Untrusted input: nesting is bounded and
// every error is a message, never a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ct::output {

struct JsonValue {
    enum class Kind : std::uint8_t { null, boolean, integer, string, array, object };
    Kind kind = Kind::null;
    bool boolean = false;
    std::int64_t integer = 0;
    std::string string;  // bytes
    std::vector<JsonValue> array;
    // An object's members in order; two vectors, since a pair cannot hold
    // the type being defined.
    std::vector<std::string> keys;
    std::vector<JsonValue> values;

    const JsonValue* find(std::string_view key) const;
};

struct JsonParse {
    std::optional<JsonValue> value;
    std::string error;  // when value is empty: what is wrong, and at which byte
};

JsonParse parse_json(std::string_view text);

}  // namespace ct::output
