#include "winnow/batch_reader.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "test_files.hpp"

namespace winnow {
namespace {

using winnow::testing::TempDir;

struct Seen {
  std::vector<BatchItem> items;
  std::vector<std::string> bytes;  // the item's bytes, or its document text
  size_t batches = 0;
};

Seen read_all(const std::vector<std::string>& paths, ReaderOptions options) {
  BatchReader reader(paths, options);
  Seen seen;
  Batch batch;
  while (reader.next(batch)) {
    ++seen.batches;
    for (const BatchItem& item : batch.items) {
      seen.items.push_back(item);
      if (item.kind == ItemKind::document) {
        seen.bytes.push_back(batch.documents[item.document].text);
      } else {
        seen.bytes.emplace_back(batch.data.data() + item.offset, item.length);
      }
    }
  }
  return seen;
}

std::string gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

TEST(BatchReader, SplitsLinesAcrossManyBatches) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 5000; ++i) content += "{\"text\":\"record " + std::to_string(i) + "\"}\n";
  ReaderOptions options;
  options.batch_bytes = 4096;
  Seen seen = read_all({dir.write("a.jsonl", content)}, options);
  ASSERT_EQ(seen.items.size(), 5000u);
  EXPECT_GT(seen.batches, 10u);
  for (int i = 0; i < 5000; ++i) {
    EXPECT_EQ(seen.bytes[i], "{\"text\":\"record " + std::to_string(i) + "\"}");
    EXPECT_EQ(seen.items[i].line, static_cast<uint64_t>(i + 1));
    EXPECT_TRUE(seen.items[i].has_newline);
  }
}

TEST(BatchReader, LastLineWithoutNewline) {
  TempDir dir;
  std::string a = dir.write("a.jsonl", "{\"text\":\"a\"}\r\n{\"text\":\"b\"}");
  std::string b = dir.write("b.jsonl", "{\"text\":\"c\"}");
  Seen seen = read_all({a, b}, {});
  ASSERT_EQ(seen.items.size(), 3u);
  EXPECT_EQ(seen.bytes[0], "{\"text\":\"a\"}\r");  // CR stays part of the line, copied as is
  EXPECT_FALSE(seen.items[1].has_newline);
  EXPECT_TRUE(seen.items[1].add_newline);   // another file follows
  EXPECT_FALSE(seen.items[2].add_newline);  // the very end of the output
  EXPECT_EQ(seen.items[2].file, 1u);
  EXPECT_EQ(seen.items[2].line, 1u);
}

TEST(BatchReader, AByteOrderMarkOpeningAFileIsDropped) {
  TempDir dir;
  std::string a = dir.write("a.jsonl", "\xEF\xBB\xBF{\"text\":\"a\"}\n\xEF\xBB\xBF{\"text\":\"b\"}\n");
  std::string b = dir.write("b.jsonl", "\xEF\xBB\xBF{\"text\":\"c\"}");
  Seen seen = read_all({a, b}, {});
  ASSERT_EQ(seen.items.size(), 3u);
  EXPECT_EQ(seen.bytes[0], "{\"text\":\"a\"}");
  EXPECT_EQ(seen.bytes[1], "\xEF\xBB\xBF{\"text\":\"b\"}");  // only a file's first bytes
  EXPECT_EQ(seen.bytes[2], "{\"text\":\"c\"}");
}

TEST(BatchReader, OversizedLineIsStreamedAsFragments) {
  TempDir dir;
  std::string big = "{\"text\":\"" + std::string(3 << 20, 'x') + "\"}";
  std::string path = dir.write("big.jsonl", "{\"text\":\"small\"}\n" + big + "\n{\"text\":\"after\"}\n");
  ReaderOptions options;
  options.max_record_bytes = 1 << 20;
  Seen seen = read_all({path}, options);
  std::string joined;
  size_t fragments = 0;
  for (size_t i = 0; i < seen.items.size(); ++i) {
    if (seen.items[i].kind != ItemKind::fragment) continue;
    ++fragments;
    joined += seen.bytes[i];
    EXPECT_EQ(seen.items[i].line, 2u);
  }
  EXPECT_EQ(joined, big);
  EXPECT_GE(fragments, 2u);
  EXPECT_EQ(seen.items.front().kind, ItemKind::line);
  EXPECT_EQ(seen.bytes.back(), "{\"text\":\"after\"}");
  EXPECT_EQ(seen.items.back().line, 3u);
}

TEST(BatchReader, OverLongLineIsFlaggedWhateverTheReadSize) {
  TempDir dir;
  std::string path = dir.write("long.jsonl", "{\"text\":\"" + std::string(6000, 'z') + "\"}\n{\"text\":\"ok\"}\n");
  for (size_t batch : {size_t{4096}, size_t{1} << 20}) {
    ReaderOptions options;
    options.max_record_bytes = 5000;
    options.batch_bytes = batch;
    Seen seen = read_all({path}, options);
    size_t flagged = 0;
    for (const BatchItem& item : seen.items) {
      bool too_large = item.preset_error == RecordError::too_large ||
                       (item.kind == ItemKind::fragment && item.first_fragment);
      flagged += too_large;
    }
    EXPECT_EQ(flagged, 1u) << "batch " << batch;
    EXPECT_EQ(seen.bytes.back(), "{\"text\":\"ok\"}");
  }
}

TEST(BatchReader, GzipIsDetectedByContentAndTruncationReported) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 2000; ++i) content += "{\"text\":\"line " + std::to_string(i) + "\"}\n";
  std::string gz = gzip(content);
  std::string whole = dir.write("feed.txt", gz);
  Seen seen = read_all({whole}, {});
  ASSERT_EQ(seen.items.size(), 2000u);

  std::string cut = dir.write("cut.jsonl.gz", gz.substr(0, gz.size() / 2));
  seen = read_all({cut}, {});
  ASSERT_GE(seen.items.size(), 2u);
  const BatchItem& failure = seen.items.back();
  EXPECT_EQ(failure.kind, ItemKind::input_failure);
  EXPECT_NE(failure.message.find("truncated"), std::string::npos);
  const BatchItem& partial = seen.items[seen.items.size() - 2];
  if (partial.preset_error != RecordError::none) {
    EXPECT_EQ(partial.preset_error, RecordError::truncated_line);
    EXPECT_FALSE(partial.has_newline);
  }
}

TEST(BatchReader, MissingFileFailsAndNextFileIsRead) {
  TempDir dir;
  std::string ok = dir.write("ok.jsonl", "{\"text\":\"x\"}\n");
  Seen seen = read_all({dir.path() + "/missing.jsonl", dir.path(), ok}, {});
  ASSERT_EQ(seen.items.size(), 3u);
  EXPECT_EQ(seen.items[0].kind, ItemKind::input_failure);
  EXPECT_EQ(seen.items[1].kind, ItemKind::input_failure);  // a directory
  EXPECT_EQ(seen.items[2].kind, ItemKind::line);
  EXPECT_EQ(seen.items[2].file, 2u);
}

TEST(BatchReader, TextFormatMakesOneDocumentPerFile) {
  TempDir dir;
  std::string a = dir.write("a.txt", "First article.\n\nSecond paragraph.\n");
  std::string b = dir.write("b.txt", "Another one.");
  ReaderOptions options;
  options.format = InputFormat::text;
  Seen seen = read_all({a, b}, options);
  ASSERT_EQ(seen.items.size(), 2u);
  EXPECT_EQ(seen.items[0].kind, ItemKind::document);
  EXPECT_EQ(seen.bytes[0], "First article.\n\nSecond paragraph.\n");
  EXPECT_EQ(seen.bytes[1], "Another one.");
}

TEST(BatchReader, WarcFormatKeepsConversionRecordsOnly) {
  TempDir dir;
  auto record = [](const std::string& type, const std::string& uri, const std::string& body) {
    return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
           "\r\nWARC-Record-ID: <urn:uuid:" + type + ">\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body + "\r\n\r\n";
  };
  std::string warc = record("warcinfo", "", "software: test\r\n") +
                     record("conversion", "https://www.news.example/a", "Body of A.\nMore.") +
                     record("conversion", "https://blog.example.org/b", "Body of B.");
  ReaderOptions options;
  options.format = InputFormat::warc;
  Seen seen = read_all({dir.write("x.warc.wet.gz", gzip(warc))}, options);
  ASSERT_EQ(seen.items.size(), 2u);
  EXPECT_EQ(seen.bytes[0], "Body of A.\nMore.");
  EXPECT_EQ(seen.bytes[1], "Body of B.");
}

}  // namespace
}  // namespace winnow
