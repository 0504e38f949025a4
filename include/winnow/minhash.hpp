// Document-level near-duplicate signatures: MinHash over shingle hashes, LSH banding of the
// signatures into lookup keys, and the exact set measures that verify the candidates.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace winnow {

enum class MinHashMethod : uint8_t {
  // One hash per shingle splits the hash space into K bins and keeps each bin's minimum;
  // empty bins borrow from a bin picked by a seeded probe sequence (optimal densification).
  one_permutation,
  // K multiply-shift hashes per shingle, (a_i * x + b_i) >> 32: the textbook estimator,
  // K times the work, vectorized.
  multiply_shift,
};

struct MinHashOptions {
  uint32_t permutations = 128;  // K, the signature length
  uint64_t seed = 0;            // equal seeds (and K, method) give comparable signatures
  // one_permutation: as accurate at a sixth of the time. bench/minhash_bench.cpp, K = 128,
  // AVX-512 EPYC, CPU time per document / mean absolute error of the Jaccard estimate:
  //   shingles          3              50             500            5000
  //   one_permutation   6.4 µs/0.026   0.6 µs/0.032   0.96 µs/0.026  9.0 µs/0.029
  //   multiply_shift    0.57 µs/0.023  1.2 µs/0.028   5.9 µs/0.028   52 µs/0.028
  // (the MAE is good to about ±0.002). bench/lsh_recall.cpp, first 2000 documents of a
  // generated feed (965 shingles each): 2.2 against 11.1 µs, MAE 0.019 both on pairs with
  // J >= 0.2. Only tiny documents are slower, where densification probes for most bins.
  MinHashMethod method = MinHashMethod::one_permutation;
};

// Computes signatures in one pass over a document's shingle hashes (winnow::Fingerprinter
// output, already seeded). Deterministic: the same options give the same signature on any
// run, machine or thread. Holds scratch space, so not thread-safe: one per worker.
class MinHasher {
 public:
  explicit MinHasher(MinHashOptions options = {});

  // Replaces `signature` with the K values of the set `shingles` (order and repeats do not
  // matter). No shingles give an empty signature, which matches nothing, itself included:
  // estimate_jaccard() of it is 0 and it has no band keys.
  void sign(std::span<const uint64_t> shingles, std::vector<uint32_t>& signature);

  const MinHashOptions& options() const { return options_; }

 private:
  void sign_one_permutation(std::span<const uint64_t> shingles, std::vector<uint32_t>& signature);
  void sign_multiply_shift(std::span<const uint64_t> shingles, std::vector<uint32_t>& signature);
  uint32_t densify(uint32_t bin) const;

  MinHashOptions options_;
  uint64_t bin_key_ = 0;     // one_permutation: mixed into every shingle hash
  uint64_t probe_key_ = 0;   // one_permutation: seeds the densification probes
  std::vector<uint64_t> multipliers_;  // multiply_shift: odd a_i
  std::vector<uint64_t> increments_;   // multiply_shift: b_i
  std::vector<uint64_t> bins_;         // one_permutation scratch; above 32 bits means empty
};

// Fraction of positions where the signatures agree: estimates the Jaccard similarity J of
// the two shingle sets, with standard error about sqrt(J (1 - J) / K). 0 when either is
// empty or their lengths differ (signatures of other options are not comparable anyway).
double estimate_jaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

// LSH banding: a signature is cut into `bands` runs of `rows` values; two documents become
// candidates when any band is equal in both, with probability 1 - (1 - s^rows)^bands at
// Jaccard s (the S-curve).
struct LshParams {
  uint32_t bands = 0;
  uint32_t rows = 0;
  friend bool operator==(const LshParams&, const LshParams&) = default;
};

// How much choose_lsh() minds each kind of error, as areas under the S-curve: candidates
// below the threshold (false positives) and misses above it (false negatives).
// Candidates are verified with exact Jaccard/containment afterwards, so a false positive
// costs one set comparison while a false negative loses a duplicate for good: the default
// weighs misses 49 times more. At threshold 0.8 and K = 128 it picks 17 x 7, which makes a
// candidate of a pair at J = 0.8 with probability 0.98, at 0.5 with 0.12, at 0.3 with
// 0.004; equal weights pick 9 x 13, centring the S-curve on the threshold: a pair at
// exactly 0.8 is missed 60% of the time. On a generated feed (bench/lsh_recall.cpp) 17 x 7
// found all 104 pairs at J >= 0.8 among 127 candidates; 9 x 13 missed 5 to 14% of them.
struct LshWeights {
  double false_positive = 0.02;
  double false_negative = 0.98;
};

// Probability that two documents of Jaccard `similarity` share at least one band.
double lsh_probability(double similarity, LshParams params);

// The bands x rows (bands * rows <= permutations) minimizing the weighted sum of the
// false-positive area (S-curve integrated over [0, threshold]) and the false-negative
// area (1 - S-curve over [threshold, 1]), integrated numerically; about 5 ms at K = 128,
// so choose once, not per document. The threshold is clamped to [0, 1].
LshParams choose_lsh(double threshold, uint32_t permutations, LshWeights weights = {});

// The bands the duplicate index stores: at most 10, so the document-level index (8-byte
// postings) stays under 100 bytes a document; of those, the most rows (fewest chance
// candidates) that still make a candidate of a pair at the threshold with probability
// at least 0.98. At 0.8 and K = 128: 10 x 5, S(0.8) = 0.981, as 17 x 7 gives, at the
// cost of more candidates between J = 0.3 and 0.6 (bench/lsh_recall.cpp: 103 against
// 101 on 2,000 generated documents, both finding every pair at J >= 0.8). Fewer than 3
// rows would let chance candidates swamp the index, so thresholds that need them (below
// about 0.65) get choose_lsh()'s pick instead.
LshParams choose_index_lsh(double threshold, uint32_t permutations);

// Replaces `out` with one key per band: a seeded XXH3 of the band's rows with the band
// index in its low bits, then mixed bijectively, so keys of different bands never collide
// and one hash table can hold them all. An empty signature has no keys; a non-empty one
// shorter than bands * rows (or zero bands or rows) throws std::invalid_argument.
void band_keys(std::span<const uint32_t> signature, LshParams params, uint64_t seed,
               std::vector<uint64_t>& out);

// Exact measures on shingle sets given as sorted vectors without repeats. An empty set
// matches nothing: both return 0 when either set is empty.
double jaccard(std::span<const uint64_t> a, std::span<const uint64_t> b);  // |a∩b| / |a∪b|
// |small ∩ large| / |small|: near 1 when a short article is contained in a longer one.
double containment(std::span<const uint64_t> small, std::span<const uint64_t> large);

}  // namespace winnow
