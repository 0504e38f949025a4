#include "winnow/batch_writer.hpp"

#include "winnow/output_file.hpp"

namespace winnow {

bool BatchWriter::consume(Batch& batch) {
  warnings_.print(batch.warnings, batch.warning_count);
  out_.write(batch.output);
  if (rejects_ != nullptr) {
    try {
      rejects_->write(batch.rejects);
    } catch (const OutputClosed&) {
      // Only the main output's reader may end a run quietly; losing rejects is an error.
      throw OutputError(rejects_->path() + ": the reader went away; bad records would be lost");
    }
  }
  batch.stats.bytes_out = batch.output.size();
  stats_.add(batch.stats);
  if (batch.stop) {
    stop_message_ = batch.stop_message;
    return false;
  }
  return true;
}

}  // namespace winnow
