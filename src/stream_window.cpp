#include "winnow/stream_window.hpp"

#include <algorithm>

#include "winnow/learn_job.hpp"

namespace winnow {

namespace {

ProcessorOptions with_model(ProcessorOptions options, const SourceModel* model) {
  options.cleaner.model = model;
  return options;
}

// What the window counts: a line, a document, or the start of an oversized line.
bool starts_record(const BatchItem& item) {
  return item.kind == ItemKind::line || item.kind == ItemKind::document ||
         (item.kind == ItemKind::fragment && item.first_fragment);
}

}  // namespace

StreamWindow::StreamWindow(const ProcessorOptions& options,
                           const std::vector<std::string>& file_names, size_t window,
                           BatchWriter& writer, uint64_t seed, size_t model_budget)
    : model_(seed, kTemplateShingleWords),  // as the model learned from files first
      options_(with_model(options, &model_)),
      learner_(options_, file_names),
      cleaner_(options_, file_names),
      writer_(writer),
      window_(window),
      // Small enough to hold little beyond the window, big enough to amortize a chunk.
      chunk_records_(std::clamp<size_t>(window / 16, 1, 256)),
      model_budget_(model_budget) {
  learner_.learn_into(&model_);
}

StreamWindow::~StreamWindow() = default;

bool StreamWindow::add(const Batch& batch) {
  if (stopped_) return false;
  open_chunk().stats.add(batch.stats);  // the reader's byte counts; any chunk may carry them
  for (const BatchItem& item : batch.items) {
    if (item.kind == ItemKind::fragment) {
      if (!pass_through(batch, item)) return false;
      continue;
    }
    // A chunk closes at the start of its next record: the fragments of an oversized line
    // and a read failure stay with the record before them.
    if (starts_record(item) && open_records_ == chunk_records_ && !close_chunk()) return false;
    copy_item(batch, item);
  }
  return true;
}

bool StreamWindow::finish() {
  if (stopped_ || !close_chunk()) return false;
  return flush();
}

Batch& StreamWindow::open_chunk() {
  if (open_) return *open_;
  if (spare_.empty()) {
    open_ = std::make_unique<Batch>();
  } else {
    open_ = std::move(spare_.back());
    spare_.pop_back();
  }
  open_->reset();
  return *open_;
}

void StreamWindow::copy_item(const Batch& from, const BatchItem& item) {
  Batch& to = open_chunk();
  BatchItem& copy = to.items.emplace_back(item);
  if (item.kind == ItemKind::document) {
    copy.document = static_cast<uint32_t>(to.document_count);
    to.add_document() = from.documents[item.document];
  } else {
    copy.offset = to.data.size();
    if (item.length > 0) to.data.append(from.data.data() + item.offset, item.length);
  }
  if (starts_record(item)) ++open_records_;
}

// A line over --max-record-size is never held: what precedes it is cleaned and written
// first (with the evidence gathered so far), then its pieces go straight through.
bool StreamWindow::pass_through(const Batch& from, const BatchItem& item) {
  if (item.first_fragment && (!close_chunk() || !flush())) return false;
  passing_.reset();
  BatchItem& copy = passing_.items.emplace_back(item);
  copy.offset = 0;
  passing_.data.append(from.data.data() + item.offset, item.length);
  cleaner_.process(passing_);
  stopped_ = !writer_.consume(passing_);
  return !stopped_;
}

// Learns the open chunk and holds it; writes the held chunks the window has passed.
bool StreamWindow::close_chunk() {
  if (!open_) return true;
  Chunk chunk{std::move(open_), open_records_};
  open_records_ = 0;
  bool good = learn(*chunk.batch);
  bound_model();
  held_records_ += chunk.records;
  held_.push_back(std::move(chunk));
  if (!good) {
    // A bad record under --on-error fail: write what precedes it and read no further.
    flush();
    stopped_ = true;
    return false;
  }
  while (held_.size() > 1 && held_records_ - held_.front().records >= window_) {
    if (!release_oldest()) return false;
  }
  return true;
}

// False at a bad record under --on-error fail. Learning leaves its own counts and messages
// in the chunk; they are dropped, so the cleaning pass reports each record once, in order.
bool StreamWindow::learn(Batch& chunk) {
  RunStats read = chunk.stats;
  learner_.process(chunk);
  bool good = !chunk.stop;
  chunk.stats = read;
  chunk.output.clear();
  chunk.rejects.clear();
  chunk.warnings.clear();
  chunk.warning_count = 0;
  chunk.sketched_count = 0;
  chunk.stop = false;
  chunk.stop_message.clear();
  return good;
}

// Past half the budget (a table growing by half holds old and new at once), forget what
// fewer than a template's documents hold; should that free too little, what fewer than
// twice as many hold, and so on.
void StreamWindow::bound_model() {
  if (model_budget_ == 0 || model_.memory_bytes() <= model_budget_ / 2) return;
  uint32_t rare = kMinTemplateDocuments;
  do {
    forgotten_ += model_.forget_rare(rare);
    rare *= 2;
  } while (model_.memory_bytes() > model_budget_ / 4 && rare < (1u << 24));
}

bool StreamWindow::release_oldest() {
  Chunk oldest = std::move(held_.front());
  held_.pop_front();
  held_records_ -= oldest.records;
  cleaner_.process(*oldest.batch);
  stopped_ = !writer_.consume(*oldest.batch);
  spare_.push_back(std::move(oldest.batch));
  return !stopped_;
}

bool StreamWindow::flush() {
  while (!stopped_ && !held_.empty()) release_oldest();
  held_.clear();
  return !stopped_;
}

}  // namespace winnow
