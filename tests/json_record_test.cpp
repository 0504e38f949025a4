#include "winnow/json_record.hpp"

#include <gtest/gtest.h>

#include <string>

namespace winnow {
namespace {

// Parses a copy of `line` with the padding simdjson needs.
class JsonRecordTest : public ::testing::Test {
 protected:
  RecordError parse(const std::string& line) {
    buffer_ = line;
    buffer_.append(kJsonPadding, '\0');
    return parser_.parse(std::string_view(buffer_.data(), line.size()), buffer_.size(), record_);
  }

  JsonRecordParser parser_{FieldNames{}};
  JsonRecord record_;
  std::string buffer_;
};

TEST_F(JsonRecordTest, FindsFieldsAndTextToken) {
  std::string line = R"({"id":"a1","url":"https://www.Example.com/x","text":"Hello\nworld \"q\"","n":1.50})";
  ASSERT_EQ(parse(line), RecordError::none);
  EXPECT_EQ(record_.text, "Hello\nworld \"q\"");
  EXPECT_EQ(record_.id, "a1");
  EXPECT_EQ(record_.url, "https://www.Example.com/x");
  EXPECT_EQ(record_.source, "example.com");  // derived from the url host
  EXPECT_EQ(line.substr(record_.text_begin, record_.text_end - record_.text_begin),
            R"("Hello\nworld \"q\"")");
}

TEST_F(JsonRecordTest, SourceFieldWinsOverUrl) {
  ASSERT_EQ(parse(R"({"source":"feeds.wire","url":"http://other.org/","text":"t"})"), RecordError::none);
  EXPECT_EQ(record_.source, "feeds.wire");
}

TEST_F(JsonRecordTest, NumericIdIsKeptAsWritten) {
  ASSERT_EQ(parse(R"({"id": 1234567890123 , "text":"t"})"), RecordError::none);
  EXPECT_EQ(record_.id, "1234567890123");
}

TEST_F(JsonRecordTest, TokenSpanExcludesWhitespaceBeforeComma) {
  std::string line = R"({ "text" :  "abc"   , "id":"x" })";
  ASSERT_EQ(parse(line), RecordError::none);
  EXPECT_EQ(line.substr(record_.text_begin, record_.text_end - record_.text_begin), R"("abc")");
}

TEST_F(JsonRecordTest, CustomFieldNames) {
  JsonRecordParser parser(FieldNames{"body", "guid", "site", "link"});
  std::string line = R"({"guid":"g","link":"https://news.example.org/a","body":"B"})";
  line.append(kJsonPadding, '\0');
  ASSERT_EQ(parser.parse(std::string_view(line.data(), line.size() - kJsonPadding), line.size(), record_),
            RecordError::none);
  EXPECT_EQ(record_.text, "B");
  EXPECT_EQ(record_.id, "g");
  EXPECT_EQ(record_.source, "news.example.org");
}

TEST_F(JsonRecordTest, TextFieldProblems) {
  EXPECT_EQ(parse(R"({"id":"a"})"), RecordError::text_missing);
  EXPECT_EQ(parse(R"({"text":null})"), RecordError::text_null);
  EXPECT_EQ(parse(R"({"text":42})"), RecordError::text_not_string);
  EXPECT_EQ(parse(R"({"text":{"a":1}})"), RecordError::text_not_string);
  EXPECT_EQ(parse(R"({"text":["a"]})"), RecordError::text_not_string);
}

TEST_F(JsonRecordTest, MalformedAnywhereIsCaught) {
  EXPECT_EQ(parse(R"({"text":"ok","x":tru})"), RecordError::malformed_json);
  EXPECT_EQ(parse(R"({"text":"ok","x":[1,2,}])"), RecordError::malformed_json);
  EXPECT_EQ(parse(R"({"text":"ok","x":"bad \q escape"})"), RecordError::malformed_json);
  EXPECT_EQ(parse(R"({"text":"ok")"), RecordError::malformed_json);
  EXPECT_EQ(parse(R"({"text":"ok"} {"text":"again"})"), RecordError::malformed_json);
  EXPECT_EQ(parse("not json at all"), RecordError::malformed_json);
  EXPECT_FALSE(record_.detail.empty());
}

TEST_F(JsonRecordTest, NumbersBeyondDoubleOrInt64AreValidJson) {
  EXPECT_EQ(parse(R"({"x":123456789012345678901234567890,"text":"a"})"), RecordError::none);
  EXPECT_EQ(parse(R"({"id":18446744073709551616,"text":"a"})"), RecordError::none);
  EXPECT_EQ(record_.id, "18446744073709551616");
  EXPECT_EQ(parse(R"({"x":1e999,"y":-0.5E-3,"text":"a"})"), RecordError::none);
  EXPECT_EQ(parse(R"({"x":01,"text":"a"})"), RecordError::malformed_json);
  EXPECT_EQ(parse(R"({"x":1.,"text":"a"})"), RecordError::malformed_json);
  EXPECT_EQ(parse(R"({"x":-,"text":"a"})"), RecordError::malformed_json);
}

TEST_F(JsonRecordTest, NonObjectRecords) {
  EXPECT_EQ(parse(R"(["text","x"])"), RecordError::not_an_object);
  EXPECT_EQ(parse("42"), RecordError::not_an_object);
  EXPECT_EQ(parse(R"("just a string")"), RecordError::not_an_object);
}

TEST_F(JsonRecordTest, InvalidUtf8AndNul) {
  EXPECT_EQ(parse("{\"text\":\"caf\xC3\"}"), RecordError::invalid_utf8);
  EXPECT_EQ(parse("{\"text\":\"\xED\xA0\x80\"}"), RecordError::invalid_utf8);
  EXPECT_EQ(parse(std::string("{\"text\":\"a\0b\"}", 14)), RecordError::nul_byte);
}

TEST_F(JsonRecordTest, EscapedNulIsValidText) {
  ASSERT_EQ(parse(R"({"text":"a\u0000b"})"), RecordError::none);
  EXPECT_EQ(record_.text, std::string_view("a\0b", 3));
}

TEST_F(JsonRecordTest, ByteOrderMarkIsSkipped) {
  std::string line = "\xEF\xBB\xBF{\"text\":\"bom\"}";
  ASSERT_EQ(parse(line), RecordError::none);
  EXPECT_EQ(record_.text, "bom");
  EXPECT_EQ(line.substr(record_.text_begin, record_.text_end - record_.text_begin), "\"bom\"");
}

TEST_F(JsonRecordTest, DeepNestingIsRefusedNotCrashed) {
  std::string deep = "{\"text\":\"t\",\"x\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  EXPECT_EQ(parse(deep), RecordError::malformed_json);
}

TEST_F(JsonRecordTest, DuplicateTextKeysAreAnError) {
  EXPECT_EQ(parse(R"({"text":"first","text":"second"})"), RecordError::duplicate_text);
  EXPECT_EQ(parse(R"({"text":"first","body":{"text":"nested"}})"), RecordError::none);
  EXPECT_EQ(record_.text, "first");
}

TEST_F(JsonRecordTest, FirstOfDuplicateOtherKeysIsUsed) {
  ASSERT_EQ(parse(R"({"id":"a","text":"t","id":"b"})"), RecordError::none);
  EXPECT_EQ(record_.id, "a");
}

TEST_F(JsonRecordTest, ReusesParserAcrossRecords) {
  for (int i = 0; i < 3; ++i) {
    std::string text = "r";
    text += std::to_string(i);
    ASSERT_EQ(parse(R"({"text":")" + text + R"("})"), RecordError::none);
    EXPECT_EQ(record_.text, text);
    EXPECT_TRUE(record_.id.empty());
  }
}

TEST(UrlHost, Variants) {
  EXPECT_EQ(url_host("https://www.Example.COM/path?q"), "example.com");
  EXPECT_EQ(url_host("http://user:pw@news.example.org:8080/a"), "news.example.org");
  EXPECT_EQ(url_host("//cdn.example.net/x"), "cdn.example.net");
  EXPECT_EQ(url_host("example.com/a"), "example.com");
  EXPECT_EQ(url_host(""), "");
}

}  // namespace
}  // namespace winnow
