#include "winnow/batch_writer.hpp"

namespace winnow {

bool BatchWriter::consume(Batch& batch) {
  warnings_.print(batch.warnings, batch.warning_count);
  out_.write(batch.output);
  if (rejects_ != nullptr) rejects_->write(batch.rejects);
  batch.stats.bytes_out = batch.output.size();
  stats_.add(batch.stats);
  if (batch.stop) {
    stop_message_ = batch.stop_message;
    return false;
  }
  return true;
}

}  // namespace winnow
