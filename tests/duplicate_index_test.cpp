#include "winnow/duplicate_index.hpp"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstring>

#include "test_files.hpp"
#include "winnow/key_chains.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/state_file.hpp"

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
  bool add(const std::string& id, const std::string& source, const std::string& text,
           int64_t date = kNoDate) {
    return add_to(index_, id, source, text, date);
  }
  bool add_to(DuplicateIndex& index, const std::string& id, const std::string& source,
              const std::string& text, int64_t date = kNoDate) {
    std::vector<TextSpan> paragraphs;
    split_paragraphs(text, paragraphs);
    sketcher_.sketch(text, paragraphs, sketch_);
    bool related = index.find(sketch_, source, relation_);
    if (related && relation_.kind != DupKind::passage) relation_.earlier = date < index.date(relation_.canonical);
    index.add(sketch_, id, source, related ? &relation_ : nullptr, date);
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

TEST_F(DuplicateIndexTest, StockPhrasesInManyRecordsDoNotHideANearCopy) {
  // Far more records than are ever compared share a stock line with the story.
  const std::string lines[] = {
      "Readers can reach the newsroom with tips at any hour of the day or night.",
      "This report was updated to include comments from the transit authority spokesman."};
  for (int i = 0; i < 200; ++i) {
    const std::string n = std::to_string(i);
    add("s" + n, "site" + n + ".example",
        "Notice " + n + " concerns the parking rules on the east side of the market square, which change " +
            "in the spring for stall " + n + ".\n\n" + lines[i % 2]);
  }
  const std::string story = kStory + "\n\n" + lines[0] + "\n\n" + lines[1];
  add("x", "one.example", story);
  std::string edited = story;
  edited.replace(edited.find("on Thursday"), 11, "late on Friday");
  ASSERT_TRUE(add("y", "two.example", edited));
  EXPECT_EQ(relation_.kind, DupKind::near);
  EXPECT_EQ(canonical(), "x");
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

namespace winnow {
namespace {

// An index saved and loaded answers as the one that never left memory.
TEST_F(DuplicateIndexTest, SavedIndexAnswersLikeTheLiveOne) {
  winnow::testing::TempDir dir;
  add("a", "one.example", kStory);
  add("b", "two.example", kOther);
  const std::string path = dir.path() + "/dups.index";
  index_.save(path);
  DuplicateIndex loaded = DuplicateIndex::load(path, options_);
  EXPECT_EQ(loaded.records(), 2u);
  EXPECT_EQ(loaded.fingerprints(), index_.fingerprints());

  const std::string quoted = "Residents gathered on Monday. " + kStory.substr(0, kStory.find('\n')) +
                             " Others said little about it.";
  ASSERT_TRUE(add("c", "three.example", quoted));
  const Relation live = relation_;
  ASSERT_TRUE(add_to(loaded, "c", "three.example", quoted));
  EXPECT_EQ(relation_.kind, live.kind);
  EXPECT_EQ(loaded.id(relation_.canonical), "a");
  ASSERT_EQ(relation_.passages.size(), live.passages.size());
  EXPECT_EQ(relation_.passages[0].here, live.passages[0].here);
  EXPECT_EQ(relation_.passages[0].there, live.passages[0].there);

  ASSERT_TRUE(add_to(loaded, "d", "four.example", kOther));
  EXPECT_EQ(relation_.kind, DupKind::exact);
  EXPECT_EQ(loaded.id(relation_.canonical), "b");
}

TEST_F(DuplicateIndexTest, SavingTwiceGivesTheSameBytes) {
  winnow::testing::TempDir dir;
  add("a", "one.example", kStory);
  add("b", "two.example", kStory);
  index_.save(dir.path() + "/1");
  DuplicateIndex loaded = DuplicateIndex::load(dir.path() + "/1", options_);
  loaded.save(dir.path() + "/2");
  EXPECT_EQ(winnow::testing::read_file(dir.path() + "/1"), winnow::testing::read_file(dir.path() + "/2"));
}

TEST_F(DuplicateIndexTest, DamagedOrForeignFilesAreRefusedWithTheReason) {
  winnow::testing::TempDir dir;
  add("a", "one.example", kStory);
  const std::string path = dir.path() + "/dups.index";
  index_.save(path);
  const std::string bytes = winnow::testing::read_file(path);
  const auto refusal = [&](const std::string& file, const DuplicateOptions& options) {
    try {
      DuplicateIndex::load(file, options);
    } catch (const StateFileError& e) {
      return std::string(e.what());
    }
    return std::string("loaded");
  };
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x20;
  EXPECT_NE(refusal(dir.write("flipped", flipped), options_).find("checksum mismatch"), std::string::npos);
  EXPECT_NE(refusal(dir.write("short", bytes.substr(0, bytes.size() - 9)), options_).find("truncated"),
            std::string::npos);
  EXPECT_NE(refusal(dir.write("other", "{\"id\":1}\n"), options_).find("not a winnow duplicate index"),
            std::string::npos);
  DuplicateOptions stricter = options_;
  stricter.threshold = 0.9;
  const std::string message = refusal(path, stricter);
  EXPECT_NE(message.find(path + ": built with --threshold"), std::string::npos) << message;
}

// Record numbers are 32 bits and never reused: an index numbered past them does not load.
TEST_F(DuplicateIndexTest, RecordNumbersEndWithoutWrapping) {
  winnow::testing::TempDir dir;
  add("a", "one.example", kStory);
  add("b", "two.example", kOther);
  index_.save(dir.path() + "/dups.index");
  const auto renumbered = [&](uint64_t first) {
    std::string bytes = winnow::testing::read_file(dir.path() + "/dups.index");
    auto put = [&](size_t at, uint64_t v) { std::memcpy(bytes.data() + at, &v, 8); };
    put(112, first);  // horizon
    put(120, first);  // first record held
    for (size_t r = 0; r < 2; ++r) {  // each record's canonical, after the sources
      const size_t sources_end = 128 + 2 * (4 + std::string("one.example").size());
      uint32_t canonical = static_cast<uint32_t>(first + r);
      std::memcpy(bytes.data() + sources_end + r * 40 + 4, &canonical, 4);
    }
    const uint64_t sum = XXH3_64bits(bytes.data(), bytes.size() - 8);
    std::memcpy(bytes.data() + bytes.size() - 8, &sum, 8);
    return dir.write("renumbered", bytes);
  };
  try {
    DuplicateIndex::load(renumbered(DuplicateIndex::kMaxRecords), options_);
    FAIL() << "loaded records numbered past the last";
  } catch (const StateFileError& e) {
    EXPECT_NE(std::string(e.what()).find("more records than an index numbers"), std::string::npos) << e.what();
  }
}

// An article of `words` made-up words, different for every `n`, in paragraphs of 40.
std::string made_up_article(uint32_t n, size_t words = 160) {
  uint64_t state = n * 0x9E3779B97F4A7C15ull + 1;
  std::string text;
  for (size_t i = 0; i < words; ++i) {
    if (i > 0) text += i % 40 == 0 ? "\n\n" : " ";
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    for (int letters = 3 + static_cast<int>(state >> 61); letters > 0; --letters) {
      text += static_cast<char>('a' + (state >> (8 + 5 * letters)) % 26);
    }
  }
  return text;
}

// The first `words` words of `text`.
std::string first_words(const std::string& text, size_t words) {
  size_t end = 0;
  for (size_t i = 0; i < words && end != std::string::npos; ++i) end = text.find_first_of(" \n", end + 1);
  return text.substr(0, end);
}

class BoundedIndexTest : public DuplicateIndexTest {
 protected:
  // Well above the tables' fixed room (a few MB), as a real budget is.
  static constexpr size_t kBudget = size_t{24} << 20;
  static constexpr uint32_t kRecords = 36000;

  void fill(DuplicateIndex& index) {
    index.set_memory_budget(kBudget);
    for (uint32_t i = 0; i < kRecords; ++i) {
      add_to(index, "r" + std::to_string(i), "s" + std::to_string(i % 7) + ".example", made_up_article(i));
    }
  }
};

TEST_F(BoundedIndexTest, StaysWithinItsBudgetByForgettingTheOldest) {
  fill(index_);
  EXPECT_GT(index_.horizon(), kRecords / 4);
  EXPECT_LT(index_.horizon(), kRecords);
  EXPECT_LE(index_.memory_bytes(), kBudget);
  EXPECT_EQ(index_.records(), kRecords);
}

TEST_F(BoundedIndexTest, OldRecordsAreStillFoundAsExactCopies) {
  fill(index_);
  const std::string old = made_up_article(3);
  ASSERT_TRUE(add("copy", "elsewhere.example", old));
  EXPECT_EQ(relation_.kind, DupKind::exact);
  EXPECT_EQ(canonical(), "r3");
  ASSERT_EQ(relation_.passages.size(), 1u);
  EXPECT_EQ(relation_.passages[0].there, (TextSpan{0, static_cast<uint32_t>(old.size())}));
  // Past the horizon only exact copies are found: a quote of an old record is not ...
  EXPECT_FALSE(add("quote-old", "elsewhere.example", first_words(made_up_article(5), 20)));
  // ... and one of a recent record is.
  ASSERT_TRUE(add("quote-new", "elsewhere.example", first_words(made_up_article(kRecords - 2), 20)));
  EXPECT_EQ(relation_.kind, DupKind::passage);
  EXPECT_EQ(canonical(), "r" + std::to_string(kRecords - 2));
}

TEST_F(BoundedIndexTest, SavedWithItsHorizon) {
  winnow::testing::TempDir dir;
  fill(index_);
  index_.save(dir.path() + "/1");
  DuplicateIndex loaded = DuplicateIndex::load(dir.path() + "/1", options_);
  EXPECT_EQ(loaded.horizon(), index_.horizon());
  EXPECT_EQ(loaded.records(), index_.records());
  loaded.save(dir.path() + "/2");
  EXPECT_EQ(winnow::testing::read_file(dir.path() + "/1"), winnow::testing::read_file(dir.path() + "/2"));
  ASSERT_TRUE(add_to(loaded, "copy", "elsewhere.example", made_up_article(1)));
  EXPECT_EQ(relation_.kind, DupKind::exact);
  EXPECT_EQ(loaded.id(relation_.canonical), "r1");
  ASSERT_TRUE(add_to(loaded, "quote", "elsewhere.example", first_words(made_up_article(kRecords - 1), 20)));
  EXPECT_EQ(relation_.kind, DupKind::passage);
  EXPECT_EQ(loaded.id(relation_.canonical), "r" + std::to_string(kRecords - 1));
}

// Short records whose ids and exact hashes, not their words, fill the budget: the oldest
// are then forgotten whole, and clusters that reached back to them get a new canonical.
TEST_F(DuplicateIndexTest, PastItsBudgetTheOldestRecordsAreForgottenWhole) {
  winnow::testing::TempDir dir;
  const size_t budget = size_t{4} << 20;
  index_.set_memory_budget(budget);
  const uint32_t records = 60000;
  size_t memory_at_two_thirds = 0;
  for (uint32_t i = 0; i < records; ++i) {
    // Every 1000th record is a copy of the one 3000 before it, and so of its cluster.
    const bool copy = i % 1000 == 0 && i >= 3000;
    std::string source = copy ? "c" : "s";
    source += std::to_string(copy ? i / 1000 % 2 : i % 2);
    source += ".example";
    add("r" + std::to_string(i), source, made_up_article(copy ? i % 3000 : i, 12));
    if (i == records / 3 * 2) memory_at_two_thirds = index_.memory_bytes();
  }
  EXPECT_EQ(index_.records(), records);
  ASSERT_GT(index_.first(), records / 4);
  EXPECT_LE(index_.first(), index_.horizon());
  const DuplicateIndex::Footprint f = index_.footprint();
  EXPECT_LE(f.records + f.ids + f.exact, budget);
  EXPECT_LE(index_.memory_bytes(), memory_at_two_thirds + memory_at_two_thirds / 4);  // flat
  const uint32_t first = index_.first();
  for (uint32_t r = first; r < records; ++r) ASSERT_GE(index_.canonical(r), first) << r;
  // Chains of copies every 3000 records: the earliest member held now leads each.
  const uint32_t leader = (first + 999) / 1000 * 1000;
  ASSERT_LT(leader + 6000, records);
  EXPECT_EQ(index_.canonical(leader + 3000), index_.canonical(leader));
  EXPECT_EQ(index_.canonical(leader + 6000), leader);
  // Copies of what is held are found; of what is forgotten, not.
  ASSERT_TRUE(add("copy-held", "elsewhere.example", made_up_article(records - 5, 12)));
  EXPECT_EQ(relation_.kind, DupKind::exact);
  EXPECT_EQ(canonical(), "r" + std::to_string(records - 5));
  EXPECT_FALSE(add("copy-forgotten", "elsewhere.example", made_up_article(7, 12)));

  index_.save(dir.path() + "/1");
  DuplicateIndex loaded = DuplicateIndex::load(dir.path() + "/1", options_);
  EXPECT_EQ(loaded.first(), index_.first());
  EXPECT_EQ(loaded.records(), index_.records());
  EXPECT_EQ(loaded.id(loaded.first()), "r" + std::to_string(loaded.first()));
  loaded.save(dir.path() + "/2");
  EXPECT_EQ(winnow::testing::read_file(dir.path() + "/1"), winnow::testing::read_file(dir.path() + "/2"));
  ASSERT_TRUE(add_to(loaded, "copy-again", "elsewhere.example", made_up_article(records - 5, 12)));
  EXPECT_EQ(loaded.id(relation_.canonical), "r" + std::to_string(records - 5));
}

TEST_F(DuplicateIndexTest, AnOlderCopyTakesOverTheCluster) {
  EXPECT_FALSE(add("late", "one.example", kStory, 2000));
  ASSERT_TRUE(add("early", "two.example", kStory, 1000));
  EXPECT_TRUE(relation_.earlier);
  EXPECT_EQ(canonical(), "late");  // what it copies, already written
  ASSERT_TRUE(add("third", "three.example", kStory, 3000));
  EXPECT_FALSE(relation_.earlier);
  EXPECT_EQ(canonical(), "early");
  ASSERT_TRUE(add("undated", "four.example", kStory));
  EXPECT_EQ(canonical(), "early");
}

class PostingTableTest : public ::testing::TestWithParam<bool> {};
INSTANTIATE_TEST_SUITE_P(FilteredOrNot, PostingTableTest, ::testing::Bool());

// With or without the key filter, a table finds what it holds and nothing else.
TEST_P(PostingTableTest, VisitsNewestFirstAcrossFolds) {
  PostingTable<WordPosting> table(GetParam());
  const uint32_t kDocs = 200000;  // past the first fold
  for (uint32_t doc = 0; doc < kDocs; ++doc) table.add({doc % 1000 == 0 ? 7u : doc * 2654435761u, doc, doc});
  std::vector<uint32_t> seen;
  table.visit(7, 1000, [&](const WordPosting& p) { seen.push_back(p.doc); });
  ASSERT_EQ(seen.size(), kDocs / 1000);
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  EXPECT_EQ(seen.front(), kDocs - 1000);
  seen.clear();
  table.visit(7, 3, [&](const WordPosting& p) { seen.push_back(p.doc); });
  EXPECT_EQ(seen.size(), 3u);
  table.fold();
  EXPECT_EQ(table.size(), kDocs);
  EXPECT_TRUE(std::is_sorted(table.sorted().begin(), table.sorted().end(),
                             [](const WordPosting& a, const WordPosting& b) { return a.key < b.key; }));
  uint32_t found = 0;
  table.visit(12345u * 2654435761u, 10, [&](const WordPosting& p) { found = p.doc; });
  EXPECT_EQ(found, 12345u);
  // Keys never added: k * step + 1 = doc * step needs doc - k = 1 / step (mod 2^32),
  // which is far outside these ranges.
  size_t strays = 0;
  for (uint32_t k = 1; k < 20000; k += 2) {
    table.visit(k * 2654435761u + 1, 10, [&](const WordPosting&) { ++strays; });
  }
  EXPECT_EQ(strays, 0u);
  PostingTable<WordPosting> loaded(GetParam());
  loaded.assign_sorted(PodArray<WordPosting>(table.sorted()));
  found = 0;
  loaded.visit(54321u * 2654435761u, 10, [&](const WordPosting& p) { found = p.doc; });
  EXPECT_EQ(found, 54321u);
}

// A loaded table takes newer postings in runs after it; visits stay newest first through
// merges and evictions that cut into the loaded postings.
TEST_P(PostingTableTest, LoadedPostingsThenNewerRunsThenEviction) {
  const auto key_of = [](uint32_t doc) { return doc % 100 == 0 ? 7u : doc * 2654435761u; };
  // Loaded postings many times the newer ones, so newer runs stay beside them unmerged.
  PostingTable<WordPosting> saved(GetParam());
  for (uint32_t doc = 0; doc < 2000000; ++doc) saved.add({key_of(doc), doc, doc});
  saved.fold();
  PostingTable<WordPosting> table(GetParam());
  table.assign_sorted(PodArray<WordPosting>(saved.sorted()));
  for (uint32_t doc = 2000000; doc < 2300000; ++doc) table.add({key_of(doc), doc, doc});
  const auto visit_all = [&] {
    std::vector<uint32_t> seen;
    table.visit(7, 100000, [&](const WordPosting& p) { seen.push_back(p.doc); });
    return seen;
  };
  std::vector<uint32_t> seen = visit_all();
  ASSERT_EQ(seen.size(), 23000u);
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  table.erase_docs_before(1000000);  // into the loaded postings
  EXPECT_EQ(table.size(), 1300000u);
  seen = visit_all();
  ASSERT_EQ(seen.size(), 13000u);
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  EXPECT_EQ(seen.back(), 1000000u);
  uint32_t found = 0;
  table.visit(1100001u * 2654435761u, 10, [&](const WordPosting& p) { found = p.doc; });
  EXPECT_EQ(found, 1100001u);
  table.visit(900001u * 2654435761u, 10, [&](const WordPosting& p) { found = p.doc; });
  EXPECT_EQ(found, 1100001u);  // forgotten
  table.erase_docs_before(2200000);  // past them, into the newer runs
  EXPECT_EQ(table.size(), 100000u);
  seen = visit_all();
  ASSERT_EQ(seen.size(), 1000u);
  EXPECT_EQ(seen.back(), 2200000u);
  table.fold();
  EXPECT_EQ(table.sorted().size(), 100000u);
  EXPECT_TRUE(std::all_of(table.sorted().begin(), table.sorted().end(),
                          [](const WordPosting& p) { return p.doc >= 2200000; }));
}

// A table given new contents forgets the postings it was adding before.
TEST_P(PostingTableTest, AssignedContentsReplaceRecentPostings) {
  PostingTable<WordPosting> table(GetParam());
  for (uint32_t doc = 0; doc < 1000; ++doc) table.add({doc % 7, doc, 0});
  table.assign_sorted(PodArray<WordPosting>(std::vector<WordPosting>{{1, 5, 0}, {2, 6, 0}}));
  table.add({0, 2000, 0});
  std::vector<uint32_t> seen;
  table.visit(0, 100, [&](const WordPosting& p) { seen.push_back(p.doc); });
  EXPECT_EQ(seen, std::vector<uint32_t>{2000});
  seen.clear();
  table.visit(2, 100, [&](const WordPosting& p) { seen.push_back(p.doc); });
  EXPECT_EQ(seen, std::vector<uint32_t>{6});
  EXPECT_EQ(table.size(), 3u);
}

// Evicting the oldest documents leaves the others findable and the filter sound.
TEST_P(PostingTableTest, ErasesTheOldestDocsOnly) {
  PostingTable<WordPosting> table(GetParam());
  const uint32_t kDocs = 200000;
  for (uint32_t doc = 0; doc < kDocs; ++doc) table.add({doc % 1000 == 0 ? 7u : doc * 2654435761u, doc, doc});
  table.erase_docs_before(150000);
  EXPECT_EQ(table.size(), kDocs - 150000);
  std::vector<uint32_t> seen;
  table.visit(7, 1000, [&](const WordPosting& p) { seen.push_back(p.doc); });
  ASSERT_EQ(seen.size(), 50u);
  EXPECT_EQ(seen.back(), 150000u);
  uint32_t found = 0;
  table.visit(12345u * 2654435761u, 10, [&](const WordPosting& p) { found = p.doc; });
  EXPECT_EQ(found, 0u);
  table.visit(160001u * 2654435761u, 10, [&](const WordPosting& p) { found = p.doc; });
  EXPECT_EQ(found, 160001u);
  table.add({99, kDocs, 0});  // and it goes on taking postings
  table.visit(99, 10, [&](const WordPosting& p) { found = p.doc; });
  EXPECT_EQ(found, kDocs);
}

TEST(WordStore, ForgettingOlderRecordsKeepsLaterOnes) {
  WordStream words;
  for (uint32_t i = 0; i < 6; ++i) {
    words.hashes.push_back(i * 7919 + 3);
    words.spans.push_back({10 * i, 10 * i + 4});
  }
  WordStore store;
  store.add(words);
  const StoredWords second = store.add(words);
  words.spans.back().end += 100;
  const StoredWords third = store.add(words);
  const size_t before = store.live_bytes();
  store.erase_before(second);
  EXPECT_LT(store.live_bytes(), before);
  EXPECT_EQ(store.hashes(second)[5], short_word_hash(words.hashes[5]));
  EXPECT_EQ(store.cover(second, 0, 6), (TextSpan{0, 54}));
  EXPECT_EQ(store.cover(third, 2, 4), (TextSpan{20, 154}));
  store.erase_before(store.end());
  EXPECT_EQ(store.live_bytes(), 0u);
  const StoredWords fourth = store.add(words);
  EXPECT_EQ(store.cover(fourth, 5, 1), (TextSpan{50, 154}));
}

TEST(WordStore, CoversWordsWithTheirOriginalBytes) {
  WordStream words;
  const uint32_t starts[] = {0, 4, 300, 302, 70000};
  for (uint32_t start : starts) {
    words.hashes.push_back(start * 31 + 1);
    words.spans.push_back({start, start + (start == 300 ? 200u : 3u)});
  }
  WordStore store;
  store.add(words);  // another record first, so offsets are not zero
  const StoredWords stored = store.add(words);
  EXPECT_EQ(store.hashes(stored).size(), 5u);
  EXPECT_EQ(store.hashes(stored)[1], short_word_hash(words.hashes[1]));
  EXPECT_EQ(store.cover(stored, 0, 5), (TextSpan{0, 70003}));
  EXPECT_EQ(store.cover(stored, 2, 1), (TextSpan{300, 500}));
  EXPECT_EQ(store.cover(stored, 1, 3), (TextSpan{4, 305}));
}

}  // namespace
}  // namespace winnow
