#include "winnow/fingerprint.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "winnow/paragraphs.hpp"

namespace winnow {
namespace {

TextSpan whole(std::string_view text) { return {0, static_cast<uint32_t>(text.size())}; }

DocumentPrints prints_of(std::string_view text, FingerprintOptions options = {}) {
  std::vector<TextSpan> paragraphs;
  split_paragraphs(text, paragraphs);
  DocumentPrints prints;
  Fingerprinter(options).compute(text, paragraphs, prints);
  return prints;
}

uint64_t paragraph_hash(std::string_view text, uint64_t seed = 0) {
  DocumentPrints prints;
  const TextSpan span = whole(text);
  Fingerprinter({5, seed}).compute(text, {&span, 1}, prints);
  return prints.paragraphs.at(0).hash;
}

// The shingle whose original bytes are exactly `words`, or fails the test.
uint64_t shingle_covering(const DocumentPrints& prints, std::string_view text,
                          std::string_view words) {
  for (size_t i = 0; i < prints.shingles.size(); ++i) {
    if (prints.shingle_spans[i].in(text) == words) return prints.shingles[i];
  }
  ADD_FAILURE() << "no shingle covers \"" << words << "\"";
  return 0;
}

void expect_same_prints(const DocumentPrints& a, const DocumentPrints& b) {
  ASSERT_EQ(a.paragraphs.size(), b.paragraphs.size());
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    EXPECT_EQ(a.paragraphs[i].span, b.paragraphs[i].span);
    EXPECT_EQ(a.paragraphs[i].hash, b.paragraphs[i].hash);
    EXPECT_EQ(a.paragraphs[i].words, b.paragraphs[i].words);
    EXPECT_EQ(a.paragraphs[i].first_shingle, b.paragraphs[i].first_shingle);
    EXPECT_EQ(a.paragraphs[i].shingle_count, b.paragraphs[i].shingle_count);
  }
  EXPECT_EQ(a.shingles, b.shingles);
  EXPECT_EQ(a.shingle_spans, b.shingle_spans);
  EXPECT_EQ(a.invalid_utf8, b.invalid_utf8);
}

TEST(Fingerprint, ParagraphsEqualAfterNormalizationHashEqual) {
  const uint64_t reference = paragraph_hash("The Mayor said “2024 was great” — again.");
  EXPECT_EQ(paragraph_hash("  the   MAYOR said \"1999 was great\" - again.\n"), reference);
  EXPECT_EQ(paragraph_hash("The\u00A0Mayor said ‟7351 was great” ― again."), reference);
  EXPECT_NE(paragraph_hash("The Mayor said “2024 was good” — again."), reference);
}

TEST(Fingerprint, SeedChangesEveryHash) {
  const std::string text = "One two three four five six seven.";
  const DocumentPrints a = prints_of(text, {5, 1});
  const DocumentPrints b = prints_of(text, {5, 2});
  ASSERT_EQ(a.shingles.size(), 3u);
  EXPECT_NE(a.paragraphs[0].hash, b.paragraphs[0].hash);
  for (size_t i = 0; i < a.shingles.size(); ++i) EXPECT_NE(a.shingles[i], b.shingles[i]);
}

TEST(Fingerprint, ShingleCountIsWordsMinusNPlusOne) {
  const std::string text =
      "Eight words are in this first paragraph here.\n\nAnd this one has six words.";
  const DocumentPrints prints = prints_of(text, {5, 0});
  ASSERT_EQ(prints.paragraphs.size(), 2u);
  EXPECT_EQ(prints.paragraphs[0].words, 8u);
  EXPECT_EQ(prints.paragraphs[0].first_shingle, 0u);
  EXPECT_EQ(prints.paragraphs[0].shingle_count, 4u);
  EXPECT_EQ(prints.paragraphs[1].words, 6u);
  EXPECT_EQ(prints.paragraphs[1].first_shingle, 4u);
  EXPECT_EQ(prints.paragraphs[1].shingle_count, 2u);
  EXPECT_EQ(prints.shingles.size(), 6u);
  EXPECT_EQ(prints.shingle_spans.size(), 6u);
}

TEST(Fingerprint, ShortParagraphGivesOneShingleOfAllItsWords) {
  const std::string text = "Only three words";
  const DocumentPrints prints = prints_of(text, {5, 0});
  ASSERT_EQ(prints.paragraphs.size(), 1u);
  EXPECT_EQ(prints.paragraphs[0].words, 3u);
  EXPECT_EQ(prints.paragraphs[0].shingle_count, 1u);
  ASSERT_EQ(prints.shingle_spans.size(), 1u);
  EXPECT_EQ(prints.shingle_spans[0].in(text), "Only three words");
}

TEST(Fingerprint, EmptyParagraphHasNoWordsAndNoShingles) {
  const std::string text = "  \u00A0\u200B \t";
  const TextSpan span = whole(text);
  DocumentPrints prints;
  Fingerprinter().compute(text, {&span, 1}, prints);
  ASSERT_EQ(prints.paragraphs.size(), 1u);
  EXPECT_EQ(prints.paragraphs[0].words, 0u);
  EXPECT_EQ(prints.paragraphs[0].shingle_count, 0u);
  EXPECT_TRUE(prints.shingles.empty());
  EXPECT_EQ(prints.paragraphs[0].hash, paragraph_hash(""));
}

TEST(Fingerprint, ShingleSpansAreTheOriginalWordBytes) {
  const std::string text = "  Alpha, “Beta”\u00A0GAMMA\tdelta\u200B  epsilon zeta";
  const TextSpan span = whole(text);
  DocumentPrints prints;
  Fingerprinter({3, 0}).compute(text, {&span, 1}, prints);
  ASSERT_EQ(prints.paragraphs[0].words, 6u);
  ASSERT_EQ(prints.shingle_spans.size(), 4u);
  EXPECT_EQ(prints.shingle_spans[0].in(text), "Alpha, “Beta”\u00A0GAMMA");
  EXPECT_EQ(prints.shingle_spans[1].in(text), "“Beta”\u00A0GAMMA\tdelta");
  EXPECT_EQ(prints.shingle_spans[2].in(text), "GAMMA\tdelta\u200B  epsilon");
  EXPECT_EQ(prints.shingle_spans[3].in(text), "delta\u200B  epsilon zeta");
}

TEST(Fingerprint, ZeroWidthCharactersDoNotSplitWords) {
  const std::string text = "one\u00A0two\u200Bthree";
  const DocumentPrints prints = prints_of(text, {5, 0});
  EXPECT_EQ(prints.paragraphs.at(0).words, 2u);
  EXPECT_EQ(prints.shingle_spans.at(0).in(text), text);
}

TEST(Fingerprint, SameFiveWordsShareAShingleAcrossDocuments) {
  const std::string first = "Breaking: the quick brown fox jumps over lazy dogs today.";
  const std::string second =
      "Yesterday we all saw it.\n\nThe QUICK Brown Fox Jumps again, near the river.";
  const DocumentPrints a = prints_of(first);   // a window rolled into
  const DocumentPrints b = prints_of(second);  // a paragraph's first window
  const uint64_t in_first = shingle_covering(a, first, "the quick brown fox jumps");
  EXPECT_EQ(shingle_covering(b, second, "The QUICK Brown Fox Jumps"), in_first);
  EXPECT_NE(shingle_covering(a, first, "quick brown fox jumps over"), in_first);
}

TEST(Fingerprint, SingleWordShinglesRepeatWithTheWord) {
  const std::string text = "The cat saw THE dog";
  const DocumentPrints prints = prints_of(text, {1, 0});
  ASSERT_EQ(prints.shingles.size(), 5u);
  EXPECT_EQ(prints.shingles[0], prints.shingles[3]);
  EXPECT_NE(prints.shingles[0], prints.shingles[1]);
  EXPECT_EQ(prints.shingle_spans[3].in(text), "THE");
}

TEST(Fingerprint, CountsInvalidUtf8AcrossParagraphs) {
  const std::string text = "ab\x80 cd\n\nef \xC0";
  const DocumentPrints prints = prints_of(text);
  EXPECT_EQ(prints.invalid_utf8, 2u);
  EXPECT_EQ(prints.paragraphs.size(), 2u);
}

TEST(Fingerprint, SpansBeyondTheTextAreClamped) {
  const std::string text = "short text";
  const TextSpan spans[] = {{6, 1000}, {50, 60}};
  DocumentPrints prints;
  Fingerprinter().compute(text, spans, prints);
  ASSERT_EQ(prints.paragraphs.size(), 2u);
  EXPECT_EQ(prints.paragraphs[0].span.in(text), "text");
  EXPECT_EQ(prints.paragraphs[1].words, 0u);
}

TEST(Fingerprint, ReusedFingerprinterGivesIdenticalResults) {
  const std::string text =
      "First paragraph with a handful of words in it.\n\nSecond one, “quoted”, 42 times.";
  const std::string other = "Completely different text that is rather longer than the first "
                            "one, so the scratch buffers have to grow while computing it.";
  std::vector<TextSpan> paragraphs, other_paragraphs;
  split_paragraphs(text, paragraphs);
  split_paragraphs(other, other_paragraphs);

  Fingerprinter fingerprinter;
  DocumentPrints first, prints;
  fingerprinter.compute(text, paragraphs, first);
  fingerprinter.compute(other, other_paragraphs, prints);
  fingerprinter.compute(text, paragraphs, prints);  // `prints` held the other document
  expect_same_prints(first, prints);

  DocumentPrints fresh;
  Fingerprinter().compute(text, paragraphs, fresh);
  expect_same_prints(first, fresh);
}

}  // namespace
}  // namespace winnow
