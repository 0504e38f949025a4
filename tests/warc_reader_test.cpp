// WarcReader: record framing, header parsing, line numbers and recovery from errors.
#include "winnow/warc_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace winnow {
namespace {

// Serves a string in pieces of at most `step` bytes, to hit every buffer boundary.
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data, size_t step = SIZE_MAX)
      : data_(std::move(data)), step_(step) {}
  size_t read(char* dst, size_t capacity) override {
    const size_t n = std::min({capacity, step_, data_.size() - pos_});
    std::memcpy(dst, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  uint64_t raw_bytes_read() const override { return pos_; }
  Compression compression() const override { return Compression::none; }
  bool would_block(int) const override { return false; }

 private:
  std::string data_;
  size_t step_;
  size_t pos_ = 0;
};

// One WARC record; `eol` is "\r\n" as the standard says, or "\n" as some tools write.
std::string warc_record(const std::string& type, const std::string& id, const std::string& uri,
                        const std::string& body, const std::string& eol = "\r\n") {
  std::string r = "WARC/1.0" + eol + "WARC-Type: " + type + eol;
  if (!uri.empty()) r += "WARC-Target-URI: " + uri + eol;
  r += "WARC-Date: 2024-02-20T10:11:12Z" + eol + "WARC-Record-ID: <urn:uuid:" + id + ">" + eol;
  r += "Content-Type: text/plain" + eol + "Content-Length: " + std::to_string(body.size()) + eol;
  return r + eol + body + eol + eol;
}

const std::string kInfoBody = "software: test\r\nformat: WARC File Format 1.0\r\n";
const std::string kBodyA = "First article title\nIt rained.\nWARC/1.0\nNot a header.\n";
const std::string kBodyB = "Second page\n\nWith a blank line and no final newline";

// A small WET file: warcinfo, then two conversion records.
std::string wet_file(const std::string& eol) {
  return warc_record("warcinfo", "info-1", "", kInfoBody, eol) +
         warc_record("conversion", "a-1", "https://a.example/x", kBodyA, eol) +
         warc_record("conversion", "b-2", "https://b.example/y?q=1", kBodyB, eol);
}

std::vector<WarcRecord> read_records(ByteSource& source, size_t max = 1 << 20) {
  WarcReader reader(source, max);
  std::vector<WarcRecord> records;
  WarcRecord record;
  while (reader.next(record)) records.push_back(record);
  return records;
}

// Runs next() once, expecting an InputError; returns it.
InputError next_error(WarcReader& reader, WarcRecord& record) {
  try {
    reader.next(record);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "next() did not throw";
  return InputError(InputError::Kind::read, "");
}

void expect_wet_records(const std::vector<WarcRecord>& records) {
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].type, "warcinfo");
  EXPECT_EQ(records[0].record_id, "urn:uuid:info-1");
  EXPECT_EQ(records[0].target_uri, "");
  EXPECT_EQ(records[0].body, kInfoBody);
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].type, "conversion");
  EXPECT_EQ(records[1].record_id, "urn:uuid:a-1");
  EXPECT_EQ(records[1].target_uri, "https://a.example/x");
  EXPECT_EQ(records[1].date, "2024-02-20T10:11:12Z");
  EXPECT_EQ(records[1].body, kBodyA);
  EXPECT_EQ(records[2].body, kBodyB);
  EXPECT_EQ(records[2].target_uri, "https://b.example/y?q=1");
  // warcinfo: 7 header lines incl. the blank one, 2 body lines, 2 separator lines.
  EXPECT_EQ(records[1].line, 1u + 7 + 2 + 2);
}

TEST(WarcReader, CrlfRecords) {
  StringSource source(wet_file("\r\n"));
  expect_wet_records(read_records(source));
}

TEST(WarcReader, LfRecords) {
  StringSource source(wet_file("\n"));
  expect_wet_records(read_records(source));
}

TEST(WarcReader, ByteAtATime) {
  for (size_t step : {size_t{1}, size_t{2}, size_t{7}, size_t{100}}) {
    StringSource source(wet_file("\r\n"), step);
    expect_wet_records(read_records(source));
  }
}

TEST(WarcReader, LineNumbersCountBodyLines) {
  StringSource source(wet_file("\r\n"));
  const auto records = read_records(source);
  ASSERT_EQ(records.size(), 3u);
  // record 1: 8 header lines incl. blank, kBodyA has 4 newlines, then 2 separator lines.
  EXPECT_EQ(records[2].line, records[1].line + 8 + 4 + 2);
}

TEST(WarcReader, BodyContainingVersionTextIsTakenByLength) {
  const std::string body = "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 5\r\n\r\nfake\r\n";
  StringSource source(warc_record("conversion", "x", "https://x.example/", body) +
                      warc_record("conversion", "y", "https://y.example/", "y"));
  const auto records = read_records(source);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].body, body);
  EXPECT_EQ(records[1].record_id, "urn:uuid:y");
}

TEST(WarcReader, ToleratesMissingSeparatorsAndExtraBlankLines) {
  const std::string text =
      "\r\n\n  \nWARC/1.1\nwarc-type: conversion\nCONTENT-LENGTH:3\n\nabcWARC/1.0\n"
      "Content-Length:   2  \n\nxy";
  StringSource source(text);
  const auto records = read_records(source);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].type, "conversion");
  EXPECT_EQ(records[0].body, "abc");
  EXPECT_EQ(records[0].line, 4u);
  EXPECT_EQ(records[1].body, "xy");
  EXPECT_EQ(records[1].line, 8u);  // it shares line 8 with the end of "abc"
}

TEST(WarcReader, EmptyInputAndEmptyBody) {
  StringSource empty("");
  EXPECT_TRUE(read_records(empty).empty());
  StringSource blank("\r\n\r\n");
  EXPECT_TRUE(read_records(blank).empty());
  StringSource zero(warc_record("request", "z", "", ""));
  const auto records = read_records(zero);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].body, "");
}

TEST(WarcReader, TruncatedBody) {
  const std::string whole = wet_file("\r\n");
  const size_t cut = whole.find("With a blank line");
  StringSource source(whole.substr(0, cut));
  WarcReader reader(source, 1 << 20);
  WarcRecord record;
  ASSERT_TRUE(reader.next(record));
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.body, kBodyA);
  const InputError e = next_error(reader, record);
  EXPECT_EQ(e.kind(), InputError::Kind::truncated);
  EXPECT_NE(std::string(e.what()).find("ends after 13 of "), std::string::npos) << e.what();
  EXPECT_FALSE(reader.next(record));
}

TEST(WarcReader, TruncatedHeader) {
  StringSource source("WARC/1.0\r\nWARC-Type: conversion\r\nContent-Len");
  WarcReader reader(source, 1 << 20);
  WarcRecord record;
  const InputError e = next_error(reader, record);
  EXPECT_EQ(e.kind(), InputError::Kind::truncated);
  EXPECT_STREQ(e.what(), "WARC record at line 1 ends inside its header");
  EXPECT_FALSE(reader.next(record));
}

TEST(WarcReader, OversizedRecordIsSkipped) {
  const std::string big(5000, 'x');
  StringSource source(warc_record("conversion", "small", "", "tiny") +
                          warc_record("conversion", "big", "https://big.example/", big) +
                          warc_record("conversion", "after", "", "next one"),
                      333);
  WarcReader reader(source, 4096);
  WarcRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.body, "tiny");
  const InputError e = next_error(reader, record);
  EXPECT_EQ(e.kind(), InputError::Kind::corrupt);
  EXPECT_STREQ(e.what(), "WARC record of 5000 bytes exceeds --max-record-size");
  EXPECT_EQ(record.record_id, "urn:uuid:big");
  EXPECT_TRUE(record.body.empty());
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.record_id, "urn:uuid:after");
  EXPECT_EQ(record.body, "next one");
  EXPECT_FALSE(reader.next(record));
}

TEST(WarcReader, OversizedAndTruncated) {
  StringSource source("WARC/1.0\nContent-Length: 100000\n\n" + std::string(500, 'x'));
  WarcReader reader(source, 1000);
  WarcRecord record;
  EXPECT_EQ(next_error(reader, record).kind(), InputError::Kind::truncated);
  EXPECT_FALSE(reader.next(record));
}

TEST(WarcReader, GarbageInsteadOfVersionLine) {
  StringSource source("\r\nHTTP/1.1 200 OK\r\nnoise\r\n" +
                      warc_record("conversion", "ok", "", "fine"));
  WarcReader reader(source, 1 << 20);
  WarcRecord record;
  const InputError e = next_error(reader, record);
  EXPECT_EQ(e.kind(), InputError::Kind::corrupt);
  EXPECT_STREQ(e.what(), "expected WARC version line at line 2");
  // The reader resynchronizes at the next version line.
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.body, "fine");
  EXPECT_EQ(record.line, 4u);
  EXPECT_FALSE(reader.next(record));
}

TEST(WarcReader, GarbageAfterWrongContentLength) {
  // Content-Length says 2 but the block is 4 bytes: the leftover is not a version line.
  StringSource source("WARC/1.0\r\nContent-Length: 2\r\n\r\nabcd\r\n\r\n" +
                      warc_record("conversion", "ok", "", "fine"));
  WarcReader reader(source, 1 << 20);
  WarcRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.body, "ab");
  const InputError e = next_error(reader, record);
  EXPECT_STREQ(e.what(), "expected WARC version line at line 4");
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.body, "fine");
}

TEST(WarcReader, BinaryGarbageWithoutNewlines) {
  std::string garbage(200000, '\x01');
  StringSource source(garbage + "\n" + warc_record("conversion", "ok", "", "fine"), 4000);
  WarcReader reader(source, 1 << 20);
  WarcRecord record;
  EXPECT_EQ(next_error(reader, record).kind(), InputError::Kind::corrupt);
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.body, "fine");
  EXPECT_EQ(record.line, 2u);
}

TEST(WarcReader, MissingContentLength) {
  StringSource source("WARC/1.0\r\nWARC-Type: conversion\r\n\r\nbody\r\n\r\n" +
                      warc_record("conversion", "ok", "", "fine"));
  WarcReader reader(source, 1 << 20);
  WarcRecord record;
  const InputError e = next_error(reader, record);
  EXPECT_EQ(e.kind(), InputError::Kind::corrupt);
  EXPECT_STREQ(e.what(), "WARC record at line 1 has no Content-Length");
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.body, "fine");
}

TEST(WarcReader, InvalidContentLength) {
  for (const char* value : {"-5", "12abc", "", "99999999999999999999999", "1 2"}) {
    StringSource source(std::string("WARC/1.0\r\nContent-Length: ") + value + "\r\n\r\n");
    WarcReader reader(source, 1 << 20);
    WarcRecord record;
    const InputError e = next_error(reader, record);
    EXPECT_EQ(e.kind(), InputError::Kind::corrupt) << value;
    EXPECT_STREQ(e.what(), "invalid Content-Length at line 2") << value;
  }
}

TEST(WarcReader, MalformedHeaderLine) {
  StringSource source("WARC/1.0\r\nWARC-Type conversion\r\nContent-Length: 1\r\n\r\nx");
  WarcReader reader(source, 1 << 20);
  WarcRecord record;
  const InputError e = next_error(reader, record);
  EXPECT_STREQ(e.what(), "malformed WARC header line 2");
  EXPECT_FALSE(reader.next(record));
}

TEST(WarcReader, ReadsMultiMemberGzipFile) {
  // Common Crawl compresses each record as its own gzip member.
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("winnow_warc_" + std::to_string(::getpid()) + ".warc.wet.gz"))
                               .string();
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 50; ++i) {
      const std::string rec =
          warc_record("conversion", std::to_string(i), "https://e.example/" + std::to_string(i),
                      std::string(100 + i * 37, static_cast<char>('a' + i % 26)));
      uLongf size = compressBound(static_cast<uLong>(rec.size())) + 32;
      std::string packed(size, '\0');
      z_stream zs{};
      deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(rec.data()));
      zs.avail_in = static_cast<uInt>(rec.size());
      zs.next_out = reinterpret_cast<Bytef*>(packed.data());
      zs.avail_out = static_cast<uInt>(size);
      ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
      out.write(packed.data(), static_cast<std::streamsize>(zs.total_out));
      deflateEnd(&zs);
    }
  }
  auto source = open_input(path);
  EXPECT_EQ(source->compression(), Compression::gzip);
  const auto records = read_records(*source);
  std::filesystem::remove(path);
  ASSERT_EQ(records.size(), 50u);
  EXPECT_EQ(records[49].record_id, "urn:uuid:49");
  EXPECT_EQ(records[49].body, std::string(100 + 49 * 37, 'x'));
}

}  // namespace
}  // namespace winnow
