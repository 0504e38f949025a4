// Synthetic news for the stage microbenchmarks: articles drawn from a small vocabulary with
// Zipf-like word frequencies, wrapped in the boilerplate scraped pages carry, and the JSONL
// records that hold them. Seeded, so every run measures the same bytes.
#pragma once
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/json_escape.hpp"

namespace bench_text {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {  // splitmix64
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t bound) { return static_cast<uint32_t>(((next() >> 32) * bound) >> 32); }

 private:
  uint64_t state_;
};

// Most frequent first: zipf_word() draws rank r with weight 1 / (r + 1).
inline constexpr std::array<std::string_view, 120> kWords = {
    "the",        "of",          "and",        "to",         "a",           "in",
    "said",       "that",        "for",        "on",         "is",          "was",
    "with",       "it",          "he",         "as",         "by",          "at",
    "from",       "his",         "have",       "has",        "are",         "an",
    "be",         "they",        "will",       "not",        "but",         "this",
    "were",       "had",         "their",      "which",      "been",        "would",
    "she",        "also",        "who",        "more",       "after",       "its",
    "year",       "new",         "people",     "than",       "government",  "two",
    "last",       "first",       "percent",    "million",    "over",        "could",
    "minister",   "officials",   "police",     "told",       "week",        "city",
    "president",  "market",      "company",    "report",     "country",     "state",
    "council",    "plan",        "statement",  "reporters",  "election",    "budget",
    "prices",     "workers",     "security",   "court",      "decision",    "health",
    "school",     "water",       "energy",     "increase",   "support",     "local",
    "national",   "according",   "expected",   "public",     "billion",     "during",
    "spokesman",  "agency",      "investors",  "shares",     "rates",       "inflation",
    "parliament", "opposition",  "ministry",   "hospital",   "residents",   "protest",
    "agreement",  "negotiations", "committee", "regional",   "quarter",     "analysts",
    "emergency",  "infrastructure", "climate", "coalition",  "tribunal",    "shipment",
    "refinery",   "harvest",     "turbines",   "subsidies",  "ceasefire",   "verdict"};

inline constexpr std::array<std::string_view, 16> kNames = {
    "Smith",  "Brussels", "Reuters", "Berlin", "Müller",   "Paris",   "Johnson", "Tokyo",
    "García", "London",   "Chen",    "Ankara", "Nováková", "Ontario", "Patel",   "Lagos"};

inline constexpr std::array<std::string_view, 8> kSites = {
    "Daily Ledger", "Northern Courier", "Metro Wire", "Harbor Times",
    "Valley Post",  "Capital Report",   "Evening Star", "Coast Herald"};

inline std::string_view zipf_word(Random& random) {
  static const std::vector<uint32_t> cumulative = [] {
    std::vector<uint32_t> sums;
    uint32_t sum = 0;
    for (uint32_t rank = 0; rank < kWords.size(); ++rank) sums.push_back(sum += 1'000'000 / (rank + 1));
    return sums;
  }();
  const uint32_t x = random.below(cumulative.back());
  return kWords[std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin()];
}

inline void append_capitalized(std::string& out, std::string_view word) {
  out += static_cast<char>(word[0] >= 'a' && word[0] <= 'z' ? word[0] - 32 : word[0]);
  out.append(word.substr(1));
}

// Words with names, numbers, commas, the odd em-dash aside and typographic quotes.
inline void append_sentence(Random& random, std::string& out) {
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
      out += zipf_word(random);
      out += " \xE2\x80\x94";  // —
    } else if (i == 0) {
      append_capitalized(out, zipf_word(random));
    } else {
      out += zipf_word(random);
    }
  }
  out += '.';
  if (quoted) out += "\xE2\x80\x9D";  // ”
}

inline std::string make_paragraph(Random& random) {
  std::string paragraph;
  const uint32_t sentences = 2 + random.below(4);
  for (uint32_t i = 0; i < sentences; ++i) {
    if (i != 0) paragraph += ' ';
    append_sentence(random, paragraph);
  }
  return paragraph;
}

inline size_t count_code_points(std::string_view text) {
  size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// Greedy hard wrap at `width` characters, as plain-text wire copy arrives.
inline std::string wrap(std::string_view paragraph, size_t width) {
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

// web: scraped-page shape, one paragraph per line between menus, ads and a footer;
// wrapped: every paragraph hard-wrapped at 72 columns, blank lines between;
// cleaned: only the story's paragraphs, blank lines between, as `winnow clean` writes it.
enum class Layout { web, wrapped, cleaned };

struct Article {
  std::string id, source, url, title, author, date, text;
};

inline void append_body(Random& random, size_t bytes, Layout layout, std::string& text) {
  const size_t end = text.size() + bytes;
  while (text.size() < end) {
    const std::string paragraph = make_paragraph(random);
    if (layout != Layout::web) {
      text += layout == Layout::wrapped ? wrap(paragraph, 72) : paragraph;
      text += "\n\n";
      continue;
    }
    text += paragraph;
    text += random.below(3) == 0 ? "\n\n" : "\n";
    if (random.below(12) == 0) text += "Advertisement\nMarkets rally as rates hold\nMarch 3, 2024\n";
  }
}

inline std::string make_title(Random& random) {
  std::string title;
  const uint32_t words = 5 + random.below(6);
  for (uint32_t i = 0; i < words; ++i) {
    if (i != 0) title += ' ';
    append_capitalized(title, random.below(5) == 0 ? kNames[random.below(kNames.size())] : zipf_word(random));
  }
  return title;
}

// About `bytes` of text (the page furniture comes on top).
inline Article make_article(Random& random, size_t bytes, Layout layout, uint32_t number) {
  Article a;
  const std::string_view site = kSites[random.below(kSites.size())];
  a.source = site;
  a.id = std::to_string(number);
  a.title = make_title(random);
  a.author = std::string(kNames[random.below(kNames.size())]) + " " + std::string(kNames[random.below(kNames.size())]);
  a.date = "2024-03-" + std::to_string(10 + random.below(19));
  a.url = "https://www.example.com/world/" + std::to_string(number) + "/";
  for (const char c : a.title) a.url += c == ' ' ? '-' : c;
  if (layout != Layout::cleaned) {
    a.text = "Home\nWorld\nPolitics\nBusiness\nSubscribe\n\n" + a.title + "\n\nBy " + a.author + "\n\n";
  }
  append_body(random, bytes, layout, a.text);
  if (layout == Layout::web) {
    a.text += "The post " + a.title + " appeared first on " + a.source + ".\n";
    a.text += "Share this:\nFacebook\nTwitter\nRead more\n\xC2\xA9 2024 " + a.source + ". All rights reserved.";
  }
  return a;
}

// `count` articles of 1.5 to 10.5 KB, about 6 KB on average as in generated feeds.
inline std::vector<Article> make_corpus(size_t count, Layout layout = Layout::web, uint64_t seed = 1) {
  Random random(seed);
  std::vector<Article> corpus;
  for (size_t i = 0; i < count; ++i) {
    corpus.push_back(make_article(random, 1500 + random.below(9000), layout, static_cast<uint32_t>(i)));
  }
  return corpus;
}

// The same corpus every time it is asked for, built once per process.
inline const std::vector<Article>& shared_corpus(Layout layout = Layout::web) {
  static const std::vector<Article> web = make_corpus(64, Layout::web);
  static const std::vector<Article> wrapped = make_corpus(64, Layout::wrapped);
  static const std::vector<Article> cleaned = make_corpus(64, Layout::cleaned);
  return layout == Layout::web ? web : layout == Layout::wrapped ? wrapped : cleaned;
}

inline size_t text_bytes(const std::vector<Article>& corpus) {
  size_t bytes = 0;
  for (const Article& a : corpus) bytes += a.text.size();
  return bytes;
}

// Replaces about one word in `one_in` with a fresh one: a lightly edited copy.
inline std::string edit_words(Random& random, std::string_view text, uint32_t one_in) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t space = text.find(' ', start);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(start, space - start);
    const bool replace = word.find('\n') == std::string_view::npos && random.below(one_in) == 0;
    out += replace ? zipf_word(random) : word;
    if (space < text.size()) out += ' ';
    start = space + 1;
  }
  return out;
}

// One JSONL record as the feed generator writes it, without the newline.
inline std::string json_line(const Article& a) {
  std::string line = "{";
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"id", &a.id},       {"source", &a.source}, {"url", &a.url}, {"title", &a.title},
      {"author", &a.author}, {"date", &a.date},     {"text", &a.text}};
  for (const auto& [name, value] : fields) {
    if (line.size() > 1) line += ',';
    winnow::append_json_string(line, name);
    line += ':';
    winnow::append_json_string(line, *value);
  }
  line += '}';
  return line;
}

// Bytes and documents per iteration, so every benchmark reports MB/s (and documents/s).
inline void report(benchmark::State& state, size_t bytes, size_t documents = 0) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
  if (documents != 0) {
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(documents));
  }
}

}  // namespace bench_text
