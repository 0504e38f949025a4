#include "winnow/minhash.hpp"

#include "xxhash_inline.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace winnow {
namespace {

// Marks an empty one-permutation bin: bins hold 32-bit values, so it cannot be a minimum.
constexpr uint64_t kEmptyBin = UINT64_MAX;

// Densification probes before falling back to the next filled bin; a probe misses with
// probability (empty bins / K), so with one filled bin of K this many miss with e^-32.
constexpr uint32_t kProbesPerBin = 32;

// Multiply-shift functions hashed together per pass over the shingles.
constexpr uint32_t kBlock = 16;

// splitmix64's finalizer (Stafford's mix 13). A bijection on 64 bits: xorshifts and odd
// multipliers are invertible, so distinct inputs stay distinct.
uint64_t mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The splitmix64 generator: a reproducible stream of hash parameters from one seed.
uint64_t next_random(uint64_t& state) {
  state += 0x9E3779B97F4A7C15ull;
  return mix64(state);
}

// Maps 32 uniform bits onto [0, k) with one multiplication instead of a division.
uint32_t scale_to(uint64_t bits32, uint32_t k) { return static_cast<uint32_t>((bits32 * k) >> 32); }

// Counts the values two sorted, repeat-free vectors share.
size_t shared_values(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  size_t shared = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
  }
  return shared;
}

// Composite Simpson's rule over a fixed even number of steps. Only the ranking of the
// candidate params matters: 64 steps already choose as 1024 do for every threshold from
// 0.05 to 0.95 and K from 16 to 256; 128 leaves a margin at ~5 ms per choose_lsh().
template <typename Function>
double integrate(Function f, double from, double to) {
  constexpr int kSteps = 128;
  const double step = (to - from) / kSteps;
  double sum = f(from) + f(to);
  for (int i = 1; i < kSteps; ++i) sum += (i % 2 == 1 ? 4.0 : 2.0) * f(from + i * step);
  return sum * step / 3.0;
}

// The minimums of kBlock multiply-shift functions over all shingles. Held in fixed-size
// local arrays, the block's parameters and minimums live in registers, and with no
// dependency between lanes -march=native vectorizes the loops (GCC 12 on AVX-512: 16
// shingles a step, vpmullq and vpminud per function): 1.6 times faster than sending each
// shingle through all K functions, which reloads parameters and minimums every time.
void multiply_shift_block(const uint64_t* multipliers, const uint64_t* increments,
                          std::span<const uint64_t> shingles, uint32_t* out) {
  uint64_t a[kBlock], b[kBlock];
  uint32_t minimums[kBlock];
  for (uint32_t j = 0; j < kBlock; ++j) {
    a[j] = multipliers[j];
    b[j] = increments[j];
    minimums[j] = UINT32_MAX;
  }
  for (const uint64_t x : shingles) {
    for (uint32_t j = 0; j < kBlock; ++j) {
      minimums[j] = std::min(minimums[j], static_cast<uint32_t>((a[j] * x + b[j]) >> 32));
    }
  }
  std::copy(minimums, minimums + kBlock, out);
}

}  // namespace

MinHasher::MinHasher(MinHashOptions options) : options_(options) {
  options_.permutations = std::max(1u, options_.permutations);
  uint64_t state = options_.seed;
  bin_key_ = next_random(state);
  probe_key_ = next_random(state);
  multipliers_.resize(options_.permutations);
  increments_.resize(options_.permutations);
  for (uint32_t i = 0; i < options_.permutations; ++i) {
    multipliers_[i] = next_random(state) | 1;
    increments_[i] = next_random(state);
  }
}

void MinHasher::sign(std::span<const uint64_t> shingles, std::vector<uint32_t>& signature) {
  if (shingles.empty()) {
    signature.clear();
  } else if (options_.method == MinHashMethod::one_permutation) {
    sign_one_permutation(shingles, signature);
  } else {
    sign_multiply_shift(shingles, signature);
  }
}

// The shingle's mixed hash picks the bin with its high half and competes with its low half.
void MinHasher::sign_one_permutation(std::span<const uint64_t> shingles,
                                     std::vector<uint32_t>& signature) {
  const uint32_t k = options_.permutations;
  bins_.assign(k, kEmptyBin);
  for (const uint64_t shingle : shingles) {
    const uint64_t hash = mix64(shingle ^ bin_key_);
    uint64_t& bin = bins_[scale_to(hash >> 32, k)];
    bin = std::min(bin, hash & UINT32_MAX);
  }
  signature.resize(k);
  for (uint32_t i = 0; i < k; ++i) {
    const uint32_t source = bins_[i] == kEmptyBin ? densify(i) : i;
    signature[i] = static_cast<uint32_t>(bins_[source]);
  }
}

// The first filled bin on `bin`'s probe sequence. The sequence depends only on the seed and
// the bin, never on the document, so two documents borrow alike wherever they agree: the
// estimate stays unbiased (Shrivastava, "Optimal Densification for Fast and Accurate
// Minwise Hashing", 2017). Each mix64 gives two probes, its halves: half the cost, and
// a 3-shingle document spends most of its time here. Needs at least one filled bin.
uint32_t MinHasher::densify(uint32_t bin) const {
  const uint32_t k = options_.permutations;
  for (uint32_t attempt = 1; attempt <= kProbesPerBin / 2 * k; ++attempt) {
    const uint64_t probes = mix64(probe_key_ ^ (uint64_t{bin} << 32 | attempt));
    const uint32_t first = scale_to(probes >> 32, k);
    if (bins_[first] != kEmptyBin) return first;
    const uint32_t second = scale_to(probes & UINT32_MAX, k);
    if (bins_[second] != kEmptyBin) return second;
  }
  uint32_t source = bin;
  do {
    source = source + 1 == k ? 0 : source + 1;
  } while (bins_[source] == kEmptyBin);
  return source;
}

void MinHasher::sign_multiply_shift(std::span<const uint64_t> shingles,
                                    std::vector<uint32_t>& signature) {
  const uint32_t k = options_.permutations;
  signature.assign(k, UINT32_MAX);
  uint32_t i = 0;
  for (; i + kBlock <= k; i += kBlock) {
    multiply_shift_block(&multipliers_[i], &increments_[i], shingles, &signature[i]);
  }
  for (const uint64_t x : shingles) {  // the last K mod kBlock functions
    for (uint32_t j = i; j < k; ++j) {
      const auto hash = static_cast<uint32_t>((multipliers_[j] * x + increments_[j]) >> 32);
      signature[j] = std::min(signature[j], hash);
    }
  }
}

double estimate_jaccard(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  if (a.empty() || a.size() != b.size()) return 0.0;
  size_t equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

double lsh_probability(double similarity, LshParams params) {
  const double band_equal = std::pow(similarity, params.rows);
  return 1.0 - std::pow(1.0 - band_equal, params.bands);
}

LshParams choose_lsh(double threshold, uint32_t permutations, LshWeights weights) {
  threshold = std::clamp(threshold, 0.0, 1.0);
  permutations = std::max(1u, permutations);
  LshParams best{1, 1};
  double best_cost = std::numeric_limits<double>::infinity();
  for (uint32_t bands = 1; bands <= permutations; ++bands) {
    for (uint32_t rows = 1; rows <= permutations / bands; ++rows) {
      const LshParams params{bands, rows};
      const auto found = [params](double s) { return lsh_probability(s, params); };
      const auto missed = [params](double s) { return 1.0 - lsh_probability(s, params); };
      const double cost = weights.false_positive * integrate(found, 0.0, threshold) +
                          weights.false_negative * integrate(missed, threshold, 1.0);
      if (cost < best_cost) {
        best_cost = cost;
        best = params;
      }
    }
  }
  return best;
}

LshParams choose_index_lsh(double threshold, uint32_t permutations) {
  constexpr uint32_t kMaxBands = 10, kMinRows = 3;
  constexpr double kRecallAtThreshold = 0.98;
  threshold = std::clamp(threshold, 0.0, 1.0);
  LshParams best{0, 0};
  for (uint32_t bands = 1; bands <= std::min(kMaxBands, permutations); ++bands) {
    for (uint32_t rows = kMinRows; rows <= permutations / bands; ++rows) {
      const LshParams params{bands, rows};
      if (lsh_probability(threshold, params) < kRecallAtThreshold) break;
      // More rows first; among equal rows, fewer bands.
      if (rows > best.rows) best = params;
    }
  }
  return best.bands != 0 ? best : choose_lsh(threshold, permutations);
}

void band_keys(std::span<const uint32_t> signature, LshParams params, uint64_t seed,
               std::vector<uint64_t>& out) {
  out.clear();
  if (signature.empty()) return;
  if (params.bands == 0 || params.rows == 0 ||
      uint64_t{params.bands} * params.rows > signature.size()) {
    throw std::invalid_argument("band_keys: signature too short for bands x rows");
  }
  const auto band_bits = static_cast<unsigned>(std::bit_width(params.bands - 1));
  for (uint32_t band = 0; band < params.bands; ++band) {
    const auto rows = signature.subspan(size_t{band} * params.rows, params.rows);
    const uint64_t hash = XXH3_64bits_withSeed(rows.data(), rows.size_bytes(), seed);
    // The band index replaces the hash's low bits; mix64 is a bijection, so keys of
    // different bands differ and every bit of the key is still well spread.
    out.push_back(mix64((hash >> band_bits) << band_bits | band));
  }
}

double jaccard(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  if (a.empty() || b.empty()) return 0.0;
  const size_t shared = shared_values(a, b);
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

double containment(std::span<const uint64_t> small, std::span<const uint64_t> large) {
  if (small.empty() || large.empty()) return 0.0;
  return static_cast<double>(shared_values(small, large)) / static_cast<double>(small.size());
}

}  // namespace winnow
