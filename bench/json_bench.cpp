// The JSON ends of a record's trip: reading a JSONL line (validation, field lookup, text
// decoding) and writing one back (string escaping, splicing the cleaned text into the line).
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "bench_text.hpp"
#include "winnow/json_escape.hpp"
#include "winnow/json_record.hpp"
#include "winnow/paragraphs.hpp"

namespace {

using bench_text::Article;

// The corpus as one JSONL buffer with the parser's read-ahead slack after it, as batches
// are padded.
struct Feed {
  std::string data;
  std::vector<std::string_view> lines;
};

Feed make_feed(const std::vector<Article>& corpus) {
  Feed feed;
  std::vector<size_t> ends;
  for (const Article& a : corpus) {
    feed.data += bench_text::json_line(a);
    ends.push_back(feed.data.size());
    feed.data += '\n';
  }
  feed.data.append(winnow::kJsonPadding, ' ');
  size_t begin = 0;
  for (const size_t end : ends) {
    feed.lines.emplace_back(feed.data.data() + begin, end - begin);
    begin = end + 1;
  }
  return feed;
}

size_t line_bytes(const Feed& feed) {
  size_t bytes = 0;
  for (const std::string_view line : feed.lines) bytes += line.size() + 1;
  return bytes;
}

void BM_JsonRead(benchmark::State& state) {
  const Feed feed = make_feed(bench_text::shared_corpus());
  winnow::JsonRecordParser parser{winnow::FieldNames{}};
  winnow::JsonRecord record;
  for (auto _ : state) {
    for (const std::string_view line : feed.lines) {
      const size_t capacity = feed.data.size() - static_cast<size_t>(line.data() - feed.data.data());
      if (parser.parse(line, capacity, record) != winnow::RecordError::none) {
        state.SkipWithError("record rejected");
        return;
      }
      benchmark::DoNotOptimize(record.text.data());
    }
  }
  bench_text::report(state, line_bytes(feed), feed.lines.size());
}
BENCHMARK(BM_JsonRead);

void BM_JsonEscape(benchmark::State& state) {
  const std::vector<Article>& corpus = bench_text::shared_corpus();
  std::string out;
  for (auto _ : state) {
    for (const Article& a : corpus) {
      out.clear();
      winnow::append_json_string(out, a.text);
      benchmark::DoNotOptimize(out.data());
    }
  }
  bench_text::report(state, bench_text::text_bytes(corpus), corpus.size());
}
BENCHMARK(BM_JsonEscape);

// The text a cleaner might keep: paragraphs of more than a few words, blank lines between.
std::string kept_text(std::string_view text) {
  std::vector<winnow::TextSpan> paragraphs;
  winnow::split_paragraphs(text, paragraphs);
  std::string kept;
  for (const winnow::TextSpan& p : paragraphs) {
    if (p.size() < 60) continue;
    if (!kept.empty()) kept += "\n\n";
    kept.append(p.in(text));
  }
  return kept;
}

// A changed record as written: the line with its text token replaced by the kept text.
void BM_SpliceText(benchmark::State& state) {
  const Feed feed = make_feed(bench_text::shared_corpus());
  winnow::JsonRecordParser parser{winnow::FieldNames{}};
  winnow::JsonRecord record;
  struct Splice {
    std::string_view line;
    size_t begin, end;
    std::string kept;
  };
  std::vector<Splice> splices;
  for (const std::string_view line : feed.lines) {
    const size_t capacity = feed.data.size() - static_cast<size_t>(line.data() - feed.data.data());
    parser.parse(line, capacity, record);
    splices.push_back({line, record.text_begin, record.text_end, kept_text(record.text)});
  }
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (const Splice& s : splices) {
      winnow::splice_text(out, s.line, s.begin, s.end, s.kept);
      out += '\n';
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["kept"] = static_cast<double>(out.size()) / static_cast<double>(line_bytes(feed));
  bench_text::report(state, line_bytes(feed), feed.lines.size());
}
BENCHMARK(BM_SpliceText);

}  // namespace
