// `winnow dups`: the relations found, as one JSON line per related pair of records, or as
// the clusters of copies they form.
#pragma once
#include <string>
#include <vector>

#include "winnow/duplicate_marker.hpp"
#include "winnow/output_file.hpp"

namespace winnow {

class PairWriter : public RelationSink {
 public:
  PairWriter(OutputFile& out, bool clusters) : out_(out), clusters_(clusters) {}

  // Pair lines: {"a", "b", "kind", "similarity", "passages": [{a_start, a_end, b_start,
  // b_end}]}, a indexed before b, offsets into each record's cleaned text.
  void related(uint32_t record, const Relation& relation, DuplicateIndex& index) override;
  // Writes what is buffered; with clusters, one line per cluster of exact and near copies
  // that holds a record numbered `first_new` or later (this run's records), of the records the
  // index still holds (DuplicateIndex::first()).
  void finish(DuplicateIndex& index, uint32_t first_new);

 private:
  void write_pair(DuplicateIndex& index, uint32_t a, uint32_t b, DupKind kind, double similarity,
                  const std::vector<PassageMatch>& passages, uint32_t only_other);
  void write_clusters(DuplicateIndex& index, uint32_t first_new);
  void flush_when_full();

  OutputFile& out_;
  bool clusters_;
  std::string buffer_;
};

}  // namespace winnow
