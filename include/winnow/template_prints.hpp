// Fingerprints of paragraphs as templates: the parts that vary per article are masked,
// so "The post <this title> appeared first on Site." hashes the same in every article.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/text_span.hpp"
#include "winnow/word_stream.hpp"

namespace winnow {

// Paragraphs longer than this get no shingles, only their whole-paragraph hash.
inline constexpr size_t kMaxShingledWords = 40;

// Per-record values that templates embed.
struct RecordFacts {
  std::string_view title;
  std::string_view author;
  std::string_view url;
  std::string_view date;
};

struct TemplateParagraph {
  uint64_t hash = 0;          // of the masked, normalized paragraph
  uint32_t words = 0;         // words after masking
  uint32_t first_shingle = 0; // into TemplatePrints::shingles
  uint32_t shingle_count = 0;
};

struct TemplatePrints {
  std::vector<TemplateParagraph> paragraphs;
  std::vector<uint64_t> shingles;  // masked word n-grams, paragraph by paragraph
  void clear() {
    paragraphs.clear();
    shingles.clear();
  }
};

// One per worker; reuses its buffers across documents.
class TemplateHasher {
 public:
  explicit TemplateHasher(unsigned shingle_words = 3, uint64_t seed = 0);
  void compute(std::string_view text, std::span<const TextSpan> paragraphs,
               const RecordFacts& facts, TemplatePrints& out);
  // The same from words already split and hashed under this hasher's seed: paragraph i's
  // words are words[first_word[i], first_word[i + 1]), their normal spans into `normalized`.
  void compute_words(std::string_view normalized, std::span<const WordSpan> words,
                     std::span<const uint32_t> first_word, const RecordFacts& facts, TemplatePrints& out);

  unsigned shingle_words() const { return shingle_words_; }
  uint64_t seed() const { return seed_; }

 private:
  // A word's core: its normal form without clinging punctuation, what facts match.
  struct Core {
    std::string_view text;
    uint64_t hash;
  };
  // A record fact (title, author, ...) as a run of word cores in fact_words_.
  struct Fact {
    uint32_t first, count;
    uint8_t placeholder;
    bool prefix_matches;  // a long enough prefix counts too (truncated titles)
  };
  struct FactMatch {
    size_t words = 0;
    uint8_t placeholder = 0;
  };

  void add_fact(std::string_view text, uint8_t placeholder, bool prefix_matches);
  void add_url_facts(std::string_view url);
  void add_facts(const RecordFacts& facts);
  Core core(std::string_view normalized, const WordSpan& w) const;
  bool is_dateish(const Core& core) const;
  bool is_calendar_word(uint64_t core) const;
  FactMatch match_fact(std::string_view normalized, std::span<const WordSpan> words, size_t at,
                       uint64_t first_core);
  void mask_words(std::string_view normalized, std::span<const WordSpan> words);
  void push_placeholder(uint8_t placeholder);
  void append_paragraph(TemplatePrints& out) const;
  uint64_t hash_bytes(std::string_view bytes) const;
  uint64_t hash_masked(size_t first, size_t count) const;

  unsigned shingle_words_;
  uint64_t seed_;
  std::vector<uint64_t> placeholders_;    // one word hash per kind of masked run
  std::vector<uint64_t> calendar_words_;  // hash set of month and weekday names
  std::array<uint64_t, 64> calendar_filter_{};
  std::string scratch_;                   // normal form of a fact being scanned
  std::string normalized_;                // the words of the paragraphs given to compute()
  std::vector<WordSpan> read_;
  std::vector<uint32_t> first_word_;
  std::vector<uint64_t> masked_;          // the paragraph's words after masking
  std::vector<uint64_t> cores_;           // cores of the words a fact is being matched to
  std::vector<uint64_t> fact_words_;
  std::vector<Fact> facts_;
  uint64_t fact_starts_ = 0;              // filter: bit (core & 63) of each fact's first word
};

}  // namespace winnow
