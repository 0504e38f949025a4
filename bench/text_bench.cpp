// Text stages on 64 synthetic articles (~6 KB each) in two layouts: paragraph splitting,
// normalization, and fingerprinting (paragraph hashes + shingles).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench_text.hpp"
#include "winnow/fingerprint.hpp"
#include "winnow/normalize.hpp"
#include "winnow/paragraphs.hpp"

namespace {

using bench_text::Article;
using bench_text::Layout;

void BM_SplitParagraphs(benchmark::State& state, Layout layout) {
  const std::vector<Article>& corpus = bench_text::shared_corpus(layout);
  std::vector<winnow::TextSpan> paragraphs;
  size_t count = 0;
  for (auto _ : state) {
    count = 0;
    for (const Article& a : corpus) {
      winnow::split_paragraphs(a.text, paragraphs);
      benchmark::DoNotOptimize(paragraphs.data());
      count += paragraphs.size();
    }
  }
  state.counters["paragraphs"] = static_cast<double>(count);
  bench_text::report(state, bench_text::text_bytes(corpus), corpus.size());
}

// Paragraph by paragraph, as the cleaner normalizes them.
void BM_Normalize(benchmark::State& state, Layout layout) {
  const std::vector<Article>& corpus = bench_text::shared_corpus(layout);
  std::vector<std::vector<winnow::TextSpan>> paragraphs(corpus.size());
  for (size_t i = 0; i < corpus.size(); ++i) winnow::split_paragraphs(corpus[i].text, paragraphs[i]);
  std::string normalized;
  for (auto _ : state) {
    for (size_t i = 0; i < corpus.size(); ++i) {
      for (const winnow::TextSpan& p : paragraphs[i]) {
        normalized.clear();
        winnow::normalize_append(p.in(corpus[i].text), normalized);
        benchmark::DoNotOptimize(normalized.data());
      }
    }
  }
  bench_text::report(state, bench_text::text_bytes(corpus), corpus.size());
}

void BM_Fingerprint(benchmark::State& state, Layout layout) {
  const std::vector<Article>& corpus = bench_text::shared_corpus(layout);
  std::vector<std::vector<winnow::TextSpan>> paragraphs(corpus.size());
  for (size_t i = 0; i < corpus.size(); ++i) winnow::split_paragraphs(corpus[i].text, paragraphs[i]);
  winnow::Fingerprinter fingerprinter;
  winnow::DocumentPrints prints;
  size_t shingles = 0;
  for (auto _ : state) {
    shingles = 0;
    for (size_t i = 0; i < corpus.size(); ++i) {
      fingerprinter.compute(corpus[i].text, paragraphs[i], prints);
      benchmark::DoNotOptimize(prints.shingles.data());
      shingles += prints.shingles.size();
    }
  }
  state.counters["shingles"] = static_cast<double>(shingles);
  bench_text::report(state, bench_text::text_bytes(corpus), corpus.size());
}

BENCHMARK_CAPTURE(BM_SplitParagraphs, web, Layout::web);
BENCHMARK_CAPTURE(BM_SplitParagraphs, wrapped, Layout::wrapped);
BENCHMARK_CAPTURE(BM_Normalize, web, Layout::web);
BENCHMARK_CAPTURE(BM_Fingerprint, web, Layout::web);
BENCHMARK_CAPTURE(BM_Fingerprint, wrapped, Layout::wrapped);

}  // namespace
