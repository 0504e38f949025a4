#include "winnow/winnowing.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "winnow/word_stream.hpp"

namespace winnow {
namespace {

std::vector<uint32_t> random_words(std::mt19937& rng, size_t n) {
  std::vector<uint32_t> words(n);
  for (uint32_t& w : words) w = rng() % 5000;  // a small vocabulary, so words repeat
  return words;
}

std::set<uint64_t> selected(const std::vector<uint32_t>& words, WinnowParams p) {
  std::vector<uint64_t> grams;
  std::vector<PassagePrint> prints;
  gram_hashes(words, p.gram_words, grams);
  select_prints(grams, p.window, prints);
  std::set<uint64_t> out;
  for (const PassagePrint& print : prints) {
    EXPECT_EQ(grams[print.word], print.hash);
    out.insert(print.hash);
  }
  return out;
}

TEST(Winnowing, ParamsGuaranteeTheMinimumPassage) {
  for (unsigned t : {2u, 5u, 10u, 25u}) {
    WinnowParams p = WinnowParams::for_min_passage(t);
    EXPECT_EQ(p.guaranteed_words(), t);
    EXPECT_GE(p.window, 1u);
  }
  EXPECT_EQ(WinnowParams::for_min_passage(10).gram_words, 5u);
}

// The guarantee itself: any shared run of t words, planted anywhere in two otherwise
// unrelated documents, shares at least one selected fingerprint.
TEST(Winnowing, EverySharedRunOfTheGuaranteedLengthSharesAPrint) {
  std::mt19937 rng(7);
  const WinnowParams p = WinnowParams::for_min_passage(10);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<uint32_t> a = random_words(rng, 200), b = random_words(rng, 150);
    std::vector<uint32_t> run = random_words(rng, p.guaranteed_words());
    std::copy(run.begin(), run.end(), a.begin() + rng() % (a.size() - run.size()));
    std::copy(run.begin(), run.end(), b.begin() + rng() % (b.size() - run.size()));
    std::set<uint64_t> sa = selected(a, p), sb = selected(b, p);
    bool shared = std::any_of(sa.begin(), sa.end(), [&](uint64_t h) { return sb.count(h) > 0; });
    ASSERT_TRUE(shared) << "trial " << trial;
  }
}

TEST(Winnowing, SelectsASparseSample) {
  std::mt19937 rng(3);
  std::vector<uint32_t> words = random_words(rng, 5000);
  const WinnowParams p = WinnowParams::for_min_passage(10);
  std::vector<uint64_t> grams;
  std::vector<PassagePrint> prints;
  gram_hashes(words, p.gram_words, grams);
  select_prints(grams, p.window, prints);
  // Expected density 2 / (w + 1).
  double density = static_cast<double>(prints.size()) / grams.size();
  EXPECT_NEAR(density, 2.0 / (p.window + 1), 0.05);
  for (size_t i = 1; i < prints.size(); ++i) EXPECT_LT(prints[i - 1].word, prints[i].word);
}

// Winnowing as defined: each window's rightmost least gram, recorded when it changes.
// Grams from a tiny range tie often, which is where "rightmost" matters.
TEST(Winnowing, SelectsEachWindowsRightmostMinimumOnce) {
  std::mt19937 rng(5);
  for (const unsigned window : {1u, 2u, 3u, 6u, 11u}) {
    for (const uint64_t range : {uint64_t{4}, uint64_t{1} << 40}) {
      std::vector<uint64_t> grams(300);
      for (uint64_t& g : grams) g = rng() % range;
      std::vector<PassagePrint> want;
      for (size_t start = 0; start + window <= grams.size(); ++start) {
        size_t best = start;
        for (size_t k = start; k < start + window; ++k) {
          if (grams[k] <= grams[best]) best = k;
        }
        if (want.empty() || want.back().word != best) want.push_back({grams[best], static_cast<uint32_t>(best)});
      }
      std::vector<PassagePrint> got;
      select_prints(grams, window, got);
      ASSERT_EQ(got.size(), want.size()) << window << " " << range;
      for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(got[i].word, want[i].word) << window << " " << range << " " << i;
        EXPECT_EQ(got[i].hash, want[i].hash);
      }
    }
  }
}

TEST(Winnowing, ShortDocumentStillGetsAPrint) {
  std::vector<uint32_t> words = {1, 2, 3, 4, 5, 6};
  std::vector<uint64_t> grams;
  std::vector<PassagePrint> prints;
  gram_hashes(words, 5, grams);
  ASSERT_EQ(grams.size(), 2u);
  select_prints(grams, 6, prints);
  EXPECT_EQ(prints.size(), 1u);
  gram_hashes(std::vector<uint32_t>{1, 2}, 5, grams);
  EXPECT_TRUE(grams.empty());
}

TEST(WordStream, QuotesAndCaseDoNotMatterAndSpansPointAtTheWords) {
  WordReader reader(1);
  WordStream a, b;
  std::string ta = "As the Ledger reported, \"Rates will rise\" - soon.";
  std::string tb = "rates WILL rise";
  std::vector<TextSpan> pa = {{0, static_cast<uint32_t>(ta.size())}};
  std::vector<TextSpan> pb = {{0, static_cast<uint32_t>(tb.size())}};
  reader.read(ta, pa, a);
  reader.read(tb, pb, b);
  ASSERT_EQ(a.size(), 8u);  // the lone dash is not a word
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(a.hashes[4], b.hashes[0]);
  EXPECT_EQ(a.hashes[6], b.hashes[2]);
  EXPECT_EQ(a.spans[4].in(ta), "\"Rates");
  EXPECT_EQ(a.spans[7].in(ta), "soon.");
}

TEST(WordStream, ReadsOnlyTheGivenParagraphs) {
  WordReader reader;
  WordStream w;
  std::string t = "one two\n\nskip me\n\nthree";
  std::vector<TextSpan> paragraphs = {{0, 7}, {18, 23}};
  reader.read(t, paragraphs, w);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w.spans[2].in(t), "three");
}

}  // namespace
}  // namespace winnow
