// Escaping untrusted bytes for text and JSON output.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "output/escape.h"

namespace ct::output {
namespace {

using namespace std::string_literals;

struct Row {
    std::string in;
    std::string out;
};

TEST(QuoteC, Escapes) {
    const Row rows[] = {
        {"", R"("")"},
        {"/usr/bin/true", R"("/usr/bin/true")"},
        {"a b~!", R"("a b~!")"},
        {"say \"hi\"", R"("say \"hi\"")"},
        {"C:\\dir", R"("C:\\dir")"},
        {"line\n", R"("line\n")"},
        {"a\tb", R"("a\tb")"},
        {"\x01", R"("\001")"},
        {"\xff", R"("\377")"},
        {"\x7f", R"("\177")"},
        {"x\x01" "7", R"("x\0017")"},
        {"\0a"s, R"("\000a")"},
        {"\xe2\x82\xac", R"("\342\202\254")"},
    };
    for (const Row& r : rows) EXPECT_EQ(quote_c(r.in), r.out) << r.out;
}

TEST(JsonEscape, AsciiAndEscapes) {
    const Row rows[] = {
        {"", ""},
        {"hello world", "hello world"},
        {"say \"hi\"", R"(say \"hi\")"},
        {"back\\slash", R"(back\\slash)"},
        {"a\nb\tc\rd", R"(a\nb\tc\rd)"},
        {"\x01", R"(\u0001)"},
        {"\x1f", R"(\u001f)"},
        {"\0"s, R"(\u0000)"},
        {"\x7f", R"(\u007f)"},
        {"/", "/"},
    };
    for (const Row& r : rows) EXPECT_EQ(json_escape(r.in), r.out) << r.out;
}

TEST(JsonEscape, ValidUtf8PassesThrough) {
    for (const std::string& s : {"\xc3\xa9"s,                  // U+00E9
                                "\xc2\x80"s,                  // U+0080, the smallest 2-byte
                                "\xe2\x82\xac"s,              // U+20AC
                                "\xe0\xa0\x80"s,              // U+0800, the smallest 3-byte
                                "\xef\xbf\xbf"s,              // U+FFFF
                                "\xed\x9f\xbf"s,              // U+D7FF, just below the surrogates
                                "\xf0\x9f\x98\x80"s,          // U+1F600
                                "\xf4\x8f\xbf\xbf"s,          // U+10FFFF, the largest
                                "caf\xc3\xa9 \xe2\x82\xac"s}) {
        EXPECT_EQ(json_escape(s), s);
    }
}

TEST(JsonEscape, EachInvalidByteBecomesALoneSurrogate) {
    const Row rows[] = {
        {"\xff", R"(\udcff)"},
        {"\x80", R"(\udc80)"},                               // lone continuation
        {"\xc0\x80", R"(\udcc0\udc80)"},                     // overlong NUL
        {"\xc1\xbf", R"(\udcc1\udcbf)"},                     // overlong
        {"\xe0\x80\x80", R"(\udce0\udc80\udc80)"},           // overlong 3-byte
        {"\xf0\x80\x80\x80", R"(\udcf0\udc80\udc80\udc80)"}, // overlong 4-byte
        {"\xed\xa0\x80", R"(\udced\udca0\udc80)"},           // surrogate U+D800
        {"\xed\xbf\xbf", R"(\udced\udcbf\udcbf)"},           // surrogate U+DFFF
        {"\xf4\x90\x80\x80", R"(\udcf4\udc90\udc80\udc80)"}, // above U+10FFFF
        {"\xf5\x80\x80\x80", R"(\udcf5\udc80\udc80\udc80)"},
        {"\xe2\x82", R"(\udce2\udc82)"},                     // truncated at the end
        {"\xe2\x82x", R"(\udce2\udc82x)"},                   // truncated before ASCII
        {"a\xc3", R"(a\udcc3)"},
        {"\xc3\xa9\xff\xc3\xa9", "\xc3\xa9" R"(\udcff)" "\xc3\xa9"},
    };
    for (const Row& r : rows) EXPECT_EQ(json_escape(r.in), r.out) << r.out;
}

// A JSON string-body decoder for the test: standard escapes, \u00XX for
// bytes below 0x80, \uDCXX back to the raw byte XX (surrogateescape), and
// other \uXXXX as UTF-8. nullopt on anything a JSON parser would reject.
std::optional<std::string> json_unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == '"') return std::nullopt;  // must have been escaped
        if (c != '\\') {
            out += static_cast<char>(c);
            continue;
        }
        if (++i >= s.size()) return std::nullopt;
        switch (s[i]) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                if (i + 4 >= s.size()) return std::nullopt;
                std::uint32_t cp = 0;
                for (std::size_t k = 1; k <= 4; ++k) {
                    const char h = s[i + k];
                    cp <<= 4;
                    if (h >= '0' && h <= '9') cp |= static_cast<std::uint32_t>(h - '0');
                    else if (h >= 'a' && h <= 'f') cp |= static_cast<std::uint32_t>(h - 'a' + 10);
                    else if (h >= 'A' && h <= 'F') cp |= static_cast<std::uint32_t>(h - 'A' + 10);
                    else return std::nullopt;
                }
                i += 4;
                if (cp >= 0xdc80 && cp <= 0xdcff) {
                    out += static_cast<char>(cp - 0xdc00);
                } else if (cp < 0x80) {
                    out += static_cast<char>(cp);
                } else {
                    return std::nullopt;  // json_escape never needs other escapes
                }
                break;
            }
            default:
                return std::nullopt;
        }
    }
    return out;
}

TEST(JsonEscape, TestDecoderIsSound) {
    EXPECT_EQ(json_unescape(R"(a\u0001\udcff\n)"), "a\x01\xff\n"s);
    EXPECT_EQ(json_unescape("a\"b"), std::nullopt);
    EXPECT_EQ(json_unescape("a\nb"), std::nullopt);
    EXPECT_EQ(json_unescape(R"(\u12)"), std::nullopt);
}

TEST(JsonEscape, RoundTripsEveryByteString) {
    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
    std::string all_bytes_reversed(all_bytes.rbegin(), all_bytes.rend());
    const std::string inputs[] = {
        ""s,
        "plain"s,
        all_bytes,
        all_bytes_reversed,
        "\\udcff"s,                         // text that looks like an escape
        "\\\xff"s,
        "\xed\xb3\xbf"s,                    // U+DCFF encoded in (invalid) UTF-8
        "\xe2\x82\xac\xe2\x82\xe2\x82\xac"s,
        "\xf0\x9f\x98\x80\xf0\x9f\x98"s,
        "\xc3"s "\0"s "\xa9"s,
        "\x80\x80\x80\xbf"s,
        "comm\x1b[31m\x7f\xc2\xa0"s,
        "\"\\\b\f\n\r\t\v"s,
    };
    for (const std::string& in : inputs) {
        const std::string escaped = json_escape(in);
        const auto back = json_unescape(escaped);
        ASSERT_TRUE(back) << escaped;
        EXPECT_EQ(*back, in) << escaped;
    }
}

}  // namespace
}  // namespace ct::output
