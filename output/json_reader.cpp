#include "output/json_reader.h"

#include <charconv>

#include <fmt/format.h>

namespace ct::output {
namespace {

constexpr int kMaxDepth = 32;  // clonetrace writes three levels at most

struct Error {
    std::string message;
};

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    JsonValue document() {
        JsonValue v = value(0);
        skip_space();
        if (pos_ != text_.size()) fail("text after the value");
        return v;
    }

private:
    [[noreturn]] void fail(std::string_view what) const { throw Error{fmt::format("{} at byte {}", what, pos_ + 1)}; }

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }

    char peek() {
        skip_space();
        if (pos_ >= text_.size()) fail("unexpected end");
        return text_[pos_];
    }

    void expect(char c) {
        if (peek() != c) fail(fmt::format("expected '{}'", c));
        ++pos_;
    }

    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    JsonValue value(int depth) {
        if (depth > kMaxDepth) fail("nested too deep");
        JsonValue v;
        const char c = peek();
        if (c == '{') {
            v.kind = JsonValue::Kind::object;
            ++pos_;
            if (peek() == '}') return ++pos_, v;
            do {
                if (peek() != '"') fail("expected a key");
                std::string key = string_body();
                expect(':');
                v.keys.push_back(std::move(key));
                v.values.push_back(value(depth + 1));
            } while (comma_or('}'));
        } else if (c == '[') {
            v.kind = JsonValue::Kind::array;
            ++pos_;
            if (peek() == ']') return ++pos_, v;
            do v.array.push_back(value(depth + 1));
            while (comma_or(']'));
        } else if (c == '"') {
            v.kind = JsonValue::Kind::string;
            v.string = string_body();
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            v.kind = JsonValue::Kind::integer;
            v.integer = integer();
        } else if (literal("true")) {
            v.kind = JsonValue::Kind::boolean;
            v.boolean = true;
        } else if (literal("false")) {
            v.kind = JsonValue::Kind::boolean;
        } else if (!literal("null")) {
            fail("not a JSON value");
        }
        return v;
    }

    bool comma_or(char close) {
        const char c = peek();
        ++pos_;
        if (c == ',') return true;
        if (c != close) fail(fmt::format("expected ',' or '{}'", close));
        return false;
    }

    std::int64_t integer() {
        std::int64_t out = 0;
        const char* begin = text_.data() + pos_;
        const auto [end, ec] = std::from_chars(begin, text_.data() + text_.size(), out);
        if (ec == std::errc::result_out_of_range) fail("integer out of range");
        if (ec != std::errc()) fail("bad number");
        pos_ += static_cast<std::size_t>(end - begin);
        if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E'))
            fail("a number that is not an integer");
        return out;
    }

    unsigned hex4() {
        if (pos_ + 4 > text_.size()) fail("short \\u escape");
        unsigned out = 0;
        const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, out, 16);
        if (ec != std::errc() || end != text_.data() + pos_ + 4) fail("bad \\u escape");
        pos_ += 4;
        return out;
    }

    static void put_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xc0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xe0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            out += static_cast<char>(0xf0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        }
    }

    void escape(std::string& out) {
        if (pos_ >= text_.size()) fail("unexpected end");
        const char c = text_[pos_++];
        switch (c) {
            case '"': case '\\': case '/': out += c; return;
            case 'b': out += '\b'; return;
            case 'f': out += '\f'; return;
            case 'n': out += '\n'; return;
            case 'r': out += '\r'; return;
            case 't': out += '\t'; return;
            case 'u': break;
            default: fail("bad escape");
        }
        const unsigned unit = hex4();
        if (unit >= 0xdc80 && unit <= 0xdcff) {
            out += static_cast<char>(unit - 0xdc00);  // a byte that was not UTF-8
        } else if (unit >= 0xd800 && unit <= 0xdbff) {
            if (!literal("\\u")) fail("a high surrogate alone");
            const unsigned low = hex4();
            if (low < 0xdc00 || low > 0xdfff) fail("a high surrogate without its low half");
            put_utf8(out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
            fail("a low surrogate alone");
        } else {
            put_utf8(out, unit);
        }
    }

    std::string string_body() {
        ++pos_;  // the opening quote
        std::string out;
        for (;;) {
            if (pos_ >= text_.size()) fail("unterminated string");
            const char c = text_[pos_++];
            if (c == '"') return out;
            if (c == '\\') escape(out);
            else if (static_cast<unsigned char>(c) < 0x20) fail("a control character in a string");
            else out += c;
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key) return &values[i];
    return nullptr;
}

JsonParse parse_json(std::string_view text) {
    try {
        return {Parser(text).document(), {}};
    } catch (const Error& e) {
        return {std::nullopt, e.message};
    }
}

}  // namespace ct::output
