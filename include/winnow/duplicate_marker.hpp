// The duplicate stage of `winnow clean`: runs on the consuming thread, in input order, so
// which record is "earlier" never depends on the thread count.
#pragma once
#include <string>

#include "winnow/batch.hpp"
#include "winnow/duplicate_index.hpp"

namespace winnow {

enum class DupAction {
  flag,  // add the findings to the record
  drop   // exact and near copies move to Batch::dropped; passage reuse is only flagged
};

class DuplicateMarker {
 public:
  DuplicateMarker(const DuplicateOptions& options, DupAction action) : index_(options), action_(action) {}

  // Relates each sketched record of the batch to every record before it and writes what
  // it found into the record's line: winnow.dup_of, kind, similarity, passages.
  void mark(Batch& batch);

  const DuplicateIndex& index() const { return index_; }

 private:
  void append_findings(std::string& out, const SketchedRecord& record) const;

  DuplicateIndex index_;
  DupAction action_;
  Relation relation_;
  std::string rebuilt_;
};

}  // namespace winnow
