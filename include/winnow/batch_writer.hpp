// The consuming end of `winnow clean`: cleaned batches go out in input order.
#pragma once
#include <string>

#include "winnow/batch.hpp"
#include "winnow/output_file.hpp"
#include "winnow/run_stats.hpp"
#include "winnow/warning_printer.hpp"

namespace winnow {

// Prints a batch's warnings, writes its output and rejects, and sums its counters.
class BatchWriter {
 public:
  BatchWriter(WarningPrinter& warnings, OutputFile& out, OutputFile* rejects)
      : warnings_(warnings), out_(out), rejects_(rejects) {}

  // False when the batch stopped at a bad record (--on-error fail): nothing may follow.
  bool consume(Batch& batch);

  const RunStats& stats() const { return stats_; }
  const std::string& stop_message() const { return stop_message_; }

 private:
  WarningPrinter& warnings_;
  OutputFile& out_;
  OutputFile* rejects_;
  RunStats stats_;
  std::string stop_message_;
};

}  // namespace winnow
