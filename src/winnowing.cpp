#include "winnow/winnowing.hpp"

#include "xxhash_inline.hpp"

#include <algorithm>

namespace winnow {

WinnowParams WinnowParams::for_min_passage(unsigned min_words) {
  WinnowParams p;
  min_words = std::max(1u, min_words);
  p.gram_words = std::min(5u, min_words);
  p.window = min_words - p.gram_words + 1;
  return p;
}

void gram_hashes(std::span<const uint32_t> words, unsigned n, std::vector<uint64_t>& out) {
  out.clear();
  if (n == 0 || words.size() < n) return;
  out.reserve(words.size() - n + 1);
  for (size_t i = 0; i + n <= words.size(); ++i) {
    out.push_back(XXH3_64bits(words.data() + i, n * sizeof(uint32_t)));
  }
}

void select_prints(std::span<const uint64_t> grams, unsigned window, std::vector<PassagePrint>& out) {
  out.clear();
  if (grams.empty()) return;
  // A text shorter than a window is one window of all its grams.
  const size_t width = std::min<size_t>(std::max(1u, window), grams.size());
  size_t last_selected = SIZE_MAX;
  for (size_t start = 0; start + width <= grams.size(); ++start) {
    // The rightmost minimum of the window: windows are a few grams wide, and a plain scan
    // with conditional moves beats keeping a queue of candidates.
    size_t best = start;
    uint64_t lowest = grams[start];
    for (size_t k = start + 1; k < start + width; ++k) {
      const bool lower = grams[k] <= lowest;
      lowest = lower ? grams[k] : lowest;
      best = lower ? k : best;
    }
    if (best != last_selected) {
      last_selected = best;
      out.push_back({lowest, static_cast<uint32_t>(best)});
    }
  }
}

}  // namespace winnow
