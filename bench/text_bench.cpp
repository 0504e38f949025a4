// Throughput of the text stages on ~50 KB of synthetic English news text:
// paragraph splitting, normalization, and fingerprinting (paragraph hashes + shingles).
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/fingerprint.hpp"
#include "winnow/normalize.hpp"
#include "winnow/paragraphs.hpp"

namespace {

constexpr size_t kTargetBytes = 50 * 1024;

constexpr std::array<std::string_view, 64> kWords = {
    "the",      "of",        "and",      "to",        "in",       "a",         "said",
    "on",       "for",       "that",     "with",      "was",      "by",        "it",
    "as",       "from",      "at",       "would",     "has",      "its",       "government",
    "minister", "officials", "year",     "percent",   "market",   "police",    "city",
    "people",   "new",       "after",    "report",    "week",     "president", "council",
    "plan",     "million",   "company",  "statement", "told",     "reporters", "election",
    "budget",   "prices",    "workers",  "country",   "security", "court",     "decision",
    "health",   "school",    "water",    "energy",    "increase", "support",   "local",
    "national", "according", "expected", "Tuesday",   "public",   "billion",   "during",
    "spokesman"};

constexpr std::array<std::string_view, 16> kNames = {
    "Smith",  "Brussels", "Reuters", "Berlin", "Müller",   "Paris",   "Johnson", "Tokyo",
    "García", "London",   "Chen",    "Ankara", "Nováková", "Ontario", "Patel",   "Lagos"};

// Deterministic, so every run measures the same text.
class Random {
 public:
  uint32_t below(uint32_t bound) {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state_ >> 33) % bound;
  }

 private:
  uint64_t state_ = 0x2545F4914F6CDD1Dull;
};

void append_sentence(Random& random, std::string& out) {
  const uint32_t words = 8 + random.below(18);
  const bool quoted = random.below(6) == 0;
  if (quoted) out += "\xE2\x80\x9C";  // “
  for (uint32_t i = 0; i < words; ++i) {
    if (i != 0) out += random.below(25) == 0 ? ", " : " ";
    const uint32_t kind = random.below(20);
    if (kind == 0) {
      out += std::to_string(random.below(5000));
    } else if (kind <= 2) {
      out += kNames[random.below(kNames.size())];
    } else if (kind == 3 && i + 1 < words) {
      out += kWords[random.below(kWords.size())];
      out += " \xE2\x80\x94";  // an em dash aside
    } else {
      std::string_view word = kWords[random.below(kWords.size())];
      if (i == 0) {
        out += static_cast<char>(word[0] >= 'a' ? word[0] - 32 : word[0]);
        word.remove_prefix(1);
      }
      out += word;
    }
  }
  out += '.';
  if (quoted) out += "\xE2\x80\x9D";  // ”
}

std::string make_paragraph(Random& random) {
  std::string paragraph;
  const uint32_t sentences = 2 + random.below(4);
  for (uint32_t i = 0; i < sentences; ++i) {
    if (i != 0) paragraph += ' ';
    append_sentence(random, paragraph);
  }
  return paragraph;
}

size_t count_code_points(std::string_view text) {
  size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// Greedy hard wrap at `width` characters, as plain-text wire copy arrives.
std::string wrap(std::string_view paragraph, size_t width) {
  std::string out;
  size_t line = 0;
  while (!paragraph.empty()) {
    const size_t space = paragraph.find(' ');
    const std::string_view word = paragraph.substr(0, space);
    paragraph = space == std::string_view::npos ? std::string_view() : paragraph.substr(space + 1);
    const size_t word_length = count_code_points(word);
    if (line != 0 && line + 1 + word_length > width) {
      out += '\n';
      line = 0;
    } else if (line != 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word_length;
  }
  return out;
}

enum class Layout { web, wrapped };

// web: scraped-page shape, one paragraph per line plus menus and headline lists;
// wrapped: every paragraph hard-wrapped at 72 columns, blank lines between.
std::string make_article(Layout layout) {
  Random random;
  std::string text = "Home\nWorld\nPolitics\nBusiness\nSubscribe\n\n";
  while (text.size() < kTargetBytes) {
    const std::string paragraph = make_paragraph(random);
    if (layout == Layout::wrapped) {
      text += wrap(paragraph, 72);
      text += "\n\n";
    } else {
      text += paragraph;
      text += random.below(3) == 0 ? "\n\n" : "\n";
      if (random.below(12) == 0) {
        text += "Advertisement\nMarkets rally as rates hold\nMarch 3, 2024\n";
      }
    }
  }
  return text;
}

void report_bytes(benchmark::State& state, size_t bytes_per_iteration) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes_per_iteration));
}

void BM_SplitParagraphs(benchmark::State& state, Layout layout) {
  const std::string text = make_article(layout);
  std::vector<winnow::TextSpan> paragraphs;
  for (auto _ : state) {
    winnow::split_paragraphs(text, paragraphs);
    benchmark::DoNotOptimize(paragraphs.data());
  }
  state.counters["paragraphs"] = static_cast<double>(paragraphs.size());
  report_bytes(state, text.size());
}

void BM_Normalize(benchmark::State& state, Layout layout) {
  const std::string text = make_article(layout);
  std::string normalized;
  for (auto _ : state) {
    normalized.clear();
    winnow::normalize_append(text, normalized);
    benchmark::DoNotOptimize(normalized.data());
  }
  report_bytes(state, text.size());
}

void BM_Fingerprint(benchmark::State& state, Layout layout) {
  const std::string text = make_article(layout);
  std::vector<winnow::TextSpan> paragraphs;
  winnow::split_paragraphs(text, paragraphs);
  winnow::Fingerprinter fingerprinter;
  winnow::DocumentPrints prints;
  for (auto _ : state) {
    fingerprinter.compute(text, paragraphs, prints);
    benchmark::DoNotOptimize(prints.shingles.data());
  }
  state.counters["shingles"] = static_cast<double>(prints.shingles.size());
  report_bytes(state, text.size());
}

BENCHMARK_CAPTURE(BM_SplitParagraphs, web, Layout::web);
BENCHMARK_CAPTURE(BM_SplitParagraphs, wrapped, Layout::wrapped);
BENCHMARK_CAPTURE(BM_Normalize, web, Layout::web);
BENCHMARK_CAPTURE(BM_Fingerprint, web, Layout::web);
BENCHMARK_CAPTURE(BM_Fingerprint, wrapped, Layout::wrapped);

}  // namespace
