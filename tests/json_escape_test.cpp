#include "winnow/json_escape.hpp"

#include <gtest/gtest.h>

namespace winnow {
namespace {

std::string escaped(std::string_view s, uint64_t* replaced = nullptr) {
  std::string out;
  uint64_t n = append_json_string(out, s);
  if (replaced) *replaced = n;
  return out;
}

TEST(JsonEscape, EscapesWhatJsonRequires) {
  EXPECT_EQ(escaped("plain"), "\"plain\"");
  EXPECT_EQ(escaped("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(escaped("l1\nl2\r\t\b\f"), R"("l1\nl2\r\t\b\f")");
  EXPECT_EQ(escaped(std::string_view("\0\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
}

TEST(JsonEscape, KeepsValidUtf8AsIs) {
  EXPECT_EQ(escaped("Zürich — «Ελλάδα» 東京 😀"), "\"Zürich — «Ελλάδα» 東京 😀\"");
}

TEST(JsonEscape, RepairsInvalidUtf8) {
  uint64_t replaced = 0;
  EXPECT_EQ(escaped("a\xC3z\x80", &replaced), "\"a\xEF\xBF\xBDz\xEF\xBF\xBD\"");
  EXPECT_EQ(replaced, 2u);
  EXPECT_EQ(escaped("\xED\xA0\x80", &replaced), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(replaced, 3u);  // a surrogate: each byte is its own maximal invalid subpart
  EXPECT_EQ(escaped("\xE2\x82", &replaced), "\"\xEF\xBF\xBD\"");  // truncated: one subpart
  EXPECT_EQ(replaced, 1u);
}

TEST(JsonSplice, ReplacesOnlyTheTextToken) {
  std::string raw = R"({"id":7, "text":"old \"x\"" ,"z":1.50e3,"u":"\u00e9"})";
  size_t begin = raw.find("\"old");
  size_t end = raw.find(" ,\"z\"");
  std::string out;
  splice_text(out, raw, begin, end, "new\n\"text\"");
  EXPECT_EQ(out, R"({"id":7, "text":"new\n\"text\"" ,"z":1.50e3,"u":"\u00e9"})");
}

TEST(JsonSplice, EmptyNewText) {
  std::string raw = R"({"text":"gone"})";
  std::string out;
  splice_text(out, raw, 8, 14, "");
  EXPECT_EQ(out, R"({"text":""})");
}

}  // namespace
}  // namespace winnow
