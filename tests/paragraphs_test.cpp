#include "winnow/paragraphs.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace winnow {
namespace {

std::vector<std::string> paragraphs_of(std::string_view text, const SplitOptions& options = {}) {
  std::vector<TextSpan> spans;
  split_paragraphs(text, spans, options);
  std::vector<std::string> result;
  for (const TextSpan& span : spans) result.emplace_back(span.in(text));
  return result;
}

// Greedy word wrap, as a mail client or wire feed does it: the layout the splitter must undo.
std::string wrap(std::string_view prose, size_t width) {
  std::string out;
  size_t line_length = 0;
  while (!prose.empty()) {
    const size_t space = prose.find(' ');
    const std::string_view word = prose.substr(0, space);
    prose = space == std::string_view::npos ? std::string_view() : prose.substr(space + 1);
    if (line_length != 0 && line_length + 1 + word.size() > width) {
      out += '\n';
      line_length = 0;
    } else if (line_length != 0) {
      out += ' ';
      ++line_length;
    }
    out += word;
    line_length += word.size();
  }
  return out;
}

TEST(ParagraphSplit, BlankLinesSeparateAndOffsetsAreExact) {
  const std::string text = "  First paragraph.  \n\n\tSecond paragraph.\n";
  std::vector<TextSpan> spans;
  split_paragraphs(text, spans);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (TextSpan{2, 18}));
  EXPECT_EQ(spans[1], (TextSpan{23, 40}));
  EXPECT_EQ(spans[1].in(text), "Second paragraph.");
}

TEST(ParagraphSplit, OffsetsCountBytesOfMultibyteText) {
  const std::string text = "Ελλάδα\n\n  Κείμενο εδώ.";
  std::vector<TextSpan> spans;
  split_paragraphs(text, spans);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (TextSpan{0, 12}));
  EXPECT_EQ(spans[1].in(text), "Κείμενο εδώ.");
}

TEST(ParagraphSplit, CrlfLineEndingsAreTrimmed) {
  const std::string text = "One.\r\n\r\nTwo.\r\nThree.\r\n";
  std::vector<TextSpan> spans;
  split_paragraphs(text, spans);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], (TextSpan{0, 4}));
  EXPECT_EQ(spans[1], (TextSpan{8, 12}));
  EXPECT_EQ(spans[2], (TextSpan{14, 20}));
}

TEST(ParagraphSplit, CrlfWrappedLinesJoinAcrossTheBreak) {
  const std::string text = "The minister said that the new\r\nrules would apply from May.\r\n";
  const std::vector<std::string> expected = {
      "The minister said that the new\r\nrules would apply from May."};
  EXPECT_EQ(paragraphs_of(text), expected);
}

TEST(ParagraphSplit, LeadingAndTrailingBlankLinesAreSkipped) {
  EXPECT_EQ(paragraphs_of("\n\n  \r\n\tBody text.\n\n \n"), std::vector<std::string>{"Body text."});
}

TEST(ParagraphSplit, WhitespaceOnlyTextHasNoParagraphs) {
  std::vector<TextSpan> spans = {{1, 2}};
  split_paragraphs(" \t\r\n\n  \r\n\f", spans);
  EXPECT_TRUE(spans.empty());
  split_paragraphs("", spans);
  EXPECT_TRUE(spans.empty());
}

TEST(ParagraphSplit, SingleNewlineBetweenSentencesSplits) {
  EXPECT_EQ(paragraphs_of("The first sentence ends here.\nthe second starts lower case."),
            (std::vector<std::string>{"The first sentence ends here.",
                                      "the second starts lower case."}));
}

TEST(ParagraphSplit, LineBrokenMidSentenceJoins) {
  const std::string text = "The minister said that the new\nrules would apply from May.";
  std::vector<TextSpan> spans;
  split_paragraphs(text, spans);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0], (TextSpan{0, static_cast<uint32_t>(text.size())}));
}

TEST(ParagraphSplit, ClosingQuoteAfterTerminalPunctuationEndsTheSentence) {
  EXPECT_EQ(paragraphs_of("He said: “We will win.”\nthen he left.").size(), 2u);
  EXPECT_EQ(paragraphs_of("He said (quietly)\nthat they would win.").size(), 1u);
}

TEST(ParagraphSplit, CommaAndWordHyphenJoinEvenBeforeUpperCase) {
  EXPECT_EQ(paragraphs_of("Leaders from Paris, Berlin,\nRome and Madrid met.").size(), 1u);
  EXPECT_EQ(paragraphs_of("Trade across the Franco-\nGerman border grew.").size(), 1u);
  EXPECT_EQ(paragraphs_of("It was a long day—\nPresident Smith said.").size(), 1u);
  EXPECT_EQ(paragraphs_of("Markets -\nWorld").size(), 2u);  // a spaced dash joins no word
  EXPECT_EQ(paragraphs_of("----------\nWorld news").size(), 2u);
}

TEST(ParagraphSplit, NonAsciiLowerCaseContinuationsJoin) {
  EXPECT_EQ(paragraphs_of("Министр заявил, что новые\nправила вступят в силу.").size(), 1u);
  EXPECT_EQ(paragraphs_of("Ο υπουργός δήλωσε ότι οι νέοι\nκανόνες θα ισχύσουν.").size(), 1u);
  EXPECT_EQ(paragraphs_of("Le ministre a dit que\nété sera chaud.").size(), 1u);
  EXPECT_EQ(paragraphs_of("Le ministre a dit que\nÉmile est parti.").size(), 2u);
}

TEST(ParagraphSplit, NavigationRunIsNotJoined) {
  EXPECT_EQ(paragraphs_of("Home\nWorld\nPolitics\nSubscribe"),
            (std::vector<std::string>{"Home", "World", "Politics", "Subscribe"}));
  EXPECT_EQ(paragraphs_of("home\nworld\npolitics").size(), 3u);
}

TEST(ParagraphSplit, HeadlinesWithDatesAreNotJoined) {
  EXPECT_EQ(paragraphs_of("Stocks fall as oil climbs\nMarch 3, 2024\nMayor unveils transit plan\n"
                          "March 1, 2024"),
            (std::vector<std::string>{"Stocks fall as oil climbs", "March 3, 2024",
                                      "Mayor unveils transit plan", "March 1, 2024"}));
  // Headlines long enough to look like a wrap width still alternate with short date lines.
  const std::string long_list =
      "Stocks fall sharply as oil prices climb to record highs\nMarch 3, 2024\n"
      "Mayor unveils ambitious transit plan for the downtown area\nMarch 1, 2024\n"
      "Storm warning issued for the northern coast overnight\nFebruary 28, 2024";
  EXPECT_EQ(paragraphs_of(long_list).size(), 6u);
}

TEST(ParagraphSplit, HeadlineAboveProseIsNotJoined) {
  EXPECT_EQ(paragraphs_of("Mayor unveils transit plan\nThe mayor on Monday unveiled a plan to "
                          "extend light rail to the airport.")
                .size(),
            2u);
}

TEST(ParagraphSplit, AdvertisementLabelIsNotJoined) {
  EXPECT_EQ(paragraphs_of("Advertisement\nThe president said on Monday that the law would be "
                          "signed.")
                .size(),
            2u);
  const std::string wrapped = wrap(
      "The president said on Monday that the new law would be signed before the end of the "
      "month, according to aides familiar with the plans.",
      48);
  EXPECT_EQ(paragraphs_of("Advertisement\n" + wrapped),
            (std::vector<std::string>{"Advertisement", wrapped}));
}

TEST(ParagraphSplit, BulletItemsStartTheirOwnParagraphs) {
  EXPECT_EQ(paragraphs_of("Key points:\n- tariffs rise\n• exports fall\n* prices climb\n"
                          "1. talks resume\n12) markets react"),
            (std::vector<std::string>{"Key points:", "- tariffs rise", "• exports fall",
                                      "* prices climb", "1. talks resume", "12) markets react"}));
  EXPECT_EQ(paragraphs_of("The plan has two parts, namely\n- cheaper fares\n- more trains").size(),
            3u);
  // A comma would join the lines, a bullet overrides it.
  EXPECT_EQ(paragraphs_of("Officials listed three causes,\n- higher rates,\n* weak demand,\n"
                          "1. a strong dollar"),
            (std::vector<std::string>{"Officials listed three causes,", "- higher rates,",
                                      "* weak demand,", "1. a strong dollar"}));
  // A list item's own continuation line still joins.
  EXPECT_EQ(paragraphs_of("- tariffs rise on steel and\n  aluminium imports").size(), 1u);
}

TEST(ParagraphSplit, WrappedProseJoinsEvenWhereLinesStartUpperCase) {
  const std::string text = wrap(
      "Officials from France, Germany, Italy and Spain met in Brussels on Tuesday to discuss "
      "the proposal. The European Commission said that President Macron and Chancellor Scholz "
      "had agreed in principle. Italy and Spain asked for more time, and Greece said it would "
      "decide later. Analysts at Deutsche Bank said the deal could reach the markets soon.",
      42);
  // The breaks the punctuation rule alone would split: after a full stop, before upper case.
  ASSERT_NE(text.find("principle.\nItaly"), std::string::npos);
  ASSERT_NE(text.find("later.\nAnalysts"), std::string::npos);
  EXPECT_EQ(paragraphs_of(text), std::vector<std::string>{text});
}

TEST(ParagraphSplit, HeadlineAboveAShortWrappedParagraphStaysApart) {
  // Every line of the paragraph starts upper case, so only its wrap shape can join it;
  // the headline's short line keeps the block as a whole below the wrapped share.
  const std::string paragraph = wrap(
      "Officials in Brussels said on Tuesday that the European Union would impose tariffs on "
      "steel from China, Turkey and India.",
      50);
  ASSERT_EQ(paragraph, "Officials in Brussels said on Tuesday that the\nEuropean Union would "
                       "impose tariffs on steel from\nChina, Turkey and India.");
  EXPECT_EQ(paragraphs_of("EU tariffs rise\n" + paragraph),
            (std::vector<std::string>{"EU tariffs rise", paragraph}));
}

TEST(ParagraphSplit, ShortLastLineEndsAParagraphInsideAWrappedBlock) {
  const std::string first = wrap(
      "The European Union said on Tuesday that it would impose new tariffs on steel imports "
      "from several countries, officials said. The move follows months of talks.",
      50);
  const std::string second = wrap(
      "Officials said the measures would take effect in March and would last for at least two "
      "years, with a review after twelve months.",
      50);
  const std::string text = first + "\n" + second;
  std::vector<TextSpan> spans;
  split_paragraphs(text, spans);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (TextSpan{0, static_cast<uint32_t>(first.size())}));
  EXPECT_EQ(spans[1].in(text), second);
}

TEST(ParagraphSplit, TwoLineParagraphJoinsAtTheDocumentWrapWidth) {
  const std::string wrapped = wrap(
      "The European Union said on Tuesday that it would impose new tariffs on steel imports "
      "from several countries, officials said. The move follows months of talks.",
      50);
  const std::string two_lines = wrap(
      "The ministers are due to meet again next month in Brussels, Commissioner Dombrovskis "
      "said.",
      50);
  ASSERT_NE(two_lines.find("in\nBrussels"), std::string::npos);  // upper case: prose rule splits
  const std::string headline = "Markets rally as rates hold", date = "March 3";
  const std::string text = wrapped + "\n\n" + two_lines + "\n\n" + headline + "\n" + date;
  EXPECT_EQ(paragraphs_of(text), (std::vector<std::string>{wrapped, two_lines, headline, date}));
  // Without a wrapped block elsewhere there is no width to judge the pair by.
  EXPECT_EQ(paragraphs_of(two_lines).size(), 2u);
}

TEST(ParagraphSplit, DropCapFirstWordJoinsTheWrappedParagraph) {
  const std::string text =
      "The\nEuropean Union said on Tuesday that it would\nimpose new tariffs on steel imports "
      "from\nseveral countries, officials said.";
  EXPECT_EQ(paragraphs_of(text), std::vector<std::string>{text});
}

TEST(ParagraphSplit, DropCapNeedsProseThatGoesOn) {
  EXPECT_EQ(paragraphs_of("The\nEuropean Union said on Tuesday.").size(), 2u);
  EXPECT_EQ(paragraphs_of("World\nEurope\nAsia").size(), 3u);
}

TEST(ParagraphSplit, JoiningDisabledSplitsEveryLine) {
  SplitOptions options;
  options.join_wrapped_lines = false;
  EXPECT_EQ(paragraphs_of("The minister said that the new\nrules would apply.\n\nNext.", options),
            (std::vector<std::string>{"The minister said that the new", "rules would apply.",
                                      "Next."}));
}

TEST(ParagraphSplit, RepeatedCallsGiveTheSameSpans) {
  const std::string text = "Home\nWorld\n\nThe minister said that the new\nrules apply.\n- a\n- b";
  std::vector<TextSpan> first, again;
  split_paragraphs(text, first);
  split_paragraphs("Something else entirely.\n\nAnd more.", again);
  split_paragraphs(text, again);
  EXPECT_EQ(first, again);
  EXPECT_EQ(first.size(), 5u);
}

}  // namespace
}  // namespace winnow
