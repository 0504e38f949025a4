#include "winnow/rule_set.hpp"

#include <gtest/gtest.h>

#include "test_files.hpp"
#include "winnow/normalize.hpp"

namespace winnow {
namespace {

// The label of the first rule matching `paragraph`, or "none".
std::string hit(const RuleSet& rules, std::string_view paragraph) {
  std::string normalized = normalize(paragraph);
  std::vector<std::string_view> words;
  rule_words(normalized, words);
  RuleHit h = rules.match(words);
  return h.rule ? label_name(h.rule->label) : "none";
}

RuleSet from_text(std::string_view text) {
  RuleSet rules;
  rules.add_text(text, "test.rules");
  return rules;
}

TEST(RuleWords, DropsEdgePunctuationAndSplitsCopyright) {
  std::string n = normalize("(Privacy Policy) | ©2026 \"Herald\", Inc.");
  std::vector<std::string_view> words;
  rule_words(n, words);
  std::vector<std::string_view> want = {"privacy", "policy", "\xC2\xA9", "0000", "herald", "inc"};
  EXPECT_EQ(words, want);
}

TEST(RuleSet, WildcardFirstRulesMatchAnywhereTheirFirstTokenDoes) {
  RuleSet rules = from_text(
      "comment contains max-words=20 : # at # pm said\n"
      "share contains max-words=20 : * shared this\n");
  EXPECT_EQ(hit(rules, "On March 3, 2024 at 10:15 pm said:"), "comment");
  EXPECT_EQ(hit(rules, "March 3 at 10:15 pm said"), "comment");
  EXPECT_EQ(hit(rules, "On March third at 10:15 pm said:"), "none");  // "third" is no number
  EXPECT_EQ(hit(rules, "Yesterday Ann Lee shared this story"), "share");
  EXPECT_EQ(hit(rules, "shared this"), "none");  // '*' wants a word before it
}

// Rules anchored at the start are looked for only at the first word, others anywhere,
// also where both kinds open on the same word.
TEST(RuleSet, AnchoredAndUnanchoredRulesSharingAFirstWord) {
  RuleSet rules = from_text(
      "newsletter start : sign up\n"
      "comment contains : sign in\n"
      "ad end : sign here\n");
  EXPECT_EQ(hit(rules, "Sign up for our daily briefing"), "newsletter");
  EXPECT_EQ(hit(rules, "Please sign up for our daily briefing"), "none");
  EXPECT_EQ(hit(rules, "Please sign in to comment"), "comment");
  EXPECT_EQ(hit(rules, "Sign in to comment"), "comment");
  EXPECT_EQ(hit(rules, "Please sign here"), "ad");
  EXPECT_EQ(hit(rules, "Please sign here today"), "none");
}

TEST(RuleSet, MatchKinds) {
  RuleSet rules = from_text(
      "ad line : advertisement\n"
      "newsletter start : sign up\n"
      "credit end : getty images\n"
      "notice contains : opinions expressed\n");
  EXPECT_EQ(hit(rules, "ADVERTISEMENT"), "ad");
  EXPECT_EQ(hit(rules, "Advertisement feature"), "none");  // line needs the whole paragraph
  EXPECT_EQ(hit(rules, "Sign up today!"), "newsletter");
  EXPECT_EQ(hit(rules, "Please sign up"), "none");
  EXPECT_EQ(hit(rules, "Crowds at the rally. (Photo: Getty Images)"), "credit");
  EXPECT_EQ(hit(rules, "The opinions expressed here are the author's."), "notice");
}

TEST(RuleSet, WildcardsAndNumbers) {
  RuleSet rules = from_text(
      "comment line : # comments\n"
      "footer start max-words=40 : the post ... appeared first on\n"
      "byline line : * # #\n");
  EXPECT_EQ(hit(rules, "12 Comments"), "comment");
  EXPECT_EQ(hit(rules, "1,024 comments"), "comment");
  EXPECT_EQ(hit(rules, "Many comments"), "none");
  EXPECT_EQ(hit(rules, "The post Council approves budget appeared first on River Valley Herald."), "footer");
  EXPECT_EQ(hit(rules, "The post appeared first on Herald."), "footer");  // '...' may be empty
  EXPECT_EQ(hit(rules, "March 3, 2024"), "byline");
  EXPECT_EQ(hit(rules, "March third, 2024"), "none");
}

TEST(RuleSet, MaxWordsKeepsArticleParagraphs) {
  RuleSet rules = from_text("newsletter contains : sign up for our newsletter\n");
  EXPECT_EQ(hit(rules, "Sign up for our newsletter to get the news."), "newsletter");
  EXPECT_EQ(hit(rules,
                "The mayor joked that residents should sign up for our newsletter, then spent the "
                "next hour describing the road plan in detail to the packed room."),
            "none");
}

TEST(RuleSet, FirstRuleInFileOrderWins) {
  RuleSet rules = from_text("share line : share\nnavigation line : share\n");
  EXPECT_EQ(hit(rules, "Share"), "share");
}

TEST(RuleSet, StopwordsAndCaseFolding) {
  RuleSet rules = from_text("stopwords : The Of és\n");
  EXPECT_TRUE(rules.is_stopword("the"));
  EXPECT_TRUE(rules.is_stopword("of"));
  EXPECT_TRUE(rules.is_stopword("és"));
  EXPECT_FALSE(rules.is_stopword("council"));
}

TEST(RuleSet, OtherLanguagesUseTheSameFormat) {
  RuleSet rules = from_text("ad line : Публикация рекламная\nnewsletter start : Abonnez-vous\n");
  EXPECT_EQ(hit(rules, "ПУБЛИКАЦИЯ РЕКЛАМНАЯ"), "ad");
  EXPECT_EQ(hit(rules, "Abonnez-vous à notre lettre"), "newsletter");
}

TEST(RuleSet, ErrorsNameFileAndLine) {
  auto error_of = [](std::string_view text) {
    try {
      from_text(text);
    } catch (const RulesError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("# fine\nbogus line : x\n"), "test.rules:2: unknown label 'bogus'");
  EXPECT_EQ(error_of("ad sometimes : x\n"), "test.rules:1: unknown match 'sometimes' (line, start, end, contains)");
  EXPECT_EQ(error_of("ad line\n"), "test.rules:1: expected 'LABEL MATCH [OPTIONS] : PATTERN'");
  EXPECT_EQ(error_of("ad line max-words=x : y\n"), "test.rules:1: bad max-words 'x'");
  EXPECT_EQ(error_of("ad line loud : y\n"), "test.rules:1: unknown option 'loud' (block, max-words=N)");
  EXPECT_EQ(error_of("ad line : ...\n") == "no error", true);
  EXPECT_EQ(error_of("ad line : !!!\n"), "test.rules:1: empty pattern");
  EXPECT_EQ(error_of("ad contains : a ... b ... c ... d\n"), "test.rules:1: at most two '...' in a pattern");
  EXPECT_EQ(error_of("ad contains : a ... ... b ... c\n"), "no error");  // runs of '...' are one
  EXPECT_EQ(error_of("ad line max-words=201 : y\n"), "test.rules:1: bad max-words '201'");
}

TEST(RuleSet, FileCanExtendOrReplaceDefaults) {
  winnow::testing::TempDir dir;
  std::string path = dir.write("site.rules", "ad line : buy our mugs\n");
  RuleSet rules = RuleSet::load_default();
  size_t defaults = rules.size();
  ASSERT_GT(defaults, 100u);
  rules.add_file(path);
  EXPECT_EQ(rules.size(), defaults + 1);
  EXPECT_EQ(hit(rules, "Buy our mugs"), "ad");
  EXPECT_EQ(hit(rules, "Advertisement"), "ad");
  rules.add_file(path, /*replace=*/true);
  EXPECT_EQ(rules.size(), 1u);
  EXPECT_EQ(hit(rules, "Advertisement"), "none");
  EXPECT_THROW(rules.add_file(dir.path() + "/missing.rules"), RulesError);
}

TEST(RuleSet, UserRulesComeFirst) {
  winnow::testing::TempDir dir;
  std::string path = dir.write("site.rules", "share line : advertisement\n");
  EXPECT_EQ(hit(RuleSet::load({path}, false), "Advertisement"), "share");
  EXPECT_EQ(hit(RuleSet::load({}, false), "Advertisement"), "ad");
  EXPECT_EQ(hit(RuleSet::load({path}, true), "Sponsored"), "none");
}

TEST(RuleSet, DefaultsCoverCommonShapes) {
  RuleSet rules = RuleSet::load_default();
  EXPECT_EQ(hit(rules, "Story continues below advertisement"), "ad");
  EXPECT_EQ(hit(rules, "The post Ferry adds crossings appeared first on Northwire."), "footer");
  EXPECT_EQ(hit(rules, "3 Comments"), "comment");
  EXPECT_EQ(hit(rules, "You might also like"), "related");
  EXPECT_EQ(hit(rules, "Sign up for our newsletter"), "newsletter");
  EXPECT_EQ(hit(rules, "© 2026 River Valley Herald. All rights reserved."), "copyright");
  EXPECT_EQ(hit(rules, "Opinions expressed in reader comments are not those of Gazette Daily."), "notice");
  EXPECT_EQ(hit(rules, "The council approved the budget on Wednesday."), "none");
}

}  // namespace
}  // namespace winnow
