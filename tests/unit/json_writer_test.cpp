// JsonObject writes each kind of field exactly, at its edges.
#include <gtest/gtest.h>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "output/json_writer.h"

namespace ct::output {
namespace {

TEST(JsonWriterTest, NumbersAtTheirLimits) {
    JsonObject o;
    o.number("zero", 0).number("min", std::numeric_limits<std::int64_t>::min());
    o.number("max", std::numeric_limits<std::int64_t>::max()).number("neg", -42);
    EXPECT_EQ(o.str(), R"({"zero":0,"min":-9223372036854775808,"max":9223372036854775807,"neg":-42})");
}

TEST(JsonWriterTest, ThousandthsExactlyWithThreeDecimals) {
    JsonObject o;
    o.thousandths("a", 0).thousandths("b", 7).thousandths("c", 1234567).thousandths("d", -1500);
    o.thousandths("e", std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(o.str(), R"({"a":0.000,"b":0.007,"c":1234.567,"d":-1.500,"e":-9223372036854775.808})");
}

TEST(JsonWriterTest, HexStringsOfEveryWidth) {
    JsonObject o;
    o.hex("a", 0).hex("b", 0xf).hex("c", 0x10).hex("d", 0xdeadbeef).hex("e", std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(o.str(), R"({"a":"0x0","b":"0xf","c":"0x10","d":"0xdeadbeef","e":"0xffffffffffffffff"})");
}

TEST(JsonWriterTest, ValuesEscapedKeysAsGiven) {
    JsonObject inner;
    inner.boolean("t", true).null("n");
    JsonObject o;
    o.string("s", "a\"b\\c\n\x01").object("o", inner).strings("l", {"x", "y\t"}).numbers("v", {1, -2});
    o.objects("os", {inner, JsonObject{}});
    EXPECT_EQ(o.str(),
              R"({"s":"a\"b\\c\n\u0001","o":{"t":true,"n":null},"l":["x","y\t"],"v":[1,-2],)"
              R"("os":[{"t":true,"n":null},{}]})");
    EXPECT_EQ(JsonObject{}.str(), "{}");
}

TEST(JsonWriterTest, OwnNamesAsTheyAreAndLongKeysWhole) {
    const std::string long_key(200, 'k');
    JsonObject o;
    o.name("event", "create").names("flags", {"CLONE_VM", "0x400000000000"}).names("none", {});
    o.number(long_key, 7).hex(long_key, 0x10);
    EXPECT_EQ(o.str(), R"({"event":"create","flags":["CLONE_VM","0x400000000000"],"none":[],)"
                       R"(")" + long_key + R"(":7,")" + long_key + R"(":"0x10"})");
}

TEST(JsonWriterTest, TakingTheStringGivesTheSameText) {
    JsonObject o;
    o.number("a", 1).boolean("b", false).null("c");
    const std::string copy = o.str();
    EXPECT_EQ(std::move(o).str(), copy);
    EXPECT_EQ(JsonObject{}.str(), std::move(JsonObject{}).str());
}

}  // namespace
}  // namespace ct::output
