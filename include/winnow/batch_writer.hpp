// The consuming end of `winnow clean`: cleaned batches go out in input order.
#pragma once
#include <string>

#include "winnow/batch.hpp"
#include "winnow/output_file.hpp"
#include "winnow/run_stats.hpp"
#include "winnow/warning_printer.hpp"

namespace winnow {

class DuplicateMarker;

// Prints a batch's warnings, writes its output, rejects and dropped duplicates, and sums
// its counters. Duplicates are marked here, on the one consuming thread, in input order.
class BatchWriter {
 public:
  // `out` may be null: records are then only counted (winnow dups).
  BatchWriter(WarningPrinter& warnings, OutputFile* out, OutputFile* rejects,
              DuplicateMarker* duplicates = nullptr, OutputFile* dropped = nullptr)
      : warnings_(warnings), out_(out), rejects_(rejects), duplicates_(duplicates), dropped_(dropped) {}

  // False when the batch stopped at a bad record (--on-error fail): nothing may follow.
  bool consume(Batch& batch);

  const RunStats& stats() const { return stats_; }
  const std::string& stop_message() const { return stop_message_; }

 private:
  WarningPrinter& warnings_;
  OutputFile* out_;
  OutputFile* rejects_;
  DuplicateMarker* duplicates_;
  OutputFile* dropped_;
  RunStats stats_;
  std::string stop_message_;
};

}  // namespace winnow
