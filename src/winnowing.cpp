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

namespace {

// Index of the rightmost least gram of grams[first, last).
size_t rightmost_min(std::span<const uint64_t> grams, size_t first, size_t last) {
  size_t best = first;
  for (size_t k = first + 1; k < last; ++k) {
    best = grams[k] <= grams[best] ? k : best;
  }
  return best;
}

}  // namespace

void select_prints(std::span<const uint64_t> grams, unsigned window, std::vector<PassagePrint>& out) {
  out.clear();
  if (grams.empty()) return;
  // A text shorter than a window is one window of all its grams.
  const size_t width = std::min<size_t>(std::max(1u, window), grams.size());
  // The rightmost minimum of each window, kept as the window slides: a new gram no larger
  // takes its place, and only when it leaves the window is the window searched again
  // (for random hashes, about one slide in `width`).
  size_t best = rightmost_min(grams, 0, width);
  out.push_back({grams[best], static_cast<uint32_t>(best)});
  for (size_t start = 1; start + width <= grams.size(); ++start) {
    const size_t last = start + width - 1;
    const size_t previous = best;
    if (grams[last] <= grams[best]) {
      best = last;
    } else if (best < start) {
      best = rightmost_min(grams, start, last + 1);
    }
    if (best != previous) out.push_back({grams[best], static_cast<uint32_t>(best)});
  }
}

}  // namespace winnow
