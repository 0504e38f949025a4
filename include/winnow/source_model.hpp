// What recurs: paragraph counts per source and across sources, learned from a corpus.
// Counts add up, so models learned per shard or per day merge into the model of the whole.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/template_prints.hpp"

namespace winnow {

class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A model file that could not be written, as against one that could not be read.
class ModelWriteError : public ModelError {
 public:
  using ModelError::ModelError;
};

// How often a paragraph's template was seen, for the cleaner to weigh.
struct RepetitionEvidence {
  uint32_t source_documents = 0;   // documents learned from this paragraph's source
  uint32_t paragraph_documents = 0;// of those, documents holding this paragraph's template hash
  float shingle_recurrence = 0;    // share of its shingles seen in enough documents of the source
  uint32_t other_sources = 0;      // distinct other sources holding it (saturates at a small cap)
  uint32_t all_documents = 0;      // documents holding it, all sources together; a cleaning
                                   // model keeps it only where several sources hold it
};

struct ModelSummary {
  uint64_t documents = 0;
  uint64_t sources = 0;
  uint64_t entries = 0;  // counters and cross-source entries
};

struct SourceSummary {
  std::string name;
  uint32_t documents = 0;
};

// A paragraph is a template once this many documents of its source hold it (or more, for
// big sources).
inline constexpr uint32_t kMinTemplateDocuments = 3;

class SourceModel {
 public:
  SourceModel();  // seed 0, 3 shingle words: TemplateHasher's defaults
  // Counts are only comparable between prints hashed alike, so a model records how.
  SourceModel(uint64_t seed, unsigned shingle_words);
  ~SourceModel();
  SourceModel(SourceModel&&) noexcept;
  SourceModel& operator=(SourceModel&&) noexcept;

  // Counts each distinct template hash and shingle once per document. Not thread-safe
  // (reuses a buffer); the const members are.
  void add_document(std::string_view source, const TemplatePrints& prints);
  // Adds another model's counts; merge is associative and commutative. Throws ModelError
  // when the models were hashed with another seed or shingle length.
  void merge(const SourceModel& other);

  // shingle_recurrence counts shingles seen in at least `min_shingle_documents` documents.
  // Without `across_sources`, other_sources and all_documents stay 0: the caller may add
  // them later, and only where it needs them (the lookup is the costly one).
  RepetitionEvidence evidence(std::string_view source, const TemplatePrints& prints,
                              size_t paragraph, uint32_t min_shingle_documents = 2,
                              bool across_sources = true) const;
  void add_cross_evidence(std::string_view source, const TemplatePrints& prints, size_t paragraph,
                          RepetitionEvidence& evidence) const;
  uint32_t source_documents(std::string_view source) const;

  // A source looked up once for all the paragraphs of a record.
  struct SourceHandle {
    uint64_t id = 0;
    uint32_t documents = 0;
  };
  SourceHandle source(std::string_view name) const;
  // shingle_recurrence is exact from `min_recurrence` up; below it, lookups stop as soon as
  // the share cannot reach it, and the share of the shingles looked up so far is given, a
  // lower bound (most prose shows that in a fifth of its shingles, where a template
  // threshold is asked for).
  RepetitionEvidence evidence(const SourceHandle& source, const TemplatePrints& prints, size_t paragraph,
                              uint32_t min_shingle_documents = 2, bool across_sources = true,
                              float min_recurrence = 0) const;
  void add_cross_evidence(const SourceHandle& source, const TemplatePrints& prints, size_t paragraph,
                          RepetitionEvidence& evidence) const;

  uint64_t documents() const;
  uint64_t sources() const;
  uint64_t entries() const;  // stored counters, for stats and memory estimates
  size_t memory_bytes() const;  // of the tables, for stats
  // What memory_bytes() would be had the tables grown alike: the same for the same counts,
  // however they were learned (so budgets, and output, do not depend on -j).
  size_t planned_bytes() const;
  uint64_t seed() const;
  unsigned shingle_words() const;
  std::vector<SourceSummary> source_summaries() const;  // sorted by name

  // Versioned, checksummed file (format: src/source_model.cpp); written to a temporary
  // name and renamed. Throws ModelWriteError("<path>: reason") when it cannot be written.
  void save(const std::string& path) const;
  // Throws ModelError naming the file and the reason (not a model, other version, corrupt, truncated).
  static SourceModel load(const std::string& path);

  // For a model that will only clean: per-source counts below kMinTemplateDocuments can
  // never be evidence, and most counts are 1 (each article's own paragraphs), so leaving
  // them out shrinks the tables severalfold and keeps lookups in cache. Hashes only one
  // source holds keep just that source (by 32 bits of its id), in half the room. Such a
  // model must not be saved or merged: its counts would be lost.
  static SourceModel load_for_cleaning(const std::string& path);
  void drop_rare_counts();
  // Learning in bounded memory: forgets what fewer than `min_documents` documents hold
  // (per-source counts, hashes of one source, sources), which is most of a model: each
  // article's own paragraphs. What recurs stays. Returns the entries forgotten.
  uint64_t forget_rare(uint32_t min_documents);

  // Merges model files a record at a time, in the memory of one record per file: into a
  // model file, or into a model that will only clean (as load_for_cleaning). This is how
  // a model learned in runs (ModelRuns) comes together, and how `winnow merge` works.
  // Throws ModelError naming the file at fault, ModelWriteError when `output` fails.
  static void merge_files(const std::vector<std::string>& paths, const std::string& output);
  static SourceModel merge_files_for_cleaning(const std::vector<std::string>& paths);
  // Documents and sources of a model file, read from its sources alone.
  static ModelSummary summary_of(const std::string& path);

  struct Impl;  // defined in source_model.cpp only

 private:
  static SourceModel load_counts(const std::string& path, uint32_t min_count);
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow
