#include "winnow/clean_job.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include "winnow/batch_writer.hpp"
#include "winnow/exit_codes.hpp"
#include "winnow/learn_job.hpp"
#include "winnow/ordered_pipeline.hpp"
#include "winnow/output_file.hpp"
#include "winnow/pair_writer.hpp"
#include "winnow/state_file.hpp"
#include "winnow/rule_set.hpp"
#include "winnow/source_model.hpp"
#include "winnow/stats_report.hpp"
#include "winnow/stream_window.hpp"
#include "winnow/warning_printer.hpp"

namespace winnow {

namespace {

// Reading a file twice is cheap and keeps memory flat; a pipe can be read only once.
bool all_rereadable(const std::vector<std::string>& inputs) {
  if (inputs.empty()) return false;
  for (const std::string& path : inputs) {
    struct stat st;
    if (path == "-" || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  }
  return true;
}

// The model to clean with: the given one, or one learned from the input files first.
std::optional<SourceModel> prepare_model(const CleanOptions& options, unsigned threads) {
  if (!options.model.empty()) return SourceModel::load_for_cleaning(options.model);
  if (!options.processor.strip || !all_rereadable(options.inputs)) return std::nullopt;
  WarningPrinter silent(/*quiet=*/true, false);  // the cleaning pass reports bad records
  RunStats ignored;
  LearnedModel learned = learn_model(options.inputs, options.reader, options.processor, threads,
                                     options.seed.value_or(0),
                                     {options.max_memory, options.temp_dir}, silent, ignored);
  return learned.for_cleaning();
}

// Without a model, input that can be read only once is learned as it streams by.
bool learns_while_streaming(const CleanOptions& options) {
  return options.model.empty() && options.processor.strip && options.window > 0 &&
         !all_rereadable(options.inputs);
}

void clean_in_parallel(BatchReader& reader, const ProcessorOptions& processor, unsigned threads,
                       BatchWriter& writer) {
  std::vector<std::unique_ptr<RecordProcessor>> processors;
  for (unsigned i = 0; i < threads; ++i) {
    processors.push_back(std::make_unique<RecordProcessor>(processor, reader.display_names()));
  }
  OrderedPipeline<Batch>::run(
      threads, 2 * threads + 2, [&](Batch& b) { return reader.next(b); },
      [&](Batch& b, unsigned w) { processors[w]->process(b); },
      [&](Batch& b) { return writer.consume(b); });
}

// Returns the model entries forgotten to stay within `model_budget`.
uint64_t clean_streaming(BatchReader& reader, const ProcessorOptions& processor, size_t window,
                         uint64_t seed, size_t model_budget, BatchWriter& writer) {
  StreamWindow stream(processor, reader.display_names(), window, writer, seed, model_budget);
  // The model grows as records arrive, so learning and cleaning run in input order on this
  // thread; the pipeline's idle worker only lets the reader run a few batches ahead.
  bool went_on = true;
  OrderedPipeline<Batch>::run(
      1, 4, [&](Batch& b) { return reader.next(b); }, [](Batch&, unsigned) {},
      [&](Batch& b) { return went_on = stream.add(b); });
  if (went_on) stream.finish();
  return stream.forgotten();
}

// The seed of every hash: the one given, or the model's. A model hashed otherwise cannot
// answer for this run's paragraphs.
uint64_t hash_seed(const CleanOptions& options, const SourceModel* model) {
  if (options.model.empty() || model == nullptr) return options.seed.value_or(0);
  if (options.seed && *options.seed != model->seed()) {
    throw ModelError(options.model + ": learned with seed " + std::to_string(model->seed()) + ", not --seed " +
                     std::to_string(*options.seed));
  }
  return model->seed();
}

// The index to relate records to: the --index file when it exists, else an empty one.
DuplicateIndex open_index(const std::string& path, const DuplicateOptions& dups) {
  struct stat st;
  if (path.empty() || stat(path.c_str(), &st) != 0) return DuplicateIndex(dups);
  return DuplicateIndex::load(path, dups);
}

// Batches in flight, their sketches, output buffers and the allocator's slack, as measured
// on a 4 GB feed with -j 2 (what peak RSS held beyond the model and the index); each further
// thread adds about 16 MiB. Budgets must not depend on -j, or output would.
constexpr size_t kPipelineBytes = size_t{256} << 20;
// Below this the index would forget copies a few thousand records apart.
constexpr size_t kMinIndexBytes = size_t{64} << 20;

// A model learned while streaming takes this share of what the pipeline leaves.
constexpr size_t kStreamModelShare = 4;

// What a model learned while streaming may hold; 0: no bound.
size_t stream_model_budget(const CleanOptions& options) {
  if (options.max_memory == 0) return 0;
  const size_t left = options.max_memory > kPipelineBytes ? options.max_memory - kPipelineBytes : 0;
  return std::max(left / kStreamModelShare, kMinIndexBytes);
}

// What the duplicate index may hold: --max-memory less the model and the pipeline.
size_t index_budget(const CleanOptions& options, size_t model_bytes) {
  if (options.max_memory == 0) return 0;
  const size_t taken = kPipelineBytes + model_bytes;
  if (taken + kMinIndexBytes <= options.max_memory) return options.max_memory - taken;
  if (!options.quiet) {
    std::fprintf(stderr, "winnow: warning: --max-memory %zu MiB leaves the duplicate index less than %zu MiB "
                 "beside the model (%zu MiB); it gets %zu MiB\n", options.max_memory >> 20, kMinIndexBytes >> 20,
                 model_bytes >> 20, kMinIndexBytes >> 20);
  }
  return kMinIndexBytes;
}

// Only a complete run updates the index: a rerun of a failed one must not meet itself.
int save_index(const CleanOptions& options, DuplicateIndex& index, int status) {
  if (options.index.empty()) return status;
  if (status != kExitOk) {
    std::fprintf(stderr, "winnow: %s: not updated, the run did not complete\n", options.index.c_str());
    return status;
  }
  try {
    index.save(options.index);
  } catch (const StateFileError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  }
  return status;
}

}  // namespace

int run_clean(const CleanOptions& options) {
  auto started = std::chrono::steady_clock::now();
  unsigned threads = options.threads == 0 ? 1 : options.threads;
  bool streaming = learns_while_streaming(options);
  RuleSet rules;
  std::optional<SourceModel> model;
  DuplicateOptions dups = options.dups;
  try {
    rules = RuleSet::load(options.rules_files, options.rules_replace);
    model = prepare_model(options, threads);
    dups.seed = hash_seed(options, model ? &*model : nullptr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitInputFailed;
  }
  ProcessorOptions processor = options.processor;
  processor.cleaner.rules = &rules;
  processor.cleaner.model = model ? &*model : nullptr;
  processor.dups = options.find_duplicates ? &dups : nullptr;
  const size_t stream_budget = streaming ? stream_model_budget(options) : 0;

  std::optional<DuplicateMarker> duplicates;
  std::unique_ptr<OutputFile> out, rejects, dropped, pairs_out;
  std::optional<PairWriter> pairs;
  try {
    if (options.find_duplicates) {
      if (!options.pairs.empty()) pairs.emplace(*(pairs_out = OutputFile::open(options.pairs)), options.clusters);
      duplicates.emplace(open_index(options.index, dups), options.dup_action, pairs ? &*pairs : nullptr);
      const size_t model_bytes = streaming ? stream_budget : model ? model->planned_bytes() : 0;
      duplicates->index().set_memory_budget(index_budget(options, model_bytes));
    }
  } catch (const StateFileError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitInputFailed;
  } catch (const OutputError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  }
  const auto first_new = static_cast<uint32_t>(duplicates ? duplicates->index().records() : 0);

  BatchReader reader(options.inputs, options.reader);
  try {
    if (!options.output.empty()) out = OutputFile::open(options.output);
    if (!options.rejects.empty()) rejects = OutputFile::open(options.rejects);
    if (!options.dropped.empty()) dropped = OutputFile::open(options.dropped);
  } catch (const OutputError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  }

  uint64_t forgotten = 0;
  WarningPrinter warnings(options.quiet, options.verbose);
  BatchWriter writer(warnings, out.get(), rejects.get(), duplicates ? &*duplicates : nullptr, dropped.get());
  try {
    if (streaming) {
      forgotten = clean_streaming(reader, processor, options.window, dups.seed, stream_budget, writer);
    } else {
      clean_in_parallel(reader, processor, threads, writer);
    }
    // A run stopped at a bad record leaves no output file behind that looks complete.
    if (writer.stop_message().empty()) {
      if (out) out->commit();
      if (pairs) {
        pairs->finish(duplicates->index(), first_new);
        pairs_out->commit();
      }
    }
    if (rejects) rejects->commit();
    if (dropped) dropped->commit();
  } catch (const OutputClosed&) {
    // The reader of our output is gone (| head): stop quietly, keeping the side files so far.
    try {
      if (rejects) rejects->commit();
      if (dropped) dropped->commit();
    } catch (const OutputError& e) {
      std::fprintf(stderr, "winnow: %s\n", e.what());
      return kExitOutputFailed;
    }
    return kExitOk;
  } catch (const OutputError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  } catch (const std::length_error& e) {  // a full duplicate index
    std::fprintf(stderr, "winnow: %s: %s\n", options.index.empty() ? "duplicate index" : options.index.c_str(),
                 e.what());
    return kExitInputFailed;
  }

  RunStats stats = writer.stats();
  stats.model_forgotten = forgotten;
  if (duplicates) {
    stats.index_records = duplicates->index().records() - duplicates->index().first();
    stats.index_forgotten = duplicates->index().first();
    stats.index_bytes = duplicates->index().memory_bytes();
    stats.index_exact_only = duplicates->index().horizon() - duplicates->index().first();
  }
  int status = kExitOk;
  if (!writer.stop_message().empty()) {
    std::fprintf(stderr, "winnow: %s; stopping (--on-error fail)\n", writer.stop_message().c_str());
    status = kExitBadRecord;
  } else if (stats.input_failures > 0) {
    status = kExitInputFailed;
  }
  if (duplicates) status = save_index(options, duplicates->index(), status);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int stats_status = write_stats(options.stats, stats, seconds);
  return status != kExitOk ? status : stats_status;
}

}  // namespace winnow
