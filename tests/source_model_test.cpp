#include "winnow/source_model.hpp"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "test_files.hpp"
#include "winnow/model_runs.hpp"

namespace winnow {
namespace {

using testing::TempDir;
using testing::read_file;

struct ParagraphSpec {
  uint64_t hash;
  std::vector<uint64_t> shingles;
};

// Prints with chosen hashes, so counts can be checked exactly.
TemplatePrints prints(std::initializer_list<ParagraphSpec> paragraphs) {
  TemplatePrints out;
  for (const ParagraphSpec& spec : paragraphs) {
    TemplateParagraph p;
    p.hash = spec.hash;
    p.words = 3;
    p.first_shingle = static_cast<uint32_t>(out.shingles.size());
    p.shingle_count = static_cast<uint32_t>(spec.shingles.size());
    out.shingles.insert(out.shingles.end(), spec.shingles.begin(), spec.shingles.end());
    out.paragraphs.push_back(p);
  }
  return out;
}

void expect_evidence(const RepetitionEvidence& e, uint32_t source_documents,
                     uint32_t paragraph_documents, float shingle_recurrence,
                     uint32_t other_sources, uint32_t all_documents) {
  EXPECT_EQ(e.source_documents, source_documents);
  EXPECT_EQ(e.paragraph_documents, paragraph_documents);
  EXPECT_FLOAT_EQ(e.shingle_recurrence, shingle_recurrence);
  EXPECT_EQ(e.other_sources, other_sources);
  EXPECT_EQ(e.all_documents, all_documents);
}

std::string bytes_of(const SourceModel& model) {
  TempDir dir;
  const std::string path = dir.path() + "/model";
  model.save(path);
  return read_file(path);
}

// A document holding a paragraph every source shares, one its source's documents share,
// and one of its own.
struct Doc {
  std::string source;
  uint64_t own;
};

TemplatePrints prints_of(const Doc& doc) {
  const uint64_t per_source = std::hash<std::string>()(doc.source);
  return prints({{1, {11, 12}}, {per_source, {21}}, {doc.own, {doc.own}}});
}

SourceModel model_of(std::initializer_list<Doc> docs) {
  SourceModel model;
  for (const Doc& doc : docs) model.add_document(doc.source, prints_of(doc));
  return model;
}

std::string expect_load_error(const std::string& path) {
  try {
    SourceModel::load(path);
  } catch (const ModelError& e) {
    return e.what();
  }
  ADD_FAILURE() << "loaded " << path;
  return "";
}

TEST(SourceModel, EvidenceCountsPerSourceAndAcrossSources) {
  SourceModel model;
  const TemplatePrints footer_a = prints({{100, {1, 2, 3, 4}}, {200, {5}}});
  model.add_document("a.com", footer_a);
  model.add_document("a.com", prints({{100, {1, 2, 7, 8}}, {300, {}}}));
  model.add_document("a.com", prints({{400, {9}}}));
  model.add_document("b.com", prints({{100, {1, 2, 3, 4}}}));

  EXPECT_EQ(model.documents(), 4u);
  EXPECT_EQ(model.sources(), 2u);
  EXPECT_EQ(model.source_documents("a.com"), 3u);
  EXPECT_EQ(model.source_documents("c.com"), 0u);
  // 100 is in 2 of a.com's 3 documents, 1 other source, 3 documents in all;
  // shingles 1 and 2 recur in a.com, 3 and 4 do not.
  expect_evidence(model.evidence("a.com", footer_a, 0), 3, 2, 0.5f, 1, 3);
  expect_evidence(model.evidence("a.com", footer_a, 1), 3, 1, 0.0f, 0, 1);
  expect_evidence(model.evidence("b.com", footer_a, 0), 1, 1, 0.0f, 1, 3);
  expect_evidence(model.evidence("b.com", footer_a, 1), 1, 0, 0.0f, 1, 1);
  expect_evidence(model.evidence("c.com", footer_a, 0), 0, 0, 0.0f, 2, 3);
  // A paragraph without shingles has no recurrence.
  expect_evidence(model.evidence("a.com", prints({{300, {}}}), 0), 3, 1, 0.0f, 0, 1);
  EXPECT_THROW(model.evidence("a.com", footer_a, 2), std::out_of_range);
}

// Asked for a share, the shingle lookups may stop once it is out of reach: the share is
// exact from there up, and below it whatever is given stays below.
TEST(SourceModel, ShingleRecurrenceIsExactFromTheShareAskedFor) {
  SourceModel model;
  for (uint64_t doc = 0; doc < 3; ++doc) model.add_document("a.com", prints({{doc, {1, 2, 3, 10 + doc}}}));
  const SourceModel::SourceHandle a = model.source("a.com");
  const TemplatePrints three_of_four = prints({{50, {1, 2, 3, 99}}});
  const TemplatePrints one_of_four = prints({{50, {99, 98, 1, 97}}});
  for (const float asked : {0.0f, 0.5f, 0.75f}) {
    EXPECT_FLOAT_EQ(model.evidence(a, three_of_four, 0, 2, false, asked).shingle_recurrence, 0.75f) << asked;
  }
  EXPECT_LT(model.evidence(a, three_of_four, 0, 2, false, 0.8f).shingle_recurrence, 0.8f);
  EXPECT_FLOAT_EQ(model.evidence(a, one_of_four, 0, 2, false, 0.0f).shingle_recurrence, 0.25f);
  EXPECT_LT(model.evidence(a, one_of_four, 0, 2, false, 0.5f).shingle_recurrence, 0.5f);
  // Stopped early, the share given is a lower bound; past 1 nothing need be looked up.
  EXPECT_LE(model.evidence(a, three_of_four, 0, 2, false, 0.8f).shingle_recurrence, 0.75f);
  EXPECT_FLOAT_EQ(model.evidence(a, three_of_four, 0, 2, false, 2.0f).shingle_recurrence, 0.0f);
  EXPECT_EQ(model.evidence(a, three_of_four, 0, 2, false, 2.0f).paragraph_documents, 0u);
}

// Counts below kMinTemplateDocuments are left out; everything a cleaner decides on stays.
TEST(SourceModel, ACleaningModelKeepsOnlyCountsThatCanBeEvidence) {
  SourceModel model;
  const TemplatePrints footer = prints({{100, {1, 2}}, {200, {5}}});
  for (int i = 0; i < 3; ++i) model.add_document("a.com", footer);
  model.add_document("a.com", prints({{100, {1, 7}}, {300, {8}}}));
  TempDir dir;
  const std::string path = dir.path() + "/model";
  model.save(path);

  const SourceModel full = SourceModel::load(path);
  const SourceModel cleaning = SourceModel::load_for_cleaning(path);
  model.drop_rare_counts();
  EXPECT_LT(cleaning.entries(), full.entries());
  EXPECT_EQ(cleaning.entries(), model.entries());
  const TemplatePrints rare = prints({{300, {8}}});
  for (const SourceModel* m : {&cleaning, static_cast<const SourceModel*>(&model)}) {
    // 100 in 4 documents, 200 in 3: kept; shingles 1, 2, 5 recur, 7 does not. A hash of
    // one source keeps only that source, not its document count.
    expect_evidence(m->evidence("a.com", footer, 0, 3), 4, 4, 1.0f, 0, 0);
    expect_evidence(m->evidence("a.com", footer, 1, 3), 4, 3, 1.0f, 0, 0);
    // 300 once: gone from the per-source counts, still known to be a.com's alone ...
    expect_evidence(m->evidence("a.com", rare, 0, 3), 4, 0, 0.0f, 0, 0);
    // ... so to another source it is held elsewhere.
    expect_evidence(m->evidence("b.com", rare, 0, 3), 0, 0, 0.0f, 1, 0);
  }
  expect_evidence(full.evidence("a.com", rare, 0, 3), 4, 1, 0.0f, 0, 1);
  expect_evidence(full.evidence("b.com", rare, 0, 3), 0, 0, 0.0f, 1, 1);
}

// Hashes several sources hold keep their holders and counts in a cleaning model.
TEST(SourceModel, ACleaningModelKeepsSharedHashesWhole) {
  const SourceModel model = model_of({{"a.com", 1}, {"b.com", 2}, {"c.com", 3}, {"a.com", 4}});
  TempDir dir;
  model.save(dir.path() + "/model");
  const SourceModel cleaning = SourceModel::load_for_cleaning(dir.path() + "/model");
  const TemplatePrints shared = prints_of({"a.com", 1});
  for (const SourceModel* m : {&model, &cleaning}) {
    // Paragraph 1 is in every document: three sources, four documents.
    EXPECT_EQ(m->evidence("a.com", shared, 0).other_sources, 2u);
    EXPECT_EQ(m->evidence("a.com", shared, 0).all_documents, 4u);
    EXPECT_EQ(m->evidence("d.com", shared, 0).other_sources, 3u);
    EXPECT_EQ(m->evidence("d.com", shared, 0).all_documents, 4u);
  }
  // The per-source paragraph of a.com: its own to a.com, another's to b.com.
  EXPECT_EQ(cleaning.evidence("a.com", shared, 1, 3).other_sources, 0u);
  EXPECT_EQ(cleaning.evidence("b.com", shared, 1, 3).other_sources, 1u);
  EXPECT_LT(cleaning.memory_bytes(), model.memory_bytes());
}

TEST(SourceModel, AHashRepeatedInOneDocumentCountsOnce) {
  SourceModel model;
  const TemplatePrints doubled = prints({{100, {1, 1, 2}}, {100, {1, 2}}});
  model.add_document("a.com", doubled);
  expect_evidence(model.evidence("a.com", doubled, 0), 1, 1, 0.0f, 0, 1);
  model.add_document("a.com", doubled);
  expect_evidence(model.evidence("a.com", doubled, 0), 2, 2, 1.0f, 0, 2);
}

TEST(SourceModel, BlankParagraphsAreNoTemplate) {
  SourceModel model;
  TemplatePrints blank = prints({{100, {}}});
  blank.paragraphs[0].words = 0;
  model.add_document("a.com", blank);
  model.add_document("a.com", blank);
  expect_evidence(model.evidence("a.com", blank, 0), 2, 0, 0.0f, 0, 0);
}

TEST(SourceModel, SourcesAreSeparate) {
  SourceModel model;
  const TemplatePrints doc = prints({{100, {1, 2}}});
  model.add_document("a.com", doc);
  model.add_document("a.com", doc);
  model.add_document("b.com", prints({{999, {1, 2}}}));
  expect_evidence(model.evidence("b.com", doc, 0), 1, 0, 0.0f, 1, 2);
  expect_evidence(model.evidence("a.com", doc, 0), 2, 2, 1.0f, 0, 2);
}

TEST(SourceModel, CrossSourceSetSaturatesAtEightInAnyOrder) {
  std::vector<std::string> names;
  for (int i = 0; i < 12; ++i) names.push_back("source" + std::to_string(i) + ".com");
  SourceModel forward, backward;
  for (const std::string& name : names) forward.add_document(name, prints({{7, {}}}));
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    backward.add_document(*it, prints({{7, {}}}));
  }
  EXPECT_EQ(bytes_of(forward), bytes_of(backward));

  const TemplatePrints doc = prints({{7, {}}});
  EXPECT_EQ(forward.evidence("elsewhere.com", doc, 0).other_sources, 8u);
  EXPECT_EQ(forward.evidence("elsewhere.com", doc, 0).all_documents, 12u);
  int kept = 0;  // the 8 sources with the smallest ids see 7 others, the rest 8
  for (const std::string& name : names) {
    const uint32_t others = forward.evidence(name, doc, 0).other_sources;
    EXPECT_TRUE(others == 7 || others == 8) << others;
    kept += others == 7;
  }
  EXPECT_EQ(kept, 8);
}

TEST(SourceModel, MergeIsCommutativeAndAssociative) {
  const SourceModel a0 = model_of({{"a.com", 1}, {"b.com", 2}, {"a.com", 3}});
  const SourceModel b0 =
      model_of({{"b.com", 4}, {"c.com", 5}, {"d.com", 6}, {"e.com", 7}, {"f.com", 8}});
  const SourceModel c0 = model_of(
      {{"g.com", 9}, {"h.com", 9}, {"i.com", 9}, {"j.com", 9}, {"a.com", 3}, {"k.com", 10}});
  const auto copy = [](const SourceModel& m) {
    SourceModel out(m.seed(), m.shingle_words());
    out.merge(m);
    return out;
  };

  SourceModel ab = copy(a0), ba = copy(b0);
  ab.merge(b0);
  ba.merge(a0);
  EXPECT_EQ(bytes_of(ab), bytes_of(ba));

  SourceModel ab_c = copy(ab), bc = copy(b0), a_bc = copy(a0);
  ab_c.merge(c0);
  bc.merge(c0);
  a_bc.merge(bc);
  EXPECT_EQ(bytes_of(ab_c), bytes_of(a_bc));
  EXPECT_EQ(ab_c.documents(), 14u);
  // The shared paragraph now spans 11 sources: the cross-source set saturated.
  EXPECT_EQ(ab_c.evidence("zzz.com", prints({{1, {}}}), 0).other_sources, 8u);
  EXPECT_EQ(ab_c.evidence("a.com", prints({{1, {11, 12}}}), 0).paragraph_documents, 3u);
}

TEST(SourceModel, MergingEqualsLearningEverything) {
  SourceModel merged = model_of({{"a.com", 1}, {"b.com", 2}});
  merged.merge(model_of({{"b.com", 3}, {"c.com", 1}}));
  EXPECT_EQ(bytes_of(merged),
            bytes_of(model_of({{"c.com", 1}, {"b.com", 3}, {"a.com", 1}, {"b.com", 2}})));
}

TEST(SourceModel, MergingIntoItselfDoublesCounts) {
  SourceModel model = model_of({{"a.com", 1}, {"b.com", 2}});
  model.merge(model);
  EXPECT_EQ(bytes_of(model),
            bytes_of(model_of({{"a.com", 1}, {"b.com", 2}, {"a.com", 1}, {"b.com", 2}})));
}

TEST(SourceModel, MergeRefusesAnotherSeedOrShingleLength) {
  SourceModel model(1, 3);
  EXPECT_THROW(model.merge(SourceModel(2, 3)), ModelError);
  EXPECT_THROW(model.merge(SourceModel(1, 5)), ModelError);
  EXPECT_NO_THROW(model.merge(SourceModel(1, 3)));
}

TEST(SourceModel, SaveAndLoadRoundTrip) {
  TempDir dir;
  const std::string path = dir.path() + "/model.wnm";
  SourceModel model(42, 5);
  const TemplatePrints footer = prints({{100, {1, 2, 3}}, {200, {4}}});
  model.add_document("a.com", footer);
  model.add_document("a.com", prints({{100, {1, 2, 9}}}));
  model.add_document("b.com", footer);
  model.add_document("", prints({{300, {}}}));
  model.save(path);

  const SourceModel loaded = SourceModel::load(path);
  EXPECT_EQ(loaded.seed(), 42u);
  EXPECT_EQ(loaded.shingle_words(), 5u);
  EXPECT_EQ(loaded.documents(), model.documents());
  EXPECT_EQ(loaded.sources(), 3u);
  EXPECT_EQ(loaded.entries(), model.entries());
  for (const std::string source : {"a.com", "b.com", "", "c.com"}) {
    for (size_t i = 0; i < footer.paragraphs.size(); ++i) {
      const RepetitionEvidence want = model.evidence(source, footer, i);
      const RepetitionEvidence got = loaded.evidence(source, footer, i);
      expect_evidence(got, want.source_documents, want.paragraph_documents,
                      want.shingle_recurrence, want.other_sources, want.all_documents);
    }
  }
  const std::vector<SourceSummary> summaries = loaded.source_summaries();
  ASSERT_EQ(summaries.size(), 3u);
  EXPECT_EQ(summaries[0].name, "");
  EXPECT_EQ(summaries[1].name, "a.com");
  EXPECT_EQ(summaries[1].documents, 2u);
  EXPECT_EQ(bytes_of(loaded), read_file(path));
}

TEST(SourceModel, SavedBytesStartWithMagicAndVersion) {
  const std::string bytes = bytes_of(SourceModel());
  ASSERT_GE(bytes.size(), 64u);
  EXPECT_EQ(bytes.substr(0, 12), std::string("WNWMODEL\x01\0\0\0", 12));
  EXPECT_EQ(bytes.size(), 64u);  // header and checksum: an empty model
}

TEST(SourceModel, LoadRejectsACorruptByte) {
  TempDir dir;
  std::string bytes = bytes_of(model_of({{"a.com", 1}, {"b.com", 2}}));
  bytes[bytes.size() / 2] ^= 0x40;
  const std::string path = dir.write("model", bytes);
  EXPECT_EQ(expect_load_error(path), path + ": checksum mismatch: file is corrupt");
}

TEST(SourceModel, LoadRejectsATruncatedFile) {
  TempDir dir;
  const std::string bytes = bytes_of(model_of({{"a.com", 1}, {"b.com", 2}}));
  const std::string path = dir.write("model", bytes.substr(0, bytes.size() - 5));
  EXPECT_EQ(expect_load_error(path), path + ": truncated");
  const std::string header_only = dir.write("header", bytes.substr(0, 20));
  EXPECT_EQ(expect_load_error(header_only), header_only + ": truncated");
}

TEST(SourceModel, LoadRejectsOtherFiles) {
  TempDir dir;
  const std::string text = dir.write("notes.txt", "hello, this is not a model at all\n");
  EXPECT_EQ(expect_load_error(text), text + ": not a winnow model file");
  const std::string empty = dir.write("empty", "");
  EXPECT_EQ(expect_load_error(empty), empty + ": not a winnow model file");
  const std::string missing = dir.path() + "/missing";
  EXPECT_EQ(expect_load_error(missing), missing + ": No such file or directory");
  EXPECT_EQ(expect_load_error(dir.path()), dir.path() + ": is a directory");
}

TEST(SourceModel, LoadRejectsAnotherFormatVersion) {
  TempDir dir;
  std::string bytes = bytes_of(model_of({{"a.com", 1}}));
  bytes[8] = 2;
  const std::string path = dir.write("model", bytes);
  EXPECT_EQ(expect_load_error(path),
            path + ": model format version 2; this winnow reads version 1");
}

TEST(SourceModel, LoadNeverCrashesOnDamagedFiles) {
  TempDir dir;
  const std::string bytes = bytes_of(model_of({{"a.com", 1}, {"b.com", 2}, {"a.com", 3}}));
  const std::string path = dir.path() + "/model";
  for (size_t length = 0; length < bytes.size(); ++length) {
    dir.write("model", bytes.substr(0, length));
    EXPECT_THROW(SourceModel::load(path), ModelError) << "length " << length;
  }
  for (size_t at = 0; at < bytes.size(); ++at) {
    std::string damaged = bytes;
    damaged[at] ^= 0x01;
    dir.write("model", damaged);
    EXPECT_THROW(SourceModel::load(path), ModelError) << "byte " << at;
  }
}

// A crafted file passes the checksum, so every length and count must be checked as read.
TEST(SourceModel, LoadChecksEveryFieldOfAFileWithAValidChecksum) {
  TempDir dir;
  const std::string bytes = bytes_of(model_of({{"a.com", 1}, {"b.com", 2}, {"a.com", 3}}));
  const std::string path = dir.path() + "/model";
  const auto write_resealed = [&](std::string damaged) {
    const uint64_t sum = XXH3_64bits(damaged.data(), damaged.size() - 8);
    for (int i = 0; i < 8; ++i) damaged[damaged.size() - 8 + i] = static_cast<char>(sum >> (8 * i));
    dir.write("model", damaged);
  };
  size_t refused = 0;
  for (size_t at = 12; at + 8 < bytes.size(); ++at) {
    for (const unsigned char flip : {0x01, 0x80, 0xFF}) {
      std::string damaged = bytes;
      damaged[at] = static_cast<char>(damaged[at] ^ flip);
      write_resealed(damaged);
      try {
        SourceModel::load(path);  // a changed count or id may still be a valid model
      } catch (const ModelError&) {
        ++refused;
      }
    }
  }
  EXPECT_GT(refused, 0u);
  std::string bad_count = bytes;
  bad_count[32] = 100;  // sources
  write_resealed(bad_count);
  EXPECT_EQ(expect_load_error(path), path + ": truncated");
  // A huge cross-source count behind no counters is refused before any room is made.
  std::string no_counters = bytes_of(SourceModel());
  no_counters[48 + 5] = 0x40;  // 2^46 entries
  write_resealed(no_counters);
  EXPECT_EQ(expect_load_error(path), path + ": truncated");
  EXPECT_THROW(SourceModel::load_for_cleaning(path), ModelError);
}

TEST(SourceModel, SaveReplacesTheFileAtomically) {
  TempDir dir;
  const std::string path = dir.write("model", "the old contents");
  const SourceModel model = model_of({{"a.com", 1}});
  model.save(path);
  EXPECT_EQ(SourceModel::load(path).documents(), 1u);
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "model");
  }
  EXPECT_EQ(files, 1u);  // no temporary file left behind
}

TEST(SourceModel, SaveFailureNamesTheFile) {
  TempDir dir;
  const std::string path = dir.path() + "/no-such-dir/model";
  try {
    model_of({{"a.com", 1}}).save(path);
    ADD_FAILURE() << "saved into a missing directory";
  } catch (const ModelError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
  }
}

TEST(SourceModel, LoadedModelKeepsLearning) {
  TempDir dir;
  const std::string path = dir.path() + "/model";
  model_of({{"a.com", 1}, {"b.com", 2}}).save(path);
  SourceModel loaded = SourceModel::load(path);
  loaded.add_document("c.com", prints_of({"c.com", 3}));
  EXPECT_EQ(bytes_of(loaded), bytes_of(model_of({{"a.com", 1}, {"b.com", 2}, {"c.com", 3}})));
}

// A model learned in runs, spilled as they fill, merges into the bytes of the model
// learned in one piece, and into the same cleaning model.
TEST(ModelRuns, MergeIntoTheModelLearnedInOnePiece) {
  const std::initializer_list<Doc> docs = {{"a.com", 1}, {"b.com", 2}, {"a.com", 3}, {"c.com", 1},
                                           {"d.com", 9}, {"e.com", 9}, {"f.com", 9}, {"g.com", 9},
                                           {"h.com", 9}, {"i.com", 9}, {"j.com", 9}, {"a.com", 1}};
  const SourceModel whole = model_of(docs);
  TempDir dir;
  {
    ModelRuns runs(dir.path());
    SourceModel piece;
    size_t added = 0;
    for (const Doc& doc : docs) {
      piece.add_document(doc.source, prints_of(doc));
      if (++added % 5 == 0) runs.spill(piece);  // and it comes back empty
    }
    EXPECT_EQ(piece.documents(), 2u);
    runs.spill(piece);
    EXPECT_EQ(runs.size(), 3u);
    runs.save_merged(dir.path() + "/merged");
    EXPECT_EQ(read_file(dir.path() + "/merged"), bytes_of(whole));
    EXPECT_EQ(SourceModel::summary_of(dir.path() + "/merged").documents, 12u);
    EXPECT_EQ(SourceModel::summary_of(dir.path() + "/merged").sources, 10u);

    const SourceModel cleaning = runs.merged_for_cleaning();
    whole.save(dir.path() + "/whole");
    const SourceModel expected = SourceModel::load_for_cleaning(dir.path() + "/whole");
    EXPECT_EQ(cleaning.entries(), expected.entries());
    for (const Doc& doc : docs) {
      for (size_t i = 0; i < 3; ++i) {
        const RepetitionEvidence got = cleaning.evidence(doc.source, prints_of(doc), i, 3);
        const RepetitionEvidence want = expected.evidence(doc.source, prints_of(doc), i, 3);
        EXPECT_EQ(got.paragraph_documents, want.paragraph_documents);
        EXPECT_EQ(got.other_sources, want.other_sources);
        EXPECT_EQ(got.all_documents, want.all_documents);
        EXPECT_EQ(got.shingle_recurrence, want.shingle_recurrence);
      }
    }
  }
  // The runs and their directory are gone with the runs.
  size_t left = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) left += entry.is_directory();
  EXPECT_EQ(left, 0u);
}

TEST(ModelRuns, ADamagedRunIsNamed) {
  TempDir dir;
  ModelRuns runs(dir.path());
  SourceModel piece = model_of({{"a.com", 1}});
  runs.spill(piece);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file()) std::filesystem::resize_file(entry.path(), 20);
  }
  try {
    runs.save_merged(dir.path() + "/merged");
    ADD_FAILURE() << "merged a damaged run";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("run-0.model: "), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/merged"));
}

TEST(ModelRuns, AnUnusableDirectoryIsNamed) {
  try {
    ModelRuns runs("/nonexistent/winnow-test");
    ADD_FAILURE() << "made runs under a missing directory";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/winnow-test: "), std::string::npos) << e.what();
  }
}

TEST(SourceModel, ManyEntriesSurviveGrowthAndRoundTrip) {
  SourceModel model;
  for (uint64_t doc = 0; doc < 2000; ++doc) {
    model.add_document(doc % 2 ? "odd.com" : "even.com",
                       prints({{doc % 50, {doc, doc + 1, doc + 2}}, {1'000'000 + doc, {}}}));
  }
  EXPECT_EQ(model.documents(), 2000u);
  // 7 is in documents 7, 57, 107, ... of odd.com: 40 of them. Shingles 101 and 103 are
  // each in two odd documents (99 and 101, 101 and 103), 100 in one (99).
  const TemplatePrints probe = prints({{7, {101, 103, 100}}});
  expect_evidence(model.evidence("odd.com", probe, 0), 1000, 40, 2.0f / 3, 0, 40);
  TempDir dir;
  model.save(dir.path() + "/m");
  const SourceModel loaded = SourceModel::load(dir.path() + "/m");
  expect_evidence(loaded.evidence("odd.com", probe, 0), 1000, 40, 2.0f / 3, 0, 40);
  EXPECT_EQ(loaded.entries(), model.entries());
  // Loaded tables are 80% full: 15 bytes a counter, 30 a cross-source entry (here one
  // in three entries, where real text has one template per ~50 shingles).
  EXPECT_LE(loaded.memory_bytes(), loaded.entries() * 20);
  // Grown by inserts or sized when loaded, the same counts plan the same room.
  EXPECT_EQ(loaded.planned_bytes(), model.planned_bytes());
  EXPECT_NE(loaded.memory_bytes(), model.memory_bytes());
  // Every key held is found and every other is not, in tables grown or loaded: lookups of
  // missing keys stop early in the ordered clusters.
  for (const SourceModel* m : {static_cast<const SourceModel*>(&model), &loaded}) {
    for (uint64_t hash = 0; hash < 100; ++hash) {
      const RepetitionEvidence e = m->evidence("even.com", prints({{hash, {}}}), 0);
      EXPECT_EQ(e.paragraph_documents, hash < 50 && hash % 2 == 0 ? 40u : 0u) << hash;
    }
    for (uint64_t doc = 0; doc < 2000; doc += 7) {
      const RepetitionEvidence e = m->evidence(doc % 2 ? "odd.com" : "even.com", prints({{1'000'000 + doc, {}}}), 0);
      EXPECT_EQ(e.paragraph_documents, 1u) << doc;
    }
  }
}

}  // namespace
}  // namespace winnow
