#include "winnow/duplicate_index.hpp"

#include <gtest/gtest.h>

#include "winnow/key_chains.hpp"
#include "winnow/paragraphs.hpp"

namespace winnow {
namespace {

const std::string kStory =
    "The county ferry will add two evening crossings on weekdays starting in April, the transit "
    "authority said on Thursday, after commuters complained that the last boat left too early.\n\n"
    "The new departures will run through the end of October, and fares will not change, according "
    "to a statement that the authority released to reporters at the dock.\n\n"
    "Ridership on the route rose by a seventh last year, and the late boats were often full by the "
    "time they pulled away from the pier in the evening.";

const std::string kOther =
    "A storm that stalled over the valley for two days dropped more rain than the region usually "
    "sees in a month, and crews spent the weekend clearing culverts along the county roads.\n\n"
    "Officials said the reservoir rose four feet and would be drawn down slowly over the coming "
    "week to avoid flooding the farms below the dam.";

class DuplicateIndexTest : public ::testing::Test {
 protected:
  DuplicateIndexTest() : sketcher_(options_), index_(options_) {}

  // Relates `text` to everything added so far, then adds it.
  bool add(const std::string& id, const std::string& source, const std::string& text) {
    std::vector<TextSpan> paragraphs;
    split_paragraphs(text, paragraphs);
    sketcher_.sketch(text, paragraphs, sketch_);
    bool related = index_.find(sketch_, source, relation_);
    index_.add(sketch_, id, source, related ? &relation_ : nullptr);
    return related;
  }
  std::string canonical() const { return std::string(index_.id(relation_.canonical)); }

  DuplicateOptions options_;
  ContentSketcher sketcher_;
  DuplicateIndex index_;
  ContentSketch sketch_;
  Relation relation_;
};

TEST_F(DuplicateIndexTest, ExactCopyFromAnotherSource) {
  EXPECT_FALSE(add("a", "one.example", kStory));
  EXPECT_FALSE(add("b", "two.example", kOther));
  ASSERT_TRUE(add("c", "three.example", kStory));
  EXPECT_EQ(relation_.kind, DupKind::exact);
  EXPECT_EQ(canonical(), "a");
  EXPECT_EQ(relation_.similarity, 1.0);
  ASSERT_EQ(relation_.passages.size(), 1u);
  EXPECT_EQ(relation_.passages[0].here.start, 0u);
  EXPECT_EQ(relation_.passages[0].here.end, kStory.size());
}

TEST_F(DuplicateIndexTest, SameSourceIsTheBoilerplateModulesBusiness) {
  EXPECT_FALSE(add("a", "one.example", kStory));
  EXPECT_FALSE(add("b", "one.example", kStory));
}

TEST_F(DuplicateIndexTest, WithinSourceWhenAskedFor) {
  options_.within_source = true;
  DuplicateIndex index(options_);
  std::vector<TextSpan> paragraphs;
  split_paragraphs(kStory, paragraphs);
  sketcher_.sketch(kStory, paragraphs, sketch_);
  index.add(sketch_, "a", "one.example", nullptr);
  EXPECT_TRUE(index.find(sketch_, "one.example", relation_));
}

TEST_F(DuplicateIndexTest, LightlyEditedCopyIsNearWithAlignedPassages) {
  add("a", "one.example", kStory);
  std::string edited = kStory;
  edited.replace(edited.find("on Thursday"), 11, "late on Friday");
  ASSERT_TRUE(add("b", "two.example", edited));
  EXPECT_EQ(relation_.kind, DupKind::near);
  EXPECT_EQ(canonical(), "a");
  EXPECT_GE(relation_.similarity, 0.8);
  EXPECT_LT(relation_.similarity, 1.0);
  // The longest passage runs from "after" to the end: the edit splits the story in two.
  ASSERT_GE(relation_.passages.size(), 1u);
  const PassageMatch& p = relation_.passages[0];
  EXPECT_EQ(p.here.end, edited.size());
  EXPECT_EQ(p.there.end, kStory.size());
  EXPECT_EQ(edited.substr(p.here.start, 5), "after");
  EXPECT_EQ(kStory.substr(p.there.start, 5), "after");
}

TEST_F(DuplicateIndexTest, CopiesOfCopiesPointAtTheFirstRecord) {
  add("a", "one.example", kStory);
  add("b", "two.example", kStory + "\n\nThe authority will review the timetable in the autumn.");
  ASSERT_TRUE(add("c", "three.example", kStory + "\n\nThe authority will review the timetable in the autumn."));
  EXPECT_EQ(canonical(), "a");
}

TEST_F(DuplicateIndexTest, QuotedPassageIsFoundWithItsSpans) {
  add("a", "one.example", kStory);
  const std::string quote = "after commuters complained that the last boat left too early";
  const std::string text = kOther + "\n\nAs the Northwire reported, \"" + quote + ".\" Nobody disagreed.";
  ASSERT_TRUE(add("b", "two.example", text));
  EXPECT_EQ(relation_.kind, DupKind::passage);
  EXPECT_EQ(canonical(), "a");
  ASSERT_EQ(relation_.passages.size(), 1u);
  const PassageMatch& p = relation_.passages[0];
  EXPECT_EQ(p.words, 10u);
  EXPECT_EQ(text.substr(p.here.start, p.here.end - p.here.start), "\"" + quote + ".\"");
  EXPECT_EQ(kStory.substr(p.there.start, p.there.end - p.there.start), quote + ".");
}

TEST_F(DuplicateIndexTest, ShorterSharedRunsAreNotPassages) {
  add("a", "one.example", kStory);
  // Nine words of the story.
  const std::string text = kOther + "\n\nThey said the last boat left too early, every night.";
  EXPECT_FALSE(add("b", "two.example", text));
}

TEST_F(DuplicateIndexTest, ShortArticleInsideALongerOneIsNear) {
  add("a", "one.example", kOther + "\n\n" + kStory);
  ASSERT_TRUE(add("b", "two.example", kStory));
  EXPECT_EQ(relation_.kind, DupKind::near);
  EXPECT_GE(relation_.similarity, 0.95);  // containment, not Jaccard
}

TEST_F(DuplicateIndexTest, UnrelatedAndEmptyTextsAreNotRelated) {
  add("a", "one.example", kStory);
  EXPECT_FALSE(add("b", "two.example", kOther));
  EXPECT_FALSE(add("c", "three.example", ""));
  EXPECT_FALSE(add("d", "four.example", ""));  // two empty texts are not copies
}

TEST(KeyChains, ChainsNewestFirstAndSurvivesGrowth) {
  KeyChains chains;
  for (uint32_t i = 0; i < 5000; ++i) chains.add(i % 1000, i, i * 2);
  for (uint64_t key : {0ull, 999ull}) {
    std::vector<uint32_t> docs;
    for (uint32_t e = chains.head(key); e != KeyChains::kEnd; e = chains.entry(e).next) {
      docs.push_back(chains.entry(e).doc);
    }
    ASSERT_EQ(docs.size(), 5u);
    EXPECT_EQ(docs.front(), 4000 + key);
    EXPECT_EQ(docs.back(), key);
  }
  EXPECT_EQ(chains.head(123456), KeyChains::kEnd);
}

}  // namespace
}  // namespace winnow
