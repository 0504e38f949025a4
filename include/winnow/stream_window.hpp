// Learn-as-you-go cleaning for input that can be read only once (stdin, a pipe) when no
// model is given: repetition is learned from the stream itself while a bounded window of
// records is held back, so a record is judged with what follows it as well as what came before.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "winnow/batch.hpp"
#include "winnow/batch_writer.hpp"
#include "winnow/record_processor.hpp"
#include "winnow/source_model.hpp"

namespace winnow {

// Takes batches in input order, on one thread, and regroups their records into chunks of
// a fixed number of records. Each chunk is learned into one live model when it is full and
// held; the oldest held chunk is cleaned with the live model and written once at least
// `window` records follow it. So every record is cleaned with a model that has seen all
// records before it and at least `window` after it (or the rest of the input, where less
// remains). Chunks, unlike the reader's batches, do not depend on how reads happened to
// return, so the output depends on the input bytes alone.
// Memory: the held records (the window plus up to two chunks of window/16 records, 1 to
// 256) and the model, which forgets its rare entries (SourceModel::forget_rare) whenever
// it passes half of `model_budget`, so it stays within it but for a moment of growth.
class StreamWindow {
 public:
  // `options.cleaner.rules` must be set; the model the cleaner uses is the live one.
  // `file_names` must outlive the window. `window` is counted in records (input lines).
  // `seed` hashes the model; a `model_budget` of 0 leaves the model unbounded.
  StreamWindow(const ProcessorOptions& options, const std::vector<std::string>& file_names,
               size_t window, BatchWriter& writer, uint64_t seed = 0, size_t model_budget = 0);
  ~StreamWindow();
  StreamWindow(const StreamWindow&) = delete;
  StreamWindow& operator=(const StreamWindow&) = delete;

  // Copies the batch's records (the caller may reuse it at once), then learns, cleans and
  // writes what is due. False once the run stopped at a bad record (--on-error fail);
  // everything before that record has been written.
  bool add(const Batch& batch);
  // End of input: learns the last records, then cleans and writes everything held.
  // False when the run stopped.
  bool finish();

  const SourceModel& model() const { return model_; }
  uint64_t forgotten() const { return forgotten_; }  // model entries forgotten to stay in budget

 private:
  struct Chunk {
    std::unique_ptr<Batch> batch;
    uint64_t records = 0;
  };
  Batch& open_chunk();
  void copy_item(const Batch& from, const BatchItem& item);
  bool close_chunk();
  bool learn(Batch& chunk);
  void bound_model();
  bool release_oldest();
  bool pass_through(const Batch& from, const BatchItem& item);
  bool flush();

  SourceModel model_;
  Batch passing_;  // the piece of an oversized line on its way through
  ProcessorOptions options_;  // the caller's, cleaning with model_
  RecordProcessor learner_;   // counts into model_
  RecordProcessor cleaner_;   // reads model_
  BatchWriter& writer_;
  size_t window_;
  size_t chunk_records_;
  std::unique_ptr<Batch> open_;  // records still arriving, not yet learned
  uint64_t open_records_ = 0;
  std::deque<Chunk> held_;       // learned, waiting for the window to pass
  uint64_t held_records_ = 0;
  std::vector<std::unique_ptr<Batch>> spare_;  // written chunks, kept for their capacity
  bool stopped_ = false;
  size_t model_budget_;
  uint64_t forgotten_ = 0;
};

}  // namespace winnow
