// Winnowing (Schleimer, Wilkerson, Aiken 2003): a sparse, position-aware sample of a
// document's word n-gram hashes such that any run of words two documents share, once it
// is long enough, yields at least one fingerprint both of them selected.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace winnow {

struct PassagePrint {
  uint64_t hash = 0;
  uint32_t word = 0;  // index of the gram's first word
};

// Gram size and window for a guaranteed minimum passage length t: every shared run of
// t = gram_words + window - 1 words or more shares a selected fingerprint.
struct WinnowParams {
  unsigned gram_words = 5;
  unsigned window = 6;

  static WinnowParams for_min_passage(unsigned min_words);
  unsigned guaranteed_words() const { return gram_words + window - 1; }
};

// Hash of every run of n consecutive words (none when there are fewer than n words).
void gram_hashes(std::span<const uint32_t> words, unsigned n, std::vector<uint64_t>& out);

// The minimum of each window of `window` consecutive grams (the rightmost of equal ones),
// each recorded once; a document shorter than one window still gives its minimum.
void select_prints(std::span<const uint64_t> grams, unsigned window, std::vector<PassagePrint>& out);

}  // namespace winnow
