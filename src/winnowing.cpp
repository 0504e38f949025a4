#include "winnow/winnowing.hpp"

#include "xxhash_inline.hpp"

#include <algorithm>
#include <vector>

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
  window = std::max(1u, window);
  // Candidates for the window's minimum, their hashes increasing front to back. Each gram
  // enters once, so a plain array with two cursors serves as the deque.
  std::vector<uint32_t> minima(grams.size());
  size_t front = 0, back = 0;  // minima[front, back)
  size_t last_selected = SIZE_MAX;
  const size_t n = grams.size();
  for (size_t j = 0; j < n; ++j) {
    while (back > front && grams[minima[back - 1]] >= grams[j]) --back;
    minima[back++] = static_cast<uint32_t>(j);
    if (minima[front] + window <= j) ++front;
    bool window_complete = j + 1 >= window || j + 1 == n;
    if (window_complete && minima[front] != last_selected) {
      last_selected = minima[front];
      out.push_back({grams[last_selected], static_cast<uint32_t>(last_selected)});
    }
  }
}

}  // namespace winnow
