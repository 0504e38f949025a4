// A document's words as compared across documents: normalized, edge punctuation dropped,
// each with the bytes it came from, so matches can be reported as byte spans.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/text_span.hpp"

namespace winnow {

struct WordStream {
  std::vector<uint32_t> hashes;  // seeded hash of each word's normal form
  std::vector<TextSpan> spans;   // the word's bytes in the text, punctuation included

  void clear() {
    hashes.clear();
    spans.clear();
  }
  size_t size() const { return hashes.size(); }
};

// A word as normalization found it: its bytes in a text and in the normal form, and the
// XXH3 of the latter under the reader's seed, which consumers hashing the same bytes
// under the same seed take instead of hashing again.
struct WordSpan {
  TextSpan source;
  TextSpan normal;
  uint64_t hash = 0;
  // The normal form without the ASCII punctuation at its edges (empty for punctuation
  // only), and its hash under the same seed: what duplicates compare, and what rules and
  // templates compare in most words, so it is trimmed and hashed once.
  TextSpan bare;
  uint64_t bare_hash = 0;
};

// Holds the scratch buffer; one per worker thread.
class WordReader {
 public:
  explicit WordReader(uint64_t seed = 0) : seed_(seed) {}

  // Appends the words of each paragraph of `text`, in order, to `out` (cleared first).
  // A quoted word and the bare word compare equal: `"Rates` reads as `rates`.
  void read(std::string_view text, std::span<const TextSpan> paragraphs, WordStream& out);
  // Appends words already normalized (spans into `normalized`, hashes under `words_seed`),
  // their source spans moved by `shift`: a paragraph read once by the cleaner, now at
  // another place in the output.
  void add_normalized(std::string_view normalized, std::span<const WordSpan> words, int64_t shift,
                      uint64_t words_seed, WordStream& out) const;

 private:
  uint64_t seed_;
  std::string normalized_;
};

}  // namespace winnow
