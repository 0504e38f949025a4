// The records seen so far (the most recent, within a memory budget), as the duplicate
// detector needs them: exact content hashes, LSH bands, passage fingerprints and the word
// hashes that matches are extended over.
// Records are added in input order, so "earlier" and the canonical record are well defined.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/content_sketch.hpp"
#include "winnow/key_chains.hpp"
#include "winnow/news_date.hpp"
#include "winnow/posting_table.hpp"
#include "winnow/word_store.hpp"

namespace winnow {

enum class DupKind : uint8_t { exact, near, passage };
const char* dup_kind_name(DupKind kind);

struct PassageMatch {
  TextSpan here;        // bytes of the new record's output text
  uint32_t other = 0;   // the earlier record
  TextSpan there;       // bytes of the earlier record's output text
  uint32_t words = 0;
};

struct Relation {
  DupKind kind = DupKind::passage;
  uint32_t canonical = 0;   // earliest record of the cluster the match belongs to
  uint32_t match = 0;       // the record matched: exact copy, most similar, or longest passage
  bool earlier = false;     // exact/near, and dated before the canonical: it takes over
  double similarity = 0.0;  // exact: 1; near: max(Jaccard, containment); passage: share of words
  std::vector<PassageMatch> passages;
};

class DuplicateIndex {
 public:
  explicit DuplicateIndex(const DuplicateOptions& options);

  // How the new record relates to the records added so far; false when it does not.
  bool find(const ContentSketch& sketch, std::string_view source, Relation& out);
  // Records are numbered in 32 bits, forgotten ones included: an index takes this many.
  static constexpr uint32_t kMaxRecords = UINT32_MAX;
  // Adds the record; `related` is what find() returned for it, or null. Throws
  // std::length_error once kMaxRecords were added.
  void add(const ContentSketch& sketch, std::string_view id, std::string_view source,
           const Relation* related, int64_t date = kNoDate);

  // Past `bytes` (0: no bound), the oldest records lose what near-duplicate and passage
  // matching compare (their words, LSH bands and passage fingerprints), a quarter of it at
  // a time; they are still found as exact copies. News copies cluster in time, so the
  // records kept are the ones later copies match. Should the records themselves (ids,
  // exact hashes) pass half of `bytes`, find() first forgets the oldest quarter of them.
  void set_memory_budget(size_t bytes) { budget_ = bytes; }
  // Records before it are matched as exact copies only.
  uint32_t horizon() const { return horizon_; }
  // Records before it are forgotten. Records keep the numbers they were added with.
  uint32_t first() const { return first_; }

  // Of records from first() on.
  std::string_view id(uint32_t record) const;
  int64_t date(uint32_t record) const { return at(record).date; }
  uint32_t words(uint32_t record) const { return at(record).words.count; }
  uint32_t canonical(uint32_t record);  // of its cluster now
  size_t records() const { return first_ + records_.size(); }  // ever added
  const DuplicateOptions& options() const { return options_; }

  struct Footprint {  // bytes held, by part
    size_t records, ids, exact, bands, prints, words;
    size_t total() const { return records + ids + exact + bands + prints + words; }
  };
  Footprint footprint() const;
  size_t memory_bytes() const { return footprint().total(); }
  size_t live_bytes() const;  // what the tables hold, without room reserved
  size_t fingerprints() const { return prints_.size(); }

  // A versioned, checksummed file written under a temporary name and renamed (format:
  // src/duplicate_index_file.cpp). Throws StateFileError("<path>: reason").
  void save(const std::string& path);
  // Throws StateFileError naming the file and the reason, among them options that differ
  // from the ones the index was built with.
  static DuplicateIndex load(const std::string& path, const DuplicateOptions& options);
  // The same, taking the options the file was built with.
  static DuplicateIndex load(const std::string& path);

 private:
  struct Record {
    uint64_t id_offset;
    uint32_t id_length;
    uint32_t source;     // interned
    StoredWords words;   // only the count is left once the record is past the horizon
    uint32_t canonical;  // a record of the same cluster, the canonical once followed
    int64_t date;
    uint64_t exact;      // ContentSketch::exact, which verifies copies of evicted records
    TextSpan content;    // from its first word to its last, in its output text
  };
  struct Run {
    uint32_t other, here_word, there_word, length;
  };
  // What the fingerprints say of an earlier record before its shingles are compared.
  struct Candidate {
    uint32_t doc;
    uint32_t band_hits;
    uint32_t run_words;  // words of the runs shared with it
    double evidence;     // how strongly both say it is a copy, for ranking
  };

  uint32_t intern_source(std::string_view source);
  uint32_t lookup_source(std::string_view source) const;
  bool comparable(uint32_t record, uint32_t source) const;
  bool same_content(uint32_t record, const ContentSketch& sketch) const;
  void bound_memory();
  void find_runs(const ContentSketch& sketch, uint32_t source);
  bool find_exact(const ContentSketch& sketch, uint32_t source, Relation& out);
  bool extend(const ContentSketch& sketch, uint32_t here, uint32_t other, uint32_t there);
  void find_candidates(const ContentSketch& sketch, uint32_t source);
  double best_near(const ContentSketch& sketch, uint32_t& best);
  void short_shingles(std::span<const uint16_t> words, std::vector<uint64_t>& out);
  TextSpan cover(uint32_t record, uint32_t first, uint32_t count) const {
    return words_.cover(at(record).words, first, count);
  }
  Record& at(uint32_t record) { return records_[record - first_]; }
  const Record& at(uint32_t record) const { return records_[record - first_]; }
  size_t record_bytes() const;  // what records take that eviction of words leaves
  void evict_before(uint32_t record);
  void forget_before(uint32_t record);
  friend class IndexFile;
  void collect_passages(const ContentSketch& sketch, uint32_t only_other, Relation& out);

  DuplicateOptions options_;
  unsigned passage_gram_words_;
  size_t budget_ = 0;
  uint32_t horizon_ = 0;
  uint32_t first_ = 0;
  uint64_t ids_base_ = 0;  // id offset of records_[0]
  std::vector<Record> records_;
  std::string ids_;
  WordStore words_;
  std::vector<std::string> sources_;
  KeyChains source_lookup_;  // hash of a source name -> its interned number
  PostingTable<DocPosting> exact_;
  PostingTable<DocPosting> bands_;
  PostingTable<WordPosting> prints_{/*filtered=*/true};
  // Scratch of one find().
  std::vector<Run> runs_;
  std::vector<Candidate> candidates_;
  std::vector<uint16_t> here_words_;
  std::vector<uint32_t> widened_;
  std::vector<uint64_t> here_shingles_, other_shingles_;
};

}  // namespace winnow
