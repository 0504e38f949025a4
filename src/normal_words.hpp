// Internal: a paragraph folded to its normal form with each word's spans and hash, the one
// reading that the cleaner, template prints and the duplicate sketch all build on.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "utf8_fold.hpp"
#include "winnow/word_stream.hpp"
#include "xxhash_inline.hpp"

namespace winnow::detail {

// ASCII punctuation after folding (capitals and digits are folded by then, typographic
// quotes and dashes are ASCII): what clings to a word's edges.
inline bool is_edge_punctuation(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x80 && u > 0x20 && !(u >= 'a' && u <= 'z') && !(u >= '0' && u <= '9');
}

// normal[begin, end) without edge punctuation; {end, end} when it is punctuation only.
inline TextSpan bare_span(const char* normal, size_t begin, size_t end) {
  while (begin < end && is_edge_punctuation(normal[begin])) ++begin;
  while (end > begin && is_edge_punctuation(normal[end - 1])) --end;
  return {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
}

// Appends the normal form of `paragraph` to `normalized` and a WordSpan per word to
// `words`: source spans offset by `start`, XXH3 under `seed`. on_word(word, bare, span)
// sees each word as it is read, its bytes valid until `normalized` grows again.
template <class OnWord>
void read_normal_words(std::string_view paragraph, uint32_t start, uint64_t seed, std::string& normalized,
                       std::vector<WordSpan>& words, OnWord&& on_word) {
  const size_t base = normalized.size();
  normalized.resize(base + kMaxFoldGrowth * paragraph.size());
  uint64_t invalid = 0;  // whoever writes the text out repairs and counts it
  const auto on_folded = [&](size_t src_begin, size_t src_end, size_t out_begin, size_t out_end) {
    const char* const normal = normalized.data();
    const std::string_view word(normal + base + out_begin, out_end - out_begin);
    const TextSpan bare = bare_span(normal, base + out_begin, base + out_end);
    const std::string_view bare_word(normal + bare.start, bare.size());
    WordSpan& w = words.emplace_back();
    w.source = {static_cast<uint32_t>(start + src_begin), static_cast<uint32_t>(start + src_end)};
    w.normal = {static_cast<uint32_t>(base + out_begin), static_cast<uint32_t>(base + out_end)};
    w.hash = XXH3_64bits_withSeed(word.data(), word.size(), seed);
    w.bare = bare;
    w.bare_hash = bare.size() == word.size() ? w.hash : XXH3_64bits_withSeed(bare_word.data(), bare_word.size(), seed);
    on_word(word, bare_word, w);
  };
  normalized.resize(base + fold_utf8(paragraph, normalized.data() + base, invalid, on_folded));
}

}  // namespace winnow::detail
