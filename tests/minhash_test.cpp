#include "winnow/minhash.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <vector>

namespace winnow {
namespace {

constexpr MinHashMethod kMethods[] = {MinHashMethod::one_permutation,
                                      MinHashMethod::multiply_shift};

// Deterministic stand-ins for Fingerprinter's shingle hashes.
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

struct SetPair {
  std::vector<uint64_t> a, b;  // sorted, unique
};

// Two sets of `size` shingles sharing `shared` of them: Jaccard shared / (2 size - shared).
SetPair make_pair_of_sets(Random& random, size_t size, size_t shared) {
  SetPair pair;
  for (size_t i = 0; i < size; ++i) {
    const uint64_t common = random.next();
    pair.a.push_back(i < shared ? common : random.next());
    pair.b.push_back(i < shared ? common : random.next());
  }
  std::sort(pair.a.begin(), pair.a.end());
  std::sort(pair.b.begin(), pair.b.end());
  return pair;
}

// Shared count giving Jaccard `similarity` between two sets of `size`.
size_t shared_for(double similarity, size_t size) {
  return static_cast<size_t>(std::lround(2.0 * size * similarity / (1.0 + similarity)));
}

std::vector<uint32_t> sign(std::span<const uint64_t> shingles, MinHashOptions options) {
  std::vector<uint32_t> signature;
  MinHasher(options).sign(shingles, signature);
  return signature;
}

double standard_error(double similarity, uint32_t k) {
  return std::sqrt(similarity * (1.0 - similarity) / k);
}

TEST(MinHash, EstimateIsWithinThreeStandardErrorsOfExactJaccard) {
  for (const MinHashMethod method : kMethods) {
    Random random(42);
    MinHasher hasher({128, 7, method});
    std::vector<uint32_t> sa, sb;
    for (const double target : {0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95}) {
      for (const size_t size : {500u, 3000u}) {
        const SetPair pair = make_pair_of_sets(random, size, shared_for(target, size));
        const double exact = jaccard(pair.a, pair.b);
        hasher.sign(pair.a, sa);
        hasher.sign(pair.b, sb);
        EXPECT_NEAR(estimate_jaccard(sa, sb), exact, 3 * standard_error(exact, 128))
            << "method " << static_cast<int>(method) << ", " << size << " shingles";
      }
    }
  }
}

TEST(MinHash, EstimateIsUnbiasedOverManyPairs) {
  constexpr int kPairs = 200;
  for (const MinHashMethod method : kMethods) {
    for (const double target : {0.2, 0.5, 0.85}) {
      Random random(1000 + static_cast<uint64_t>(target * 100));
      double sum_error = 0.0, exact = 0.0;
      for (int i = 0; i < kPairs; ++i) {
        const SetPair pair = make_pair_of_sets(random, 400, shared_for(target, 400));
        exact = jaccard(pair.a, pair.b);
        const MinHashOptions options{128, static_cast<uint64_t>(i), method};
        sum_error += estimate_jaccard(sign(pair.a, options), sign(pair.b, options)) - exact;
      }
      // The mean of kPairs independent estimates has a standard error sqrt(kPairs) smaller.
      EXPECT_NEAR(sum_error / kPairs, 0.0, 3 * standard_error(exact, 128) / std::sqrt(kPairs))
          << "method " << static_cast<int>(method) << ", J " << exact;
    }
  }
}

TEST(MinHash, IdenticalSetsGiveIdenticalSignaturesWhateverTheOrder) {
  Random random(3);
  std::vector<uint64_t> shingles;
  for (int i = 0; i < 300; ++i) shingles.push_back(random.next());
  std::vector<uint64_t> shuffled(shingles.rbegin(), shingles.rend());
  shuffled.insert(shuffled.end(), shingles.begin(), shingles.begin() + 50);  // repeats
  for (const MinHashMethod method : kMethods) {
    const std::vector<uint32_t> signature = sign(shingles, {128, 1, method});
    EXPECT_EQ(sign(shuffled, {128, 1, method}), signature);
    EXPECT_EQ(estimate_jaccard(signature, signature), 1.0);
  }
}

TEST(MinHash, DensificationFillsEveryBinOfATinyDocument) {
  const std::vector<uint64_t> three = {11, 22, 33};
  const MinHashOptions options{128, 5, MinHashMethod::one_permutation};
  const std::vector<uint32_t> signature = sign(three, options);
  ASSERT_EQ(signature.size(), 128u);
  // Each bin holds the value of one of the three shingles: those found in their own bin.
  const std::set<uint32_t> values(signature.begin(), signature.end());
  EXPECT_GE(values.size(), 1u);
  EXPECT_LE(values.size(), 3u);
  // One shingle fills one bin and all the others borrow it.
  const std::vector<uint32_t> single = sign(std::vector<uint64_t>{22}, options);
  EXPECT_EQ(std::set<uint32_t>(single.begin(), single.end()).size(), 1u);
  EXPECT_TRUE(values.contains(single[0]));
  // The same three shingles again: the same bins borrow from the same bins.
  EXPECT_EQ(sign(std::vector<uint64_t>{33, 11, 22}, options), signature);
}

TEST(MinHash, TinyDocumentsStillEstimateSimilarity) {
  // 8 of 10 shingles shared (J = 8/12): densified bins copy real minimums, so the
  // estimate stays in range rather than collapsing to 0 or 1.
  std::vector<uint64_t> a, b;
  Random random(9);
  for (int i = 0; i < 8; ++i) a.push_back(random.next());
  b = a;
  a.push_back(random.next());
  a.push_back(random.next());
  b.push_back(random.next());
  b.push_back(random.next());
  double sum = 0.0;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    const MinHashOptions options{128, seed, MinHashMethod::one_permutation};
    sum += estimate_jaccard(sign(a, options), sign(b, options));
  }
  EXPECT_NEAR(sum / 100, 8.0 / 12.0, 0.05);
}

TEST(MinHash, SeedsGiveUnrelatedSignatures) {
  Random random(4);
  std::vector<uint64_t> shingles;
  for (int i = 0; i < 500; ++i) shingles.push_back(random.next());
  for (const MinHashMethod method : kMethods) {
    const std::vector<uint32_t> first = sign(shingles, {128, 1, method});
    const std::vector<uint32_t> second = sign(shingles, {128, 2, method});
    EXPECT_EQ(sign(shingles, {128, 1, method}), first);
    EXPECT_LT(estimate_jaccard(first, second), 0.05);
  }
}

TEST(MinHash, MethodsAreNotInterchangeable) {
  Random random(5);
  std::vector<uint64_t> shingles;
  for (int i = 0; i < 500; ++i) shingles.push_back(random.next());
  EXPECT_LT(estimate_jaccard(sign(shingles, {128, 1, MinHashMethod::one_permutation}),
                             sign(shingles, {128, 1, MinHashMethod::multiply_shift})),
            0.05);
}

TEST(MinHash, ReusedHasherGivesTheSameSignatures) {
  Random random(6);
  std::vector<uint64_t> big, small = {1, 2};
  for (int i = 0; i < 2000; ++i) big.push_back(random.next());
  for (const MinHashMethod method : kMethods) {
    MinHasher hasher({64, 3, method});
    std::vector<uint32_t> signature;
    hasher.sign(big, signature);
    hasher.sign(small, signature);
    EXPECT_EQ(signature, sign(small, {64, 3, method}));
    EXPECT_EQ(signature.size(), 64u);
  }
}

TEST(MinHash, EveryPositionIsHashedWhateverK) {
  Random random(10);
  std::vector<uint64_t> a, b;
  for (int i = 0; i < 500; ++i) a.push_back(random.next());
  for (int i = 0; i < 500; ++i) b.push_back(random.next());
  for (const MinHashMethod method : kMethods) {
    for (const uint32_t k : {1u, 7u, 100u, 130u}) {
      const std::vector<uint32_t> sa = sign(a, {k, 1, method}), sb = sign(b, {k, 1, method});
      ASSERT_EQ(sa.size(), k);
      EXPECT_EQ(estimate_jaccard(sa, sb), 0.0) << k;  // a position left unset would agree
    }
  }
}

TEST(MinHash, EmptyDocumentMatchesNothing) {
  for (const MinHashMethod method : kMethods) {
    MinHasher hasher({128, 0, method});
    std::vector<uint32_t> empty = {1, 2, 3}, other;
    hasher.sign({}, empty);
    EXPECT_TRUE(empty.empty());
    hasher.sign(std::vector<uint64_t>{5, 6, 7}, other);
    EXPECT_EQ(estimate_jaccard(empty, empty), 0.0);
    EXPECT_EQ(estimate_jaccard(empty, other), 0.0);
    std::vector<uint64_t> keys = {99};
    band_keys(empty, {16, 8}, 0, keys);
    EXPECT_TRUE(keys.empty());
  }
}

TEST(MinHash, SignaturesOfDifferentLengthsAreNotCompared) {
  const std::vector<uint32_t> a = {1, 2, 3, 4}, b = {1, 2, 3};
  EXPECT_EQ(estimate_jaccard(a, b), 0.0);
  EXPECT_EQ(estimate_jaccard(a, std::vector<uint32_t>{1, 2, 0, 0}), 0.5);
}

TEST(Lsh, ProbabilityFollowsTheSCurve) {
  EXPECT_DOUBLE_EQ(lsh_probability(0.5, {2, 2}), 1.0 - 0.75 * 0.75);
  EXPECT_DOUBLE_EQ(lsh_probability(1.0, {16, 8}), 1.0);
  EXPECT_DOUBLE_EQ(lsh_probability(0.0, {16, 8}), 0.0);
}

TEST(Lsh, ChosenParamsSeparateTheThresholdAt128Permutations) {
  const LshParams params = choose_lsh(0.8, 128);
  EXPECT_LE(params.bands * params.rows, 128u);
  EXPECT_GE(lsh_probability(0.8, params), 0.95);  // recall at the threshold itself
  EXPECT_LE(lsh_probability(0.5, params), 0.15);
  EXPECT_LE(lsh_probability(0.3, params), 0.01);
  const LshParams strict = choose_lsh(0.9, 128);
  EXPECT_GE(lsh_probability(0.9, strict), 0.95);
  EXPECT_LE(lsh_probability(0.6, strict), 0.05);
}

TEST(Lsh, EqualWeightsCentreTheCurveOnTheThreshold) {
  for (const double threshold : {0.5, 0.7, 0.8, 0.9}) {
    const LshParams params = choose_lsh(threshold, 128, {0.5, 0.5});
    EXPECT_LT(lsh_probability(threshold - 0.1, params), 0.5) << threshold;
    EXPECT_GT(lsh_probability(threshold + 0.05, params), 0.5) << threshold;
  }
}

TEST(Lsh, WeighingMissesMoreRaisesRecall) {
  for (const double threshold : {0.5, 0.7, 0.8, 0.9}) {
    const double balanced = lsh_probability(threshold, choose_lsh(threshold, 128, {0.5, 0.5}));
    const double recall_first = lsh_probability(threshold, choose_lsh(threshold, 128));
    EXPECT_GT(recall_first, balanced) << threshold;
  }
}

TEST(Lsh, ParamsFitThePermutations) {
  for (const uint32_t k : {1u, 7u, 16u, 64u, 200u}) {
    for (const double threshold : {0.0, 0.3, 0.8, 1.0}) {
      const LshParams params = choose_lsh(threshold, k);
      EXPECT_GE(params.bands, 1u);
      EXPECT_GE(params.rows, 1u);
      EXPECT_LE(params.bands * params.rows, k) << threshold;
    }
  }
}

TEST(Lsh, EqualSignaturesGiveEqualBandKeys) {
  Random random(8);
  std::vector<uint32_t> signature(128);
  for (uint32_t& value : signature) value = static_cast<uint32_t>(random.next());
  std::vector<uint64_t> first, second;
  band_keys(signature, {16, 8}, 1, first);
  band_keys(std::vector<uint32_t>(signature), {16, 8}, 1, second);
  EXPECT_EQ(first.size(), 16u);
  EXPECT_EQ(first, second);

  band_keys(signature, {16, 8}, 2, second);  // another seed
  for (size_t band = 0; band < 16; ++band) EXPECT_NE(first[band], second[band]);
}

TEST(Lsh, ChangingOneRowChangesOnlyItsBandKey) {
  std::vector<uint32_t> signature(128);
  for (uint32_t i = 0; i < 128; ++i) signature[i] = i * 2654435761u;
  std::vector<uint64_t> before, after;
  band_keys(signature, {16, 8}, 0, before);
  signature[8 * 5 + 3] ^= 1;  // band 5
  band_keys(signature, {16, 8}, 0, after);
  for (size_t band = 0; band < 16; ++band) {
    if (band == 5) {
      EXPECT_NE(after[band], before[band]);
    } else {
      EXPECT_EQ(after[band], before[band]) << band;
    }
  }
}

TEST(Lsh, BandsWithEqualRowsStillHaveDistinctKeys) {
  const std::vector<uint32_t> signature(128, 77);  // every band holds the same rows
  for (const LshParams params : {LshParams{128, 1}, LshParams{17, 7}, LshParams{1, 128}}) {
    std::vector<uint64_t> keys;
    band_keys(signature, params, 0, keys);
    EXPECT_EQ(keys.size(), params.bands);
    EXPECT_EQ(std::set<uint64_t>(keys.begin(), keys.end()).size(), params.bands);
  }
}

TEST(Lsh, BandsBeyondTheSignatureAreAnError) {
  const std::vector<uint32_t> signature(64, 1);
  std::vector<uint64_t> keys;
  EXPECT_THROW(band_keys(signature, {16, 8}, 0, keys), std::invalid_argument);
  EXPECT_THROW(band_keys(signature, {0, 8}, 0, keys), std::invalid_argument);
  EXPECT_NO_THROW(band_keys(signature, {9, 7}, 0, keys));  // 63 of 64 rows used
  EXPECT_EQ(keys.size(), 9u);
}

TEST(Jaccard, ExactValuesOnHandSets) {
  const std::vector<uint64_t> a = {1, 2, 3, 4}, b = {3, 4, 5, 6}, none;
  EXPECT_DOUBLE_EQ(jaccard(a, b), 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(jaccard(b, a), 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(jaccard(a, a), 1.0);
  EXPECT_DOUBLE_EQ(jaccard(a, std::vector<uint64_t>{7, 8}), 0.0);
  EXPECT_DOUBLE_EQ(jaccard(none, none), 0.0);
  EXPECT_DOUBLE_EQ(jaccard(a, none), 0.0);
}

TEST(Jaccard, ContainmentOfAShortArticleInALongOne) {
  const std::vector<uint64_t> small = {3, 5, 9}, large = {1, 3, 4, 5, 7, 8, 9, 10}, none;
  EXPECT_DOUBLE_EQ(containment(small, large), 1.0);
  EXPECT_DOUBLE_EQ(jaccard(small, large), 3.0 / 8.0);
  EXPECT_DOUBLE_EQ(containment(large, small), 3.0 / 8.0);
  EXPECT_DOUBLE_EQ(containment(std::vector<uint64_t>{1, 2, 3, 6}, large), 0.5);
  EXPECT_DOUBLE_EQ(containment(none, large), 0.0);
  EXPECT_DOUBLE_EQ(containment(small, none), 0.0);
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

TEST(ChooseIndexLsh, StaysWithinTenBandsAtTheSameRecall) {
  const LshParams at_08 = choose_index_lsh(0.8, 128);
  EXPECT_EQ(at_08, (LshParams{10, 5}));
  EXPECT_GE(lsh_probability(0.8, at_08), 0.98);
  EXPECT_LT(lsh_probability(0.3, at_08), 0.03);
  for (const double threshold : {0.7, 0.8, 0.9, 0.95}) {
    const LshParams p = choose_index_lsh(threshold, 128);
    EXPECT_LE(p.bands, 10u) << threshold;
    EXPECT_GE(p.rows, 3u) << threshold;
    EXPECT_GE(lsh_probability(threshold, p), 0.98) << threshold;
  }
  // Too low a threshold for ten bands of three rows: the unconstrained pick.
  EXPECT_EQ(choose_index_lsh(0.5, 128), choose_lsh(0.5, 128));
}

}  // namespace
}  // namespace winnow
