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

// Appends the normal form of `paragraph` to `normalized` and a WordSpan per word to
// `words`: source spans offset by `start`, XXH3 under `seed`. on_word(word, hash) sees
// each word as it is read, its bytes valid until `normalized` grows again.
template <class OnWord>
void read_normal_words(std::string_view paragraph, uint32_t start, uint64_t seed, std::string& normalized,
                       std::vector<WordSpan>& words, OnWord&& on_word) {
  const size_t base = normalized.size();
  normalized.resize(base + kMaxFoldGrowth * paragraph.size());
  uint64_t invalid = 0;  // whoever writes the text out repairs and counts it
  const auto on_folded = [&](size_t src_begin, size_t src_end, size_t out_begin, size_t out_end) {
    const std::string_view word(normalized.data() + base + out_begin, out_end - out_begin);
    const uint64_t hash = XXH3_64bits_withSeed(word.data(), word.size(), seed);
    words.push_back({{static_cast<uint32_t>(start + src_begin), static_cast<uint32_t>(start + src_end)},
                     {static_cast<uint32_t>(base + out_begin), static_cast<uint32_t>(base + out_end)},
                     hash});
    on_word(word, hash);
  };
  normalized.resize(base + fold_utf8(paragraph, normalized.data() + base, invalid, on_folded));
}

}  // namespace winnow::detail
