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

// Hears of every relation found, in input order, once the record has joined the index.
class RelationSink {
 public:
  virtual ~RelationSink() = default;
  virtual void related(uint32_t record, const Relation& relation, DuplicateIndex& index) = 0;
};

class DuplicateMarker {
 public:
  // `index` may hold the records of earlier runs (--index).
  DuplicateMarker(DuplicateIndex index, DupAction action, RelationSink* sink = nullptr)
      : index_(std::move(index)), action_(action), sink_(sink) {}

  // Relates each sketched record of the batch to every record before it and writes what
  // it found into the record's line: winnow.dup_of, kind, similarity, passages.
  void mark(Batch& batch);

  DuplicateIndex& index() { return index_; }

 private:
  void append_findings(std::string& out, const SketchedRecord& record) const;

  DuplicateIndex index_;
  DupAction action_;
  RelationSink* sink_;
  Relation relation_;
  std::string rebuilt_;
};

}  // namespace winnow
