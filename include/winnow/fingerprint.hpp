// Paragraph hashes and word shingles, computed in one pass over a document's bytes.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/text_span.hpp"

namespace winnow {

struct FingerprintOptions {
  unsigned shingle_words = 5;  // n of the word n-grams
  uint64_t seed = 0;           // all hashes are seeded, so crafted text cannot collide on purpose
};

struct ParagraphPrint {
  TextSpan span;             // the paragraph in the original text
  uint64_t hash = 0;         // XXH3-64 of the normalized paragraph
  uint32_t words = 0;        // words after normalization
  uint32_t first_shingle = 0;  // index into DocumentPrints::shingles
  uint32_t shingle_count = 0;
};

struct DocumentPrints {
  std::vector<ParagraphPrint> paragraphs;
  std::vector<uint64_t> shingles;      // word n-gram hashes, paragraph by paragraph
  std::vector<TextSpan> shingle_spans;  // original bytes each shingle covers
  uint64_t invalid_utf8 = 0;

  void clear() {
    paragraphs.clear();
    shingles.clear();
    shingle_spans.clear();
    invalid_utf8 = 0;
  }
};

// Holds scratch buffers so fingerprinting a stream of documents does not allocate per record.
// Not thread-safe: one per worker.
class Fingerprinter {
 public:
  explicit Fingerprinter(FingerprintOptions options = {});

  // Fingerprints each paragraph of `text`; a paragraph shorter than n words yields one
  // shingle of all its words, an empty one none.
  void compute(std::string_view text, std::span<const TextSpan> paragraphs, DocumentPrints& out);

  const FingerprintOptions& options() const { return options_; }

 private:
  FingerprintOptions options_;
  std::string normalized_;
  std::vector<uint64_t> word_hashes_;
  std::vector<TextSpan> word_spans_;
};

}  // namespace winnow
