#include "winnow/record_processor.hpp"

#include <gtest/gtest.h>

#include "test_files.hpp"
#include "winnow/batch_reader.hpp"
#include "winnow/rule_set.hpp"

namespace winnow {
namespace {

using winnow::testing::TempDir;

struct Result {
  std::string output, rejects, warnings;
  RunStats stats;
  bool stopped = false;
  std::string stop_message;
};

const RuleSet& default_rules() {
  static const RuleSet rules = RuleSet::load_default();
  return rules;
}

Result run(const std::string& input, ProcessorOptions options, ReaderOptions reader_options = {}) {
  options.cleaner.rules = &default_rules();
  TempDir dir;
  BatchReader reader({dir.write("in.jsonl", input)}, reader_options);
  RecordProcessor processor(options, reader.display_names());
  Result r;
  Batch batch;
  while (!r.stopped && reader.next(batch)) {
    processor.process(batch);
    r.output += batch.output;
    r.rejects += batch.rejects;
    r.warnings += batch.warnings;
    r.stats.add(batch.stats);
    r.stopped = batch.stop;
    r.stop_message = batch.stop_message;
  }
  return r;
}

const std::string kMixed =
    "{\"id\":1,\"text\":\"Good one.\\n\\nTwo paragraphs.\"}\n"
    "\n"
    "{\"id\":2,\"text\":null}\n"
    "{\"id\":3,\"text\":\"ok\",\"x\":nope}\n"
    "[1,2]\n"
    "{\"id\":6,\"text\":\"Fine.\"}\n";

TEST(RecordProcessor, KeepPassesBadRecordsThroughUnchanged) {
  ProcessorOptions options;
  options.write_rejects = true;
  Result r = run(kMixed, options);
  EXPECT_EQ(r.output, kMixed);
  EXPECT_EQ(r.stats.records_in, 5u);
  EXPECT_EQ(r.stats.records_out, 5u);
  EXPECT_EQ(r.stats.unchanged_on_error, 3u);
  EXPECT_EQ(r.stats.blank_lines, 1u);
  EXPECT_EQ(r.stats.errors[static_cast<size_t>(RecordError::text_null)], 1u);
  EXPECT_EQ(r.stats.errors[static_cast<size_t>(RecordError::malformed_json)], 1u);
  EXPECT_EQ(r.stats.errors[static_cast<size_t>(RecordError::not_an_object)], 1u);
  EXPECT_EQ(r.rejects, "{\"id\":2,\"text\":null}\n{\"id\":3,\"text\":\"ok\",\"x\":nope}\n[1,2]\n");
  EXPECT_NE(r.warnings.find("winnow: "), std::string::npos);
  EXPECT_NE(r.warnings.find("in.jsonl:3: text field is null; record kept unchanged"), std::string::npos);
  EXPECT_NE(r.warnings.find("in.jsonl:5: record is not a JSON object"), std::string::npos);
  EXPECT_EQ(r.stats.paragraphs, 3u);
}

TEST(RecordProcessor, SkipSendsBadRecordsToRejectsOnly) {
  ProcessorOptions options;
  options.on_error = OnError::skip;
  options.write_rejects = true;
  Result r = run(kMixed, options);
  EXPECT_EQ(r.output, "{\"id\":1,\"text\":\"Good one.\\n\\nTwo paragraphs.\"}\n\n{\"id\":6,\"text\":\"Fine.\"}\n");
  EXPECT_EQ(r.stats.records_in, r.stats.records_out + r.stats.rejected + r.stats.dropped);
  EXPECT_EQ(r.stats.rejected, 3u);
  EXPECT_EQ(r.rejects, "{\"id\":2,\"text\":null}\n{\"id\":3,\"text\":\"ok\",\"x\":nope}\n[1,2]\n");
}

TEST(RecordProcessor, FailStopsAtTheFirstBadRecord) {
  ProcessorOptions options;
  options.on_error = OnError::fail;
  Result r = run(kMixed, options);
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.stop_message, r.stop_message.substr(0, r.stop_message.find(':')) + ":3: text field is null");
  EXPECT_EQ(r.output, "{\"id\":1,\"text\":\"Good one.\\n\\nTwo paragraphs.\"}\n\n");
}

TEST(RecordProcessor, RemovedParagraphLeavesTheWiderBreak) {
  const std::string a = "The council approved the budget on Wednesday after a long session that ran past midnight.";
  const std::string c = "The plan restores library hours and sets aside money for road repairs across the county.";
  Result r = run("{\"text\":\"" + a + "\\nAdvertisement\\n\\n" + c + "\"}\n", {});
  EXPECT_EQ(r.output, "{\"text\":\"" + a + "\\n\\n" + c + "\"}\n");
  EXPECT_EQ(r.stats.records_changed, 1u);
}

TEST(RecordProcessor, NoStripSkipsParagraphWork) {
  ProcessorOptions options;
  options.strip = false;
  Result r = run(kMixed, options);
  EXPECT_EQ(r.output, kMixed);
  EXPECT_EQ(r.stats.paragraphs, 0u);
}

TEST(RecordProcessor, TruncatedLastLineIsNamedSo) {
  Result r = run("{\"text\":\"a\"}\n{\"text\":\"cut sho", {});
  EXPECT_EQ(r.stats.errors[static_cast<size_t>(RecordError::truncated_line)], 1u);
  EXPECT_EQ(r.output, "{\"text\":\"a\"}\n{\"text\":\"cut sho");  // kept, no newline invented
}

TEST(RecordProcessor, OversizedRecordIsCountedOnceAndStreamedThrough) {
  std::string big = "{\"text\":\"" + std::string(3 << 20, 'y') + "\"}";
  std::string input = "{\"text\":\"a\"}\n" + big + "\n{\"text\":\"b\"}\n";
  ProcessorOptions options;
  options.write_rejects = true;
  ReaderOptions reader;
  reader.max_record_bytes = 1 << 20;
  Result r = run(input, options, reader);
  EXPECT_EQ(r.output, input);
  EXPECT_EQ(r.rejects, big + "\n");
  EXPECT_EQ(r.stats.records_in, 3u);
  EXPECT_EQ(r.stats.errors[static_cast<size_t>(RecordError::too_large)], 1u);

  options.on_error = OnError::skip;
  r = run(input, options, reader);
  EXPECT_EQ(r.output, "{\"text\":\"a\"}\n{\"text\":\"b\"}\n");
  EXPECT_EQ(r.stats.rejected, 1u);
  EXPECT_EQ(r.stats.records_in, r.stats.records_out + r.stats.rejected);
}

TEST(RecordProcessor, NulByteIsABadRecord) {
  std::string input = std::string("{\"text\":\"a\0b\"}\n", 15);
  Result r = run(input, {});
  EXPECT_EQ(r.stats.errors[static_cast<size_t>(RecordError::nul_byte)], 1u);
  EXPECT_EQ(r.output, input);
}

TEST(RecordProcessor, TooManyParagraphsIsABadRecordKeptWhole) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "Line " + std::to_string(i) + ".\\n\\n";
  const std::string many = "{\"text\":\"" + text + "\"}\n";
  const std::string input = many + "{\"text\":\"Short.\\n\\nTwo.\"}\n";
  ProcessorOptions options;
  options.max_paragraphs = 10;
  Result r = run(input, options);
  EXPECT_EQ(r.output, input);
  EXPECT_EQ(r.stats.errors[static_cast<size_t>(RecordError::too_many_paragraphs)], 1u);
  EXPECT_EQ(r.stats.paragraphs, 2u);  // the second record was still cleaned
  EXPECT_NE(r.warnings.find("in.jsonl:1: more paragraphs than --max-paragraphs"), std::string::npos);

  options.max_paragraphs = 50;  // exactly at the limit is fine
  r = run(input, options);
  EXPECT_EQ(r.stats.errors[static_cast<size_t>(RecordError::too_many_paragraphs)], 0u);
}

// A plain text file read as one document (--format text) and processed as one batch.
Batch process_text_file(const std::string& path, ProcessorOptions options) {
  ReaderOptions reader_options;
  reader_options.format = InputFormat::text;
  BatchReader reader({path}, reader_options);
  options.cleaner.rules = &default_rules();
  RecordProcessor processor(options, reader.display_names());
  Batch batch;
  EXPECT_TRUE(reader.next(batch));
  processor.process(batch);
  return batch;
}

TEST(RecordProcessor, ADocumentWithTooManyParagraphsIsWrittenUncleaned) {
  TempDir dir;
  std::string path = dir.write("long.txt", "One.\n\nTwo.\n\nThree.\n");
  ProcessorOptions options;
  options.max_paragraphs = 2;
  Batch batch = process_text_file(path, options);
  EXPECT_EQ(batch.output, "{\"id\":\"" + path + "\",\"text\":\"One.\\n\\nTwo.\\n\\nThree.\\n\"}\n");
  EXPECT_EQ(batch.stats.records_out, 1u);
  EXPECT_EQ(batch.stats.unchanged_on_error, 1u);
  EXPECT_EQ(batch.stats.paragraphs, 0u);
}

TEST(RecordProcessor, DocumentsBecomeJsonRecords) {
  TempDir dir;
  std::string path = dir.write("story.txt", "Title line\n\nBody with \"quotes\" and bad \xC3 byte.\n");
  Batch batch = process_text_file(path, {});
  EXPECT_EQ(batch.output, "{\"id\":" + std::string("\"") + path +
                              "\",\"text\":\"Title line\\n\\nBody with \\\"quotes\\\" and bad "
                              "\xEF\xBF\xBD byte.\\n\"}\n");
  EXPECT_EQ(batch.stats.invalid_utf8, 1u);
  EXPECT_EQ(batch.stats.paragraphs, 2u);
}

}  // namespace
}  // namespace winnow
