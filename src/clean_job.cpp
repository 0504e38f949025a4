#include "winnow/clean_job.hpp"

#include <chrono>
#include <cstdio>
#include <memory>

#include "winnow/exit_codes.hpp"
#include "winnow/ordered_pipeline.hpp"
#include "winnow/output_file.hpp"

namespace winnow {

namespace {

constexpr uint64_t kWarningsShown = 100;  // then a single "suppressed" note; -v shows all

// The consuming end: writes batches in input order and sums their counters.
class BatchWriter {
 public:
  BatchWriter(const CleanOptions& options, OutputFile& out, OutputFile* rejects)
      : options_(options), out_(out), rejects_(rejects) {}

  bool consume(Batch& batch) {
    print_warnings(batch);
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

  const RunStats& stats() const { return stats_; }
  const std::string& stop_message() const { return stop_message_; }

 private:
  void print_warnings(const Batch& batch) {
    if (options_.quiet || batch.warning_count == 0) return;
    if (options_.verbose || shown_ + batch.warning_count <= kWarningsShown) {
      std::fputs(batch.warnings.c_str(), stderr);
      shown_ += batch.warning_count;
      return;
    }
    // Print whole lines up to the limit, then say once that the rest is only counted.
    size_t pos = 0;
    while (shown_ < kWarningsShown) {
      size_t nl = batch.warnings.find('\n', pos);
      std::fwrite(batch.warnings.data() + pos, 1, nl + 1 - pos, stderr);
      pos = nl + 1;
      ++shown_;
    }
    if (!suppressed_) {
      std::fputs("winnow: further warnings suppressed (-v shows all; --stats counts them)\n", stderr);
      suppressed_ = true;
    }
  }

  const CleanOptions& options_;
  OutputFile& out_;
  OutputFile* rejects_;
  RunStats stats_;
  std::string stop_message_;
  uint64_t shown_ = 0;
  bool suppressed_ = false;
};

int report_stats(const CleanOptions& options, const RunStats& stats, double seconds) {
  if (options.stats.empty()) return kExitOk;
  try {
    auto file = OutputFile::open(options.stats, /*use_stderr=*/true);
    file->write(stats.to_json(seconds) + "\n");
    file->commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  }
  return kExitOk;
}

}  // namespace

int run_clean(const CleanOptions& options) {
  auto started = std::chrono::steady_clock::now();
  BatchReader reader(options.inputs, options.reader);
  std::unique_ptr<OutputFile> out, rejects;
  try {
    out = OutputFile::open(options.output);
    if (!options.rejects.empty()) rejects = OutputFile::open(options.rejects);
  } catch (const OutputError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  }

  unsigned threads = options.threads == 0 ? 1 : options.threads;
  std::vector<std::unique_ptr<RecordProcessor>> processors;
  for (unsigned i = 0; i < threads; ++i) {
    processors.push_back(std::make_unique<RecordProcessor>(options.processor, reader.display_names()));
  }
  BatchWriter writer(options, *out, rejects.get());
  int status = kExitOk;
  try {
    OrderedPipeline<Batch>::run(
        threads, 2 * threads + 2, [&](Batch& b) { return reader.next(b); },
        [&](Batch& b, unsigned w) { processors[w]->process(b); },
        [&](Batch& b) { return writer.consume(b); });
    // A run stopped at a bad record leaves no output file behind that looks complete.
    if (writer.stop_message().empty()) out->commit();
    if (rejects) rejects->commit();
  } catch (const OutputClosed&) {
    return kExitOk;  // the reader of our output is gone (| head): stop quietly
  } catch (const OutputError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  }

  const RunStats& stats = writer.stats();
  if (!writer.stop_message().empty()) {
    std::fprintf(stderr, "winnow: %s; stopping (--on-error fail)\n", writer.stop_message().c_str());
    status = kExitBadRecord;
  } else if (stats.input_failures > 0) {
    status = kExitInputFailed;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int stats_status = report_stats(options, stats, seconds);
  return status != kExitOk ? status : stats_status;
}

}  // namespace winnow
