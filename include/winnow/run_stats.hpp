// Counters of a run; each worker keeps its own and the writer sums them, so nothing is shared.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "winnow/label.hpp"
#include "winnow/record_error.hpp"

namespace winnow {

struct RunStats {
  uint64_t records_in = 0;
  uint64_t records_out = 0;
  uint64_t rejected = 0;      // bad records sent only to --rejects (--on-error skip)
  uint64_t dropped = 0;       // duplicates written to the dropped file
  uint64_t unchanged_on_error = 0;  // bad records passed through as they were
  uint64_t blank_lines = 0;   // empty JSONL lines, copied through, not records
  uint64_t skipped_warc_records = 0;  // WARC records that are not documents (warcinfo, ...)
  uint64_t bytes_in = 0;      // decompressed input bytes
  uint64_t compressed_bytes_in = 0;
  uint64_t bytes_out = 0;
  uint64_t paragraphs = 0;
  uint64_t paragraphs_kept = 0;
  uint64_t invalid_utf8 = 0;  // invalid sequences seen in text that was still cleaned
  uint64_t input_failures = 0;  // files that could not be read to the end
  uint64_t records_changed = 0;  // records whose text was rewritten
  std::array<uint64_t, kRecordErrorKinds> errors{};
  std::array<uint64_t, kLabelCount> removed{};  // paragraphs removed, by label
  std::array<uint64_t, 3> duplicates{};  // related records by DupKind: exact, near, passage
  uint64_t index_records = 0;  // records the duplicate index holds at the end of the run
  uint64_t index_bytes = 0;    // its memory
  uint64_t index_exact_only = 0;  // of those, the oldest, past --max-memory: exact copies only
  uint64_t index_forgotten = 0;   // older still, forgotten whole past --max-memory
  uint64_t model_forgotten = 0;   // entries a model learned while streaming forgot, past --max-memory

  void add(const RunStats& other);
  uint64_t error_total() const;
  void count_error(RecordError e) { ++errors[static_cast<size_t>(e)]; }
  void count_removed(Label l) { ++removed[static_cast<size_t>(l)]; }
  // The --stats summary as one JSON object.
  std::string to_json(double wall_seconds) const;
};

}  // namespace winnow
