#include "winnow/stream_window.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_files.hpp"
#include "winnow/clean_job.hpp"
#include "winnow/exit_codes.hpp"
#include "winnow/output_file.hpp"
#include "winnow/rule_set.hpp"
#include "winnow/warning_printer.hpp"

namespace winnow {
namespace {

using winnow::testing::read_file;
using winnow::testing::TempDir;

constexpr const char* kRepeated =
    "This line is printed under every single story of this site, whatever it is about, every day.";

// Document i of rep.example: its own article around the line the site prints under every story.
std::string rep_record(int i, const std::string& source = "rep.example") {
  std::string word;
  for (char digit : std::to_string(i)) word += static_cast<char>('a' + (digit - '0'));
  return R"({"id":"r)" + std::to_string(i) + R"(","source":")" + source +
         R"(","text":"Reporting on the )" + word +
         " affair went on through the night in the harbour district, where officials said the "
         "ferry would run again soon.\\n\\n" +
         kRepeated + "\\n\\nThe harbour master said a decision on the " + word +
         " ferry would follow next week.\"}\n";
}

std::string rep_feed(int documents) {
  std::string feed;
  for (int i = 1; i <= documents; ++i) feed += rep_record(i);
  return feed;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

size_t count_of(const std::string& text, const std::string& piece) {
  size_t n = 0;
  for (size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) ++n;
  return n;
}

struct CleanRun {
  int status = -1;
  std::string out;
  std::string stats;
};

// run_clean with `input` arriving through a FIFO, which like a pipe can be read only once.
CleanRun clean_piped(const std::string& input, CleanOptions options) {
  TempDir dir;
  std::string fifo = dir.path() + "/in";
  EXPECT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::signal(SIGPIPE, SIG_IGN);  // a run that stops early closes the FIFO on the feeder
  std::thread feeder([&] { std::ofstream(fifo, std::ios::binary) << input; });
  options.inputs = {fifo};
  options.output = dir.path() + "/out.jsonl";
  options.stats = dir.path() + "/stats.json";
  options.quiet = true;
  CleanRun run;
  run.status = run_clean(options);
  feeder.join();
  run.out = read_file(options.output);
  run.stats = read_file(options.stats);
  return run;
}

TEST(StreamWindowTest, LearnsRepetitionFromTheStream) {
  CleanOptions options;
  options.window = 12;
  CleanRun streamed = clean_piped(rep_feed(12), options);
  ASSERT_EQ(streamed.status, kExitOk);
  EXPECT_EQ(lines_of(streamed.out).size(), 12u);
  EXPECT_EQ(count_of(streamed.out, "printed under every single story"), 0u);
  EXPECT_EQ(count_of(streamed.out, "harbour master said"), 12u);

  options.window = 0;  // rules and context alone cannot tell the line from prose
  CleanRun unlearned = clean_piped(rep_feed(12), options);
  ASSERT_EQ(unlearned.status, kExitOk);
  EXPECT_EQ(count_of(unlearned.out, "printed under every single story"), 12u);
}

TEST(StreamWindowTest, SameBytesForAnyThreadCount) {
  std::string feed;
  for (int i = 1; i <= 40; ++i) feed += rep_record(i, i % 3 ? "rep.example" : "other.example");
  CleanOptions options;
  options.window = 5;
  options.reader.batch_bytes = 700;  // many batches, so the window slides
  options.threads = 1;
  CleanRun one = clean_piped(feed, options);
  options.threads = 2;
  CleanRun two = clean_piped(feed, options);
  options.threads = 4;
  CleanRun four = clean_piped(feed, options);
  ASSERT_EQ(one.status, kExitOk);
  EXPECT_EQ(lines_of(one.out).size(), 40u);
  EXPECT_LT(one.out.size(), feed.size());
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.out, four.out);
}

TEST(StreamWindowTest, SmallWindowWritesEverythingInOrder) {
  CleanOptions options;
  options.window = 3;
  options.reader.batch_bytes = 1;  // a batch per read
  CleanRun run = clean_piped(rep_feed(30), options);
  ASSERT_EQ(run.status, kExitOk);
  std::vector<std::string> lines = lines_of(run.out);
  ASSERT_EQ(lines.size(), 30u);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].rfind("{\"id\":\"r" + std::to_string(i + 1) + "\"", 0), 0u) << lines[i];
  }
  // The trade-off: the first record was judged on itself and the three after it, too few
  // to call anything repeated; the last one on all thirty.
  EXPECT_EQ(count_of(lines.front(), "printed under every single story"), 1u);
  EXPECT_EQ(count_of(lines.back(), "printed under every single story"), 0u);
  EXPECT_NE(run.stats.find("\"records_in\":30,\"records_out\":30"), std::string::npos);
}

// Cleans the records of rep.example with annotations, `per_batch` records to a batch.
std::vector<std::string> annotate_streamed(int total, size_t window, int per_batch) {
  TempDir dir;
  RuleSet rules = RuleSet::load_default();
  ProcessorOptions options;
  options.annotate = true;
  options.cleaner.rules = &rules;
  std::vector<std::string> names = {"stream"};
  WarningPrinter warnings(/*quiet=*/true, false);
  std::unique_ptr<OutputFile> out = OutputFile::open(dir.path() + "/out.jsonl");
  BatchWriter writer(warnings, out.get(), nullptr);
  StreamWindow stream(options, names, window, writer);
  Batch batch;
  for (int i = 1; i <= total; ++i) {
    std::string line = rep_record(i);
    line.pop_back();
    BatchItem item;
    item.has_newline = true;
    item.line = uint64_t(i);
    item.offset = batch.data.size();
    item.length = line.size();
    batch.data.append(line.data(), line.size());
    batch.data.append("\n", 1);
    batch.items.push_back(item);
    if (i % per_batch == 0 || i == total) {
      EXPECT_TRUE(stream.add(batch));
      batch.reset();
    }
  }
  EXPECT_TRUE(stream.finish());
  EXPECT_EQ(stream.model().documents(), uint64_t(total));
  EXPECT_EQ(writer.stats().records_out, uint64_t(total));
  out->commit();
  return lines_of(read_file(dir.path() + "/out.jsonl"));
}

TEST(StreamWindowTest, EachRecordSeesTheWindowAfterIt) {
  const int total = 12;
  const size_t window = 2;  // chunks of one record
  std::vector<std::string> lines = annotate_streamed(total, window, /*per_batch=*/1);
  ASSERT_EQ(lines.size(), size_t(total));
  for (int i = 1; i <= total; ++i) {
    int seen = std::min(i + int(window), total);  // the record, those before it, the window
    std::string reason = "repeated in " + std::to_string(seen) + " of " + std::to_string(seen);
    // Fewer than five documents of a source are no evidence yet.
    EXPECT_EQ(count_of(lines[i - 1], reason), seen >= 5 ? 1u : 0u) << i << ": " << lines[i - 1];
  }
}

// A stream of articles that share nothing but the site's line: the model's memory would
// grow with every one of them, but stays within its budget by forgetting what is rare.
struct BoundedStream {
  size_t peak = 0;  // the model's memory at its largest
  uint64_t forgotten = 0;
  uint64_t seed = 0;
  std::vector<std::string> lines;
};

// With `syndicated`, each article runs on two sites, one after the other.
BoundedStream stream_unique_articles(int total, size_t budget, bool syndicated = false) {
  TempDir dir;
  RuleSet rules = RuleSet::load_default();
  ProcessorOptions options;
  options.cleaner.rules = &rules;
  std::vector<std::string> names = {"stream"};
  WarningPrinter warnings(/*quiet=*/true, false);
  std::unique_ptr<OutputFile> out = OutputFile::open(dir.path() + "/out.jsonl");
  BatchWriter writer(warnings, out.get(), nullptr);
  StreamWindow stream(options, names, /*window=*/50, writer, /*seed=*/7, budget);
  BoundedStream result;
  Batch batch;
  for (int i = 1; i <= total; ++i) {
    std::string line = syndicated ? rep_record((i + 1) / 2, i % 2 ? "rep.example" : "wire.example") : rep_record(i);
    batch.items.push_back(BatchItem{});
    BatchItem& item = batch.items.back();
    item.has_newline = true;
    item.line = uint64_t(i);
    item.offset = batch.data.size();
    item.length = line.size() - 1;
    batch.data.append(line.data(), line.size());
    EXPECT_TRUE(stream.add(batch));
    batch.reset();
    result.peak = std::max(result.peak, stream.model().memory_bytes());
  }
  EXPECT_TRUE(stream.finish());
  out->commit();
  result.forgotten = stream.forgotten();
  result.seed = stream.model().seed();
  result.lines = lines_of(read_file(dir.path() + "/out.jsonl"));
  return result;
}

TEST(StreamWindowTest, ModelStaysWithinItsBudgetAndKeepsWhatRecurs) {
  const size_t budget = 256 << 10;
  BoundedStream unbounded = stream_unique_articles(3000, 0);
  EXPECT_GT(unbounded.peak, 2 * budget);  // what the bound is for
  EXPECT_EQ(unbounded.forgotten, 0u);
  BoundedStream bounded = stream_unique_articles(3000, budget);
  EXPECT_GT(bounded.forgotten, 0u);
  EXPECT_LE(bounded.peak, budget);
  EXPECT_EQ(bounded.seed, 7u);
  ASSERT_EQ(bounded.lines.size(), 3000u);
  EXPECT_EQ(count_of(bounded.lines.back(), "printed under every single story"), 0u);
  EXPECT_EQ(count_of(bounded.lines.back(), "harbour master said"), 1u);

  // Held by two sources once each is still rare.
  BoundedStream syndicated = stream_unique_articles(3000, budget, /*syndicated=*/true);
  EXPECT_GT(syndicated.forgotten, 0u);
  EXPECT_LE(syndicated.peak, budget);
  ASSERT_EQ(syndicated.lines.size(), 3000u);
  EXPECT_EQ(count_of(syndicated.lines.back(), "printed under every single story"), 0u);
}

TEST(StreamWindowTest, BatchBoundariesDoNotMatter) {
  // A pipe's reads decide where the reader's batches end; the output must not depend on it.
  for (size_t window : {2, 40, 100}) {
    std::vector<std::string> one_batch = annotate_streamed(60, window, 60);
    EXPECT_EQ(annotate_streamed(60, window, 1), one_batch) << window;
    EXPECT_EQ(annotate_streamed(60, window, 7), one_batch) << window;
  }
}

std::string feed_with_bad_record() {
  std::string feed;
  for (int i = 1; i <= 12; ++i) {
    feed += rep_record(i);
    if (i == 6) feed += "{not json\n";
  }
  return feed;
}

TEST(StreamWindowTest, BadRecordPassesThroughInPlace) {
  CleanOptions options;
  options.window = 2;
  options.reader.batch_bytes = 1;
  CleanRun run = clean_piped(feed_with_bad_record(), options);
  ASSERT_EQ(run.status, kExitOk);
  std::vector<std::string> lines = lines_of(run.out);
  ASSERT_EQ(lines.size(), 13u);
  EXPECT_EQ(lines[6], "{not json");
  EXPECT_EQ(lines[7].rfind("{\"id\":\"r7\"", 0), 0u);
  EXPECT_NE(run.stats.find("\"records_in\":13,\"records_out\":13"), std::string::npos) << run.stats;
  EXPECT_NE(run.stats.find("\"unchanged_on_error\":1"), std::string::npos) << run.stats;
}

TEST(StreamWindowTest, SkippedBadRecordBalances) {
  TempDir dir;
  CleanOptions options;
  options.window = 4;
  options.processor.on_error = OnError::skip;
  options.processor.write_rejects = true;
  options.rejects = dir.path() + "/rejects.jsonl";
  CleanRun run = clean_piped(feed_with_bad_record(), options);
  ASSERT_EQ(run.status, kExitOk);
  EXPECT_EQ(lines_of(run.out).size(), 12u);
  EXPECT_EQ(read_file(options.rejects), "{not json\n");
  EXPECT_NE(run.stats.find("\"records_in\":13,\"records_out\":12,\"rejected\":1"), std::string::npos)
      << run.stats;
}

TEST(StreamWindowTest, FailStopsAtTheBadRecord) {
  CleanOptions options;
  options.window = 100;
  options.reader.batch_bytes = 1;
  options.processor.on_error = OnError::fail;
  CleanRun run = clean_piped(feed_with_bad_record(), options);
  EXPECT_EQ(run.status, kExitBadRecord);
  EXPECT_EQ(run.out, "");  // no output file that looks complete
  // The six records before it were cleaned and counted; nothing after it was.
  EXPECT_NE(run.stats.find("\"records_in\":7,\"records_out\":6"), std::string::npos) << run.stats;
}

}  // namespace
}  // namespace winnow
