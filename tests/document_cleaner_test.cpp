#include "winnow/document_cleaner.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "winnow/normalize.hpp"
#include "winnow/rule_set.hpp"
#include "winnow/source_model.hpp"
#include "winnow/template_prints.hpp"
#include "winnow/word_stream.hpp"

namespace winnow {
namespace {

class DocumentCleanerTest : public ::testing::Test {
 protected:
  DocumentCleanerTest() : rules_(RuleSet::load_default()), cleaner_(config()) {}

  CleanerConfig config() {
    CleanerConfig c;
    c.rules = &rules_;
    return c;
  }

  // Paragraph texts with their labels, in order.
  std::vector<std::pair<std::string, std::string>> run(const std::string& text,
                                                       const std::string& title = "") {
    DocumentInput doc;
    doc.text = text;
    doc.title = title;
    cleaner_.classify(doc, decisions_);
    std::vector<std::pair<std::string, std::string>> out;
    for (const ParagraphDecision& d : decisions_) {
      EXPECT_FALSE(d.label != Label::content && d.reason.empty()) << "removed without a reason";
      out.emplace_back(std::string(d.span.in(text)), label_name(d.label));
    }
    return out;
  }

  std::string labels(const std::string& text, const std::string& title = "") {
    std::string out;
    for (auto& [p, label] : run(text, title)) out += label + " ";
    return out;
  }

  RuleSet rules_;
  DocumentCleaner cleaner_;
  std::vector<ParagraphDecision> decisions_;
};

const std::string kBody1 =
    "The county ferry will add two evening crossings on weekdays starting in April, the transit "
    "authority said on Thursday, after commuters complained that the last boat left too early.";
const std::string kBody2 =
    "The new departures will run through the end of October, and fares will not change, according "
    "to a statement that the authority released to reporters at the dock.";
const std::string kBody3 =
    "Ridership on the route rose by a seventh last year, and the late boats were often full by the "
    "time they pulled away from the pier in the evening.";

TEST_F(DocumentCleanerTest, ArticleWithoutBoilerplateLosesNothing) {
  std::string text = kBody1 + "\n\n" + kBody2 + "\n\n\"We heard them,\" she said.\n\n" + kBody3 +
                     "\n\nHe added that more changes were possible.";
  for (auto& [p, label] : run(text)) EXPECT_EQ(label, "content") << p;
}

TEST_F(DocumentCleanerTest, FeedFooterAndCopyright) {
  std::string text = kBody1 + "\n\n" + kBody2 +
                     "\n\nThe post Ferry adds crossings appeared first on Harbour Times.\n\n"
                     "© 2026 Harbour Times. All rights reserved. Privacy Policy";
  EXPECT_EQ(labels(text), "content content footer copyright ");
}

TEST_F(DocumentCleanerTest, CommentSectionInTheTailIsCutWhole) {
  std::string text = kBody1 + "\n\n" + kBody2 + "\n\n" + kBody3 +
                     "\n\n3 Comments\n\nGloria\n\nFinally, I have missed the early boat more times "
                     "than I can count, and so have most of my neighbours on the island.\n\nTed\n\n"
                     "Will the weekend schedule change too?\n\nLog in to leave a comment";
  EXPECT_EQ(labels(text), "content content content comment comment comment comment comment comment ");
}

TEST_F(DocumentCleanerTest, RelatedBlockWithHeadlinesAndDates) {
  std::string text = kBody1 + "\n\n" + kBody2 +
                     "\n\nYou might also like\n\nSchool board weighs later start times\n\n"
                     "March 2, 2026March 2, 2026\n\nThe board will vote next month on a plan to move "
                     "the first bell.\n\nMill Road detour begins next month\n\nFebruary 27, 2026";
  std::string got = labels(text);
  EXPECT_EQ(got, "content content related related related related related related ");
}

TEST_F(DocumentCleanerTest, MarkerWordInsideAnArticleParagraphDoesNotCutIt) {
  std::string text = kBody1 +
                     "\n\nThe comments section of the authority's website filled with complaints "
                     "about the advertisement that announced the change, officials said.\n\n" +
                     kBody2;
  EXPECT_EQ(labels(text), "content content content ");
}

TEST_F(DocumentCleanerTest, AdMarkerBetweenParagraphs) {
  std::string text = kBody1 + "\n\nAdvertisement\n\n" + kBody2;
  EXPECT_EQ(labels(text), "content ad content ");
}

TEST_F(DocumentCleanerTest, NavigationRunBeforeTheArticle) {
  std::string text = "Home\n\nLocal\n\nPolitics\n\nSports\n\nSubscribe\n\nFerry adds crossings\n\n" +
                     kBody1 + "\n\n" + kBody2;
  auto got = run(text, "Ferry adds crossings");
  ASSERT_EQ(got.size(), 8u);
  for (size_t i = 0; i < 5; ++i) EXPECT_NE(got[i].second, "content") << got[i].first;
  EXPECT_EQ(got[5].second, "content");  // the headline
  EXPECT_EQ(got[6].second, "content");
}

TEST_F(DocumentCleanerTest, SubheadingAndBulletsInsideTheArticleStay) {
  std::string text = kBody1 + "\n\nWhat changes\n\n- Two evening boats\n- No fare increase\n\n" + kBody2;
  for (auto& [p, label] : run(text)) EXPECT_EQ(label, "content") << p;
}

TEST_F(DocumentCleanerTest, HardWrappedProseWithOneWordLine) {
  std::string text = "The\nobservers used a pair of backyard telescopes and long exposures to pick out\n"
                     "the thin ion tail, which points straight away from the sun and glows\n"
                     "blue when charged gas in it is struck by the solar wind.\n\n" + kBody2;
  auto got = run(text);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].second, "content");
}

TEST_F(DocumentCleanerTest, ListIntroducedByAColonStaysEvenAtTheEnd) {
  std::string text = kBody1 + "\n\n" + kBody2 + "\n\nThe five new stops are:\n\nMill Road\n\nHarbour Street\n\n"
                     "Station Square\n\nShare this\n\nQuarry Lane";
  auto got = run(text);
  ASSERT_EQ(got.size(), 8u);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(got[i].second, "content") << got[i].first;
  EXPECT_EQ(got[6].second, "share");
  EXPECT_NE(got[7].second, "content");  // the list ended at the share bar
}

TEST_F(DocumentCleanerTest, TimestampAndPriceLinesAreNotWords) {
  std::string text = kBody1 + "\n\n2021-03-04T09:15:00+01:00\n\n$1,250.00\n\n" + kBody2;
  auto got = run(text);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[1].second, "boilerplate");
  EXPECT_NE(got[2].second, "content");
  EXPECT_NE(decisions_[1].reason.find("no words"), std::string::npos) << decisions_[1].reason;
}

TEST_F(DocumentCleanerTest, ShortLineWithAWordStays) {
  std::string text = kBody1 + "\n\nSeats: 120\n\n" + kBody2;
  for (auto& [p, label] : run(text)) EXPECT_EQ(label, "content") << p;
}

TEST_F(DocumentCleanerTest, ReasonsNameTheDetector) {
  std::string text = kBody1 + "\n\nAdvertisement";
  run(text);
  ASSERT_EQ(decisions_.size(), 2u);
  EXPECT_NE(decisions_[1].reason.find("rule ad: 'advertisement'"), std::string::npos) << decisions_[1].reason;
}

// The words the cleaner read are reused downstream (template prints, the duplicate
// sketch): they must be the text's own words, and hash as the learner hashes them.
TEST_F(DocumentCleanerTest, WordsItReadAreTheTextsWordsAndPrintAsTheLearnersDo) {
  const std::string text = kBody1 + "\n\n\u00a9 2024 The Harbor Times. All rights reserved.\n\n" +
                           "The post \u201cFerry adds boats\u201d appeared first on Harbor Times.\n\n" + kBody2;
  const RecordFacts facts{"Ferry adds boats", "Ann Lee", "https://harbor.example/2024/ferry", "2024-03-03"};
  for (const uint64_t seed : {uint64_t{0}, uint64_t{7}}) {
    const SourceModel model(seed, 3);
    CleanerConfig c = config();
    c.model = &model;
    DocumentCleaner cleaner(c);
    DocumentInput doc{text, "id", "harbor.example", facts.url, facts.title, facts.author, facts.date};
    cleaner.classify(doc, decisions_);
    const DocumentCleaner::ReadWords read = cleaner.words();
    ASSERT_EQ(read.first_word.size(), decisions_.size() + 1);
    EXPECT_EQ(read.seed, seed);
    for (const WordSpan& w : read.words) {
      EXPECT_EQ(normalize(w.source.in(text)), w.normal.in(read.normalized));
    }
    std::vector<TextSpan> spans;
    for (const ParagraphDecision& d : decisions_) spans.push_back(d.span);
    TemplatePrints learned, reused;
    TemplateHasher(3, seed).compute(text, spans, facts, learned);
    TemplateHasher(3, seed).compute_words(read.normalized, read.words, read.first_word, facts, reused);
    ASSERT_EQ(learned.paragraphs.size(), reused.paragraphs.size());
    for (size_t i = 0; i < learned.paragraphs.size(); ++i) {
      EXPECT_EQ(learned.paragraphs[i].hash, reused.paragraphs[i].hash) << i;
    }
    EXPECT_EQ(learned.shingles, reused.shingles);
    // Rule keys come from the shared hash only under seed 0; the footer rules match either way.
    EXPECT_EQ(label_name(decisions_[1].label), std::string("copyright")) << seed;
  }
}

// The duplicate sketch takes each word's bare form and hash from the cleaner's reading:
// they must be what reading the text afresh gives, punctuation at the edges or not.
TEST_F(DocumentCleanerTest, BareWordsItReadAreTheWordsDuplicatesCompare) {
  const std::string text = "\u201cQuoted,\u201d (/2024/03/path) \u2014 end\u2026 \u00a92024 -- Cut off...\n\n" +
                           kBody1;
  for (const uint64_t seed : {uint64_t{0}, uint64_t{7}}) {
    const SourceModel model(seed, 3);
    CleanerConfig c = config();
    c.model = &model;
    DocumentCleaner cleaner(c);
    DocumentInput doc{text, "id", "src", "", "", "", ""};
    cleaner.classify(doc, decisions_);
    const DocumentCleaner::ReadWords read = cleaner.words();
    std::vector<TextSpan> spans;
    for (const ParagraphDecision& d : decisions_) spans.push_back(d.span);
    for (const uint64_t sketch_seed : {uint64_t{0}, uint64_t{7}}) {
      WordReader reader(sketch_seed);
      WordStream fresh, reused;
      reader.read(text, spans, fresh);
      reader.add_normalized(read.normalized, read.words, 0, read.seed, reused);
      EXPECT_EQ(fresh.hashes, reused.hashes) << seed << " " << sketch_seed;
      EXPECT_EQ(fresh.spans, reused.spans) << seed << " " << sketch_seed;
      EXPECT_LT(fresh.size(), read.words.size());  // the dash words have no bare form
    }
  }
}

// The cleaner takes most rule words straight from the words it reads; whatever punctuation
// or '©' clings to a word, it must see the words rule_words() gives, under both seeds.
TEST(DocumentCleanerRules, RuleWordsOfEveryEdgeShapeAreThoseOfRuleWords) {
  RuleSet rules;
  rules.add_text(
      "ad line : policy notice\n"
      "share line : #policy notice\n"
      "copyright line : \u00a9 policy notice\n"
      "footer line : policy# notice\n"
      "navigation line : \u00a9policy# notice\n",
      "edges.rules");
  const auto reference = [&](const std::string& paragraph) {
    const std::string normalized = normalize(paragraph);
    std::vector<std::string_view> words;
    rule_words(normalized, words);
    const RuleHit h = rules.match(words);
    return std::string(h.rule != nullptr ? label_name(h.rule->label) : "none");
  };
  std::set<std::string> labels_seen;
  for (const uint64_t seed : {uint64_t{0}, uint64_t{7}}) {
    const SourceModel model(seed, 3);
    CleanerConfig c;
    c.rules = &rules;
    c.model = &model;
    DocumentCleaner cleaner(c);
    std::vector<ParagraphDecision> decisions;
    for (const char* lead : {"", "(", "\"", "#", "(#", "\u00a9", "\u00a9 ", "\u00a9#", "...", "\u201c"}) {
      for (const char* trail : {"", ",", ".)", "#", "#.", "!", "\u201d", "\u2026"}) {
        const std::string paragraph = std::string(lead) + "Policy" + trail + " notice";
        DocumentInput doc{paragraph, "id", "src", "", "", "", ""};
        cleaner.classify(doc, decisions);
        ASSERT_EQ(decisions.size(), 1u);
        const std::string& reason = decisions[0].reason;
        const std::string got =
            reason.starts_with("rule ") ? reason.substr(5, reason.find(':') - 5) : std::string("none");
        const std::string want = reference(paragraph);
        EXPECT_EQ(got, want) << paragraph << " (seed " << seed << ", reason: " << reason << ")";
        labels_seen.insert(want);
      }
    }
  }
  // Every rule is hit by some shape, and some shapes hit none.
  EXPECT_EQ(labels_seen.size(), 6u) << ::testing::PrintToString(labels_seen);
}

}  // namespace
}  // namespace winnow
