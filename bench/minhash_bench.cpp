// MinHash signatures, K = 128: time per document for both methods at document sizes from a
// brief (3 shingles, where densification does most of the work) to a long feature (5000),
// and the mean absolute error of the Jaccard estimate on pairs of that size. Inputs are
// hash arrays, not text, so MB/s here counts the hash bytes read.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "bench_text.hpp"
#include "winnow/minhash.hpp"

namespace {

using bench_text::report;
using winnow::MinHashMethod;

// Shingle hashes stand-in: Fingerprinter's are seeded XXH3 values, as uniform as these.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

std::vector<uint64_t> random_set(Random& random, size_t size) {
  std::vector<uint64_t> set(size);
  for (uint64_t& value : set) value = random.next();
  std::sort(set.begin(), set.end());
  return set;
}

// Pairs of `size` shingles whose Jaccard similarity steps through 0.05 .. 0.95: a fresh
// seed per pair, so the error averages over hash functions as well as over sets.
double mean_absolute_error(MinHashMethod method, size_t size) {
  constexpr int kPairs = 570;  // 30 per similarity: the MAE itself to about ±0.001
  Random random(17);
  std::vector<uint32_t> sa, sb;
  double sum = 0.0;
  for (int i = 0; i < kPairs; ++i) {
    const double target = 0.05 + 0.05 * (i % 19);
    const auto shared = static_cast<size_t>(std::lround(2.0 * size * target / (1.0 + target)));
    std::vector<uint64_t> a = random_set(random, size), b = random_set(random, size);
    std::copy(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(shared), b.begin());
    std::sort(b.begin(), b.end());
    winnow::MinHasher hasher({128, static_cast<uint64_t>(i), method});
    hasher.sign(a, sa);
    hasher.sign(b, sb);
    sum += std::abs(winnow::estimate_jaccard(sa, sb) - winnow::jaccard(a, b));
  }
  return sum / kPairs;
}

void BM_MinHash(benchmark::State& state, MinHashMethod method) {
  const auto size = static_cast<size_t>(state.range(0));
  Random random(5);
  const std::vector<uint64_t> shingles = random_set(random, size);
  winnow::MinHasher hasher({128, 0, method});
  std::vector<uint32_t> signature;
  for (auto _ : state) {
    hasher.sign(shingles, signature);
    benchmark::DoNotOptimize(signature.data());
  }
  report(state, size * sizeof(uint64_t), size);
  state.counters["mae"] = mean_absolute_error(method, size);
}

BENCHMARK_CAPTURE(BM_MinHash, one_permutation, MinHashMethod::one_permutation)
    ->Arg(3)->Arg(50)->Arg(500)->Arg(5000);
BENCHMARK_CAPTURE(BM_MinHash, multiply_shift, MinHashMethod::multiply_shift)
    ->Arg(3)->Arg(50)->Arg(500)->Arg(5000);

void BM_EstimateJaccard(benchmark::State& state) {
  Random random(6);
  std::vector<uint32_t> a(128), b(128);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<uint32_t>(random.next());
    b[i] = i % 3 == 0 ? a[i] : static_cast<uint32_t>(random.next());
  }
  for (auto _ : state) benchmark::DoNotOptimize(winnow::estimate_jaccard(a, b));
  report(state, 2 * a.size() * sizeof(uint32_t));
}
BENCHMARK(BM_EstimateJaccard);

void BM_BandKeys(benchmark::State& state) {
  Random random(7);
  std::vector<uint32_t> signature(128);
  for (uint32_t& value : signature) value = static_cast<uint32_t>(random.next());
  const winnow::LshParams params = winnow::choose_lsh(0.8, 128);
  std::vector<uint64_t> keys;
  for (auto _ : state) {
    winnow::band_keys(signature, params, 0, keys);
    benchmark::DoNotOptimize(keys.data());
  }
  report(state, signature.size() * sizeof(uint32_t));
}
BENCHMARK(BM_BandKeys);

void BM_ExactJaccard(benchmark::State& state) {
  const auto size = static_cast<size_t>(state.range(0));
  Random random(8);
  const std::vector<uint64_t> a = random_set(random, size);
  std::vector<uint64_t> b = random_set(random, size);
  std::copy(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(size * 8 / 10), b.begin());
  std::sort(b.begin(), b.end());
  for (auto _ : state) benchmark::DoNotOptimize(winnow::jaccard(a, b));
  report(state, 2 * size * sizeof(uint64_t), 2 * size);
}
BENCHMARK(BM_ExactJaccard)->Arg(500)->Arg(5000);

}  // namespace
