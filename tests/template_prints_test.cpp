#include "winnow/template_prints.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "winnow/paragraphs.hpp"

namespace winnow {
namespace {

// Prints of `text` taken as a single paragraph.
TemplatePrints prints_of(std::string_view text, const RecordFacts& facts = {},
                         TemplateHasher hasher = TemplateHasher()) {
  const TextSpan whole{0, static_cast<uint32_t>(text.size())};
  TemplatePrints prints;
  hasher.compute(text, {&whole, 1}, facts, prints);
  return prints;
}

TemplateParagraph paragraph_of(std::string_view text, const RecordFacts& facts = {}) {
  return prints_of(text, facts).paragraphs.at(0);
}

uint64_t hash_of(std::string_view text, const RecordFacts& facts = {}) {
  return paragraph_of(text, facts).hash;
}

RecordFacts titled(std::string_view title) { return {title, {}, {}, {}}; }

TEST(TemplatePrints, MasksTheTitle) {
  const uint64_t fed = hash_of("The post Fed Raises Rates Again appeared first on Daily News.",
                               titled("Fed Raises Rates Again"));
  const uint64_t storm = hash_of("The post Storm Hits the Coast appeared first on Daily News.",
                                 titled("Storm Hits the Coast"));
  EXPECT_EQ(fed, storm);
  // "the post <title> appeared first on daily news."
  EXPECT_EQ(paragraph_of("The post Storm Hits the Coast appeared first on Daily News.",
                         titled("Storm Hits the Coast")).words, 8u);
  // Without the title the words differ, and so do the hashes.
  EXPECT_NE(hash_of("The post Fed Raises Rates Again appeared first on Daily News."),
            hash_of("The post Storm Hits the Coast appeared first on Daily News."));
}

TEST(TemplatePrints, MasksTheTitleInAnotherCaseAndQuotes) {
  const RecordFacts facts = titled("Mayor’s “Big” Plan for the City");
  const uint64_t reference = hash_of("Read: Mayor’s “Big” Plan for the City", facts);
  EXPECT_EQ(hash_of("Read: MAYOR'S \"BIG\" PLAN FOR THE CITY", facts), reference);
  EXPECT_EQ(hash_of("Read: mayor's big plan for the city.", facts), reference);
  EXPECT_EQ(hash_of("Read: Other News", titled("Other News")), reference);
}

TEST(TemplatePrints, MasksATruncatedTitlePrefixOfFourWordsOrMore) {
  const RecordFacts facts = titled("Why the Fed Raised Rates Again and What It Means");
  const uint64_t whole = hash_of("The post Why the Fed Raised Rates Again and What It Means "
                                 "appeared first on X.", facts);
  EXPECT_EQ(hash_of("The post Why the Fed Raised Rates Again and What… appeared first on X.",
                    facts), whole);
  EXPECT_EQ(hash_of("The post Why the Fed Raised Ra... appeared first on X.", facts), whole);
  EXPECT_EQ(hash_of("The post Why the Fed Raised appeared first on X.", facts), whole);
  // Three words are not enough to be the title.
  EXPECT_NE(hash_of("The post Why the Fed appeared first on X.", facts), whole);
}

TEST(TemplatePrints, MasksTheAuthorsFullName) {
  const uint64_t jane = hash_of("Written by Jane Doe for Daily News.",
                                {{}, "Jane Doe", {}, {}});
  EXPECT_EQ(hash_of("Written by John Q. Public for Daily News.", {{}, "John Q. Public", {}, {}}),
            jane);
  // Only the full name run is the author.
  EXPECT_NE(hash_of("Written by Jane for Daily News.", {{}, "Jane Doe", {}, {}}), jane);
}

TEST(TemplatePrints, MasksDatesAsOnePlaceholder) {
  const uint64_t reference = hash_of("Published March 3, 2024 by the desk.");
  EXPECT_EQ(hash_of("Published 2024-03-03 by the desk."), reference);
  EXPECT_EQ(hash_of("Published Tuesday by the desk."), reference);
  EXPECT_EQ(hash_of("Published Tue, 03 Mar 2024 10:00:00 by the desk."), reference);
  EXPECT_EQ(hash_of("Published Sept. 21st, 1999 by the desk."), reference);
  EXPECT_EQ(paragraph_of("Published March 3, 2024 by the desk.").words, 5u);
  EXPECT_NE(hash_of("Published by the desk."), reference);
}

TEST(TemplatePrints, MasksNumbers) {
  EXPECT_EQ(hash_of("Call 555-1234 or visit us at 10:30pm."),
            hash_of("Call 0800 or visit us at 9am."));
  EXPECT_EQ(hash_of("Page 3 of 12"), hash_of("Page 10 of 10"));  // one placeholder per run
  EXPECT_NE(hash_of("Page 3 of 12"), hash_of("Page 3 12"));
  EXPECT_NE(hash_of("Room 3B"), hash_of("Room 4"));  // not a number: letters remain
}

TEST(TemplatePrints, MasksTheUrlAndItsPath) {
  const RecordFacts a{{}, {}, "https://news.example.com/2024/03/fed-rates", {}};
  const RecordFacts b{{}, {}, "https://news.example.com/world/storm-coast?ref=rss", {}};
  EXPECT_EQ(hash_of("Source: https://news.example.com/2024/03/fed-rates", a),
            hash_of("Source: https://news.example.com/world/storm-coast?ref=rss", b));
  EXPECT_EQ(hash_of("Source: news.example.com/2024/03/fed-rates.", a),
            hash_of("Source: https://news.example.com/world/storm-coast?ref=rss", b));
  EXPECT_EQ(hash_of("Link (/2024/03/fed-rates)", a),
            hash_of("Link /world/storm-coast?ref=rss", b));
  // A path's last segment alone is a word, not the URL.
  EXPECT_NE(hash_of("fed-rates", a), hash_of("storm-coast", b));
}

TEST(TemplatePrints, FeedFootersOfDifferentArticlesHashEqual) {
  const std::string first =
      "The post “Fed Raises Rates Again” by Jane Doe appeared first on Daily News on "
      "March 3, 2024.";
  const std::string second =
      "The post \"Storm Hits the Coast\" by Bob Smith appeared first on Daily News on "
      "Tuesday, 12/17/2024.";
  EXPECT_EQ(hash_of(first, {"Fed Raises Rates Again", "Jane Doe", {}, {}}),
            hash_of(second, {"Storm Hits the Coast", "Bob Smith", {}, {}}));
}

TEST(TemplatePrints, DifferentTemplateTextHashesDifferently) {
  const RecordFacts facts = titled("Fed Raises Rates Again");
  EXPECT_NE(hash_of("The post Fed Raises Rates Again appeared first on Daily News.", facts),
            hash_of("The post Fed Raises Rates Again appeared first on Evening Post.", facts));
}

TEST(TemplatePrints, ContentParagraphsKeepTheirOwnHash) {
  const RecordFacts facts{"Fed Raises Rates Again", "Jane Doe", {}, {}};
  EXPECT_NE(hash_of("The central bank raised its key rate by a quarter point.", facts),
            hash_of("The central bank held its key rate steady.", facts));
  EXPECT_EQ(paragraph_of("The central bank raised its key rate by a quarter point.", facts).words,
            11u);
}

TEST(TemplatePrints, ShinglesAreWindowsOfMaskedWords) {
  const std::string text = "one two three four five\n\nsix seven\n\n\n\nalpha beta gamma delta";
  std::vector<TextSpan> spans;
  split_paragraphs(text, spans);
  spans.push_back({static_cast<uint32_t>(text.size()), static_cast<uint32_t>(text.size())});
  TemplatePrints prints;
  TemplateHasher(3).compute(text, spans, {}, prints);
  ASSERT_EQ(prints.paragraphs.size(), 4u);
  EXPECT_EQ(prints.paragraphs[0].shingle_count, 3u);  // 5 words: 3 windows of 3
  EXPECT_EQ(prints.paragraphs[1].shingle_count, 1u);  // 2 words: one of both
  EXPECT_EQ(prints.paragraphs[1].first_shingle, 3u);
  EXPECT_EQ(prints.paragraphs[2].shingle_count, 2u);
  EXPECT_EQ(prints.paragraphs[3].words, 0u);           // empty: no shingle
  EXPECT_EQ(prints.paragraphs[3].shingle_count, 0u);
  EXPECT_EQ(prints.shingles.size(), 6u);

  // The same window hashes alike wherever it is; masked values are one word.
  const TemplatePrints a = prints_of("we said two three four today");
  const TemplatePrints b = prints_of("Two Three Four");
  EXPECT_EQ(a.shingles.at(2), b.shingles.at(0));
  EXPECT_EQ(prints_of("on March 3, 2024 at").shingles, prints_of("on 2024-03-03 at").shingles);
  EXPECT_EQ(prints_of("on March 3, 2024 at").paragraphs[0].words, 3u);
}

TEST(TemplatePrints, SeedAndShingleWordsChangeThePrints) {
  const std::string_view text = "The post appeared first on Daily News.";
  EXPECT_NE(prints_of(text, {}, TemplateHasher(3, 1)).paragraphs[0].hash,
            prints_of(text, {}, TemplateHasher(3, 2)).paragraphs[0].hash);
  EXPECT_EQ(prints_of(text, {}, TemplateHasher(5)).shingles.size(), 3u);
  EXPECT_EQ(prints_of(text, {}, TemplateHasher(0)).shingles.size(), 7u);  // 0 means 1
}

TEST(TemplatePrints, ComputeReplacesThePreviousDocument) {
  TemplateHasher hasher;
  const std::string first = "Alpha beta gamma.\n\nDelta epsilon.";
  const std::string second = "Zeta eta theta iota.";
  std::vector<TextSpan> spans;
  TemplatePrints prints;
  split_paragraphs(first, spans);
  hasher.compute(first, spans, titled("Alpha beta gamma delta"), prints);
  split_paragraphs(second, spans);
  hasher.compute(second, spans, {}, prints);
  TemplatePrints fresh;
  TemplateHasher().compute(second, spans, {}, fresh);
  ASSERT_EQ(prints.paragraphs.size(), 1u);
  EXPECT_EQ(prints.paragraphs[0].hash, fresh.paragraphs[0].hash);
  EXPECT_EQ(prints.shingles, fresh.shingles);
}

TEST(TemplatePrints, SpansPastTheTextReadWhatExists) {
  const std::string text = "alpha beta";
  const std::vector<TextSpan> spans = {{6, 400}, {300, 500}};
  TemplatePrints prints;
  TemplateHasher().compute(text, spans, {}, prints);
  ASSERT_EQ(prints.paragraphs.size(), 2u);
  EXPECT_EQ(prints.paragraphs[0].hash, hash_of("beta"));
  EXPECT_EQ(prints.paragraphs[1].words, 0u);
}

TEST(TemplatePrints, PunctuationOnlyFactsMaskNothing) {
  const RecordFacts dash{"—", "-", "/", {}};
  EXPECT_NE(hash_of("a - b", dash), hash_of("a b", dash));
  EXPECT_EQ(paragraph_of("a - b", dash).words, 3u);
}

}  // namespace
}  // namespace winnow
