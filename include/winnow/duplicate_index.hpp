// Every record seen so far, as the duplicate detector needs it: exact content hashes, LSH
// bands, passage fingerprints and the word hashes that matches are extended over.
// Records are added in input order, so "earlier" and the canonical record are well defined.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/content_sketch.hpp"
#include "winnow/key_chains.hpp"

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
  double similarity = 0.0;  // exact: 1; near: max(Jaccard, containment); passage: share of words
  std::vector<PassageMatch> passages;
};

class DuplicateIndex {
 public:
  explicit DuplicateIndex(const DuplicateOptions& options);

  // How the new record relates to the records added so far; false when it does not.
  bool find(const ContentSketch& sketch, std::string_view source, Relation& out);
  // Adds the record; `related` is what find() returned for it, or null.
  void add(const ContentSketch& sketch, std::string_view id, std::string_view source,
           const Relation* related);

  std::string_view id(uint32_t record) const;
  size_t records() const { return records_.size(); }
  size_t memory_bytes() const;

 private:
  struct Record {
    uint64_t id_offset;
    uint32_t id_length;
    uint32_t source;      // interned
    uint64_t first_word;  // into words_ and spans_
    uint32_t word_count;
    uint32_t canonical;
  };
  struct Run {
    uint32_t other, here_word, there_word, length;
  };

  uint32_t intern_source(std::string_view source);
  uint32_t lookup_source(std::string_view source) const;
  bool comparable(uint32_t record, uint32_t source) const;
  void find_runs(const ContentSketch& sketch, uint32_t source);
  bool extend(const ContentSketch& sketch, uint32_t here, uint32_t other, uint32_t there);
  void find_candidates(const ContentSketch& sketch, uint32_t source);
  double best_near(const ContentSketch& sketch, uint32_t& best);
  void collect_passages(const ContentSketch& sketch, uint32_t only_other, Relation& out) const;

  DuplicateOptions options_;
  unsigned passage_gram_words_;
  std::vector<Record> records_;
  std::string ids_;
  std::vector<uint32_t> words_;
  std::vector<TextSpan> spans_;
  std::vector<std::string> sources_;
  KeyChains source_lookup_;  // hash of a source name -> its interned number
  KeyChains exact_;
  KeyChains bands_;
  KeyChains prints_;
  // Scratch of one find().
  std::vector<Run> runs_;
  std::vector<uint32_t> candidates_;
  std::vector<uint64_t> other_shingles_;
};

}  // namespace winnow
