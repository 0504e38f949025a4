#include "winnow/clean_job.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "winnow/exit_codes.hpp"
#include "winnow/learn_job.hpp"
#include "winnow/ordered_pipeline.hpp"
#include "winnow/output_file.hpp"
#include "winnow/rule_set.hpp"
#include "winnow/source_model.hpp"
#include "winnow/stats_report.hpp"
#include "winnow/warning_printer.hpp"

namespace winnow {

namespace {

// The consuming end: writes batches in input order and sums their counters.
class BatchWriter {
 public:
  BatchWriter(WarningPrinter& warnings, OutputFile& out, OutputFile* rejects)
      : warnings_(warnings), out_(out), rejects_(rejects) {}

  bool consume(Batch& batch) {
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

  const RunStats& stats() const { return stats_; }
  const std::string& stop_message() const { return stop_message_; }

 private:
  WarningPrinter& warnings_;
  OutputFile& out_;
  OutputFile* rejects_;
  RunStats stats_;
  std::string stop_message_;
};

// Reading a file twice is cheap and keeps memory flat; a pipe can be read only once.
bool all_rereadable(const std::vector<std::string>& inputs) {
  if (inputs.empty()) return false;
  for (const std::string& path : inputs) {
    struct stat st;
    if (path == "-" || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  }
  return true;
}

RuleSet load_rules(const CleanOptions& options) {
  RuleSet rules = options.rules_replace ? RuleSet() : RuleSet::load_default();
  for (const std::string& file : options.rules_files) rules.add_file(file);
  return rules;
}

// The model to clean with: the given one, or one learned from the input files first.
std::optional<SourceModel> prepare_model(const CleanOptions& options, unsigned threads) {
  if (!options.model.empty()) return SourceModel::load(options.model);
  if (!options.processor.strip || !all_rereadable(options.inputs)) return std::nullopt;
  WarningPrinter silent(/*quiet=*/true, false);  // the cleaning pass reports bad records
  RunStats ignored;
  return learn_model(options.inputs, options.reader, options.processor, threads, /*seed=*/0, silent,
                     ignored);
}

}  // namespace

int run_clean(const CleanOptions& options) {
  auto started = std::chrono::steady_clock::now();
  unsigned threads = options.threads == 0 ? 1 : options.threads;
  RuleSet rules;
  std::optional<SourceModel> model;
  try {
    rules = load_rules(options);
    model = prepare_model(options, threads);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitInputFailed;
  }
  ProcessorOptions processor = options.processor;
  processor.cleaner.rules = &rules;
  processor.cleaner.model = model ? &*model : nullptr;

  BatchReader reader(options.inputs, options.reader);
  std::unique_ptr<OutputFile> out, rejects;
  try {
    out = OutputFile::open(options.output);
    if (!options.rejects.empty()) rejects = OutputFile::open(options.rejects);
  } catch (const OutputError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  }

  std::vector<std::unique_ptr<RecordProcessor>> processors;
  for (unsigned i = 0; i < threads; ++i) {
    processors.push_back(std::make_unique<RecordProcessor>(processor, reader.display_names()));
  }
  WarningPrinter warnings(options.quiet, options.verbose);
  BatchWriter writer(warnings, *out, rejects.get());
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
  int status = kExitOk;
  if (!writer.stop_message().empty()) {
    std::fprintf(stderr, "winnow: %s; stopping (--on-error fail)\n", writer.stop_message().c_str());
    status = kExitBadRecord;
  } else if (stats.input_failures > 0) {
    status = kExitInputFailed;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int stats_status = write_stats(options.stats, stats, seconds);
  return status != kExitOk ? status : stats_status;
}

}  // namespace winnow
