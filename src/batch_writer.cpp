#include "winnow/batch_writer.hpp"

#include "winnow/duplicate_marker.hpp"
#include "winnow/output_file.hpp"

namespace winnow {
namespace {

// Only the main output's reader may end a run quietly; losing records is an error.
void write_side_file(OutputFile* file, const std::string& bytes, const char* what) {
  if (file == nullptr) return;
  try {
    file->write(bytes);
  } catch (const OutputClosed&) {
    throw OutputError(file->path() + ": the reader went away; " + what + " would be lost");
  }
}

}  // namespace

bool BatchWriter::consume(Batch& batch) {
  if (duplicates_ != nullptr) duplicates_->mark(batch);
  warnings_.print(batch.warnings, batch.warning_count);
  if (out_ != nullptr) out_->write(batch.output);
  write_side_file(rejects_, batch.rejects, "bad records");
  write_side_file(dropped_, batch.dropped, "dropped duplicates");
  batch.stats.bytes_out = batch.output.size();
  stats_.add(batch.stats);
  if (batch.stop) {
    stop_message_ = batch.stop_message;
    return false;
  }
  return true;
}

}  // namespace winnow
