// The JSON reader: what clonetrace writes reads back to the same bytes, and
// malformed or hostile text is an error message.
#include <gtest/gtest.h>

#include <string>

#include "output/escape.h"
#include "output/json_reader.h"

namespace ct::output {
namespace {

using Kind = JsonValue::Kind;

TEST(JsonReader, ObjectsArraysAndScalars) {
    const JsonParse p = parse_json(R"( {"a":1,"b":[true,false,null],"c":{"d":"x"},"e":-9223372036854775808} )");
    ASSERT_TRUE(p.value) << p.error;
    EXPECT_EQ(p.value->kind, Kind::object);
    EXPECT_EQ(p.value->find("a")->integer, 1);
    ASSERT_EQ(p.value->find("b")->array.size(), 3U);
    EXPECT_TRUE(p.value->find("b")->array[0].boolean);
    EXPECT_EQ(p.value->find("b")->array[2].kind, Kind::null);
    EXPECT_EQ(p.value->find("c")->find("d")->string, "x");
    EXPECT_EQ(p.value->find("e")->integer, INT64_MIN);
    EXPECT_EQ(p.value->find("f"), nullptr);
}

TEST(JsonReader, EveryEscapedStringReadsBackToItsBytes) {
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    for (const std::string& bytes : {all, std::string("caf\xc3\xa9 \xf0\x9f\x98\x80 \xff\xfe"), std::string()}) {
        const JsonParse p = parse_json("\"" + json_escape(bytes) + "\"");
        ASSERT_TRUE(p.value) << p.error;
        EXPECT_EQ(p.value->string, bytes);
    }
}

TEST(JsonReader, SurrogatePairsBecomeUtf8) {
    const JsonParse p = parse_json(R"("\ud83d\ude00\u00e9")");
    ASSERT_TRUE(p.value) << p.error;
    EXPECT_EQ(p.value->string, "\xf0\x9f\x98\x80\xc3\xa9");
}

TEST(JsonReader, BadTextIsAnErrorWithItsPlace) {
    for (const char* text : {"", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"open", "nul", "1.5", "1e3",
                             "99999999999999999999", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\u12\"",
                             "{} x", "\"a\nb\"", "{1:2}"}) {
        const JsonParse p = parse_json(text);
        EXPECT_FALSE(p.value) << text;
        EXPECT_NE(p.error.find("at byte"), std::string::npos) << text << ": " << p.error;
    }
}

TEST(JsonReader, DeepNestingIsRefusedNotRecursedInto) {
    const std::string deep(100000, '[');
    const JsonParse p = parse_json(deep);
    EXPECT_FALSE(p.value);
    EXPECT_NE(p.error.find("nested too deep"), std::string::npos);
}

}  // namespace
}  // namespace ct::output
