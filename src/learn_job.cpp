#include "winnow/learn_job.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>

#include "winnow/exit_codes.hpp"
#include "winnow/ordered_pipeline.hpp"
#include "winnow/stats_report.hpp"

namespace winnow {

void LearnedModel::save(const std::string& path) const {
  if (runs_) {
    runs_->save_merged(path);
  } else {
    model_->save(path);
  }
}

SourceModel LearnedModel::for_cleaning() {
  if (runs_) return runs_->merged_for_cleaning();
  model_->drop_rare_counts();
  return std::move(*model_);
}

namespace {

// A table that grows by half holds old and new at once while it grows: spilling at 2/5 of
// a worker's share keeps that peak within it.
size_t spill_point(const LearnLimits& limits, unsigned threads) {
  return limits.max_memory == 0 ? 0 : limits.max_memory / threads / 5 * 2;
}

}  // namespace

LearnedModel learn_model(const std::vector<std::string>& inputs, const ReaderOptions& reader_options,
                         const ProcessorOptions& processor, unsigned threads, uint64_t seed,
                         const LearnLimits& limits, WarningPrinter& warnings, RunStats& stats) {
  BatchReader reader(inputs, reader_options);
  std::vector<SourceModel> models;
  for (unsigned i = 0; i < threads; ++i) models.emplace_back(seed, kTemplateShingleWords);
  std::vector<std::unique_ptr<RecordProcessor>> processors;
  for (unsigned i = 0; i < threads; ++i) {
    processors.push_back(std::make_unique<RecordProcessor>(processor, reader.display_names()));
    processors.back()->learn_into(&models[i]);
  }
  const size_t spill_at = spill_point(limits, threads);
  std::unique_ptr<ModelRuns> runs;
  std::once_flag runs_made;
  OrderedPipeline<Batch>::run(
      threads, 2 * threads + 2, [&](Batch& b) { return reader.next(b); },
      [&](Batch& b, unsigned w) {
        processors[w]->process(b);
        if (spill_at == 0 || models[w].memory_bytes() <= spill_at) return;
        std::call_once(runs_made, [&] { runs = std::make_unique<ModelRuns>(limits.temp_dir); });
        runs->spill(models[w]);
      },
      [&](Batch& b) {
        warnings.print(b.warnings, b.warning_count);
        stats.add(b.stats);
        return true;
      });
  // Counts are sums, so which worker saw which record, or which run, does not matter.
  if (runs) {
    for (SourceModel& model : models) runs->spill(model);
    return LearnedModel(std::move(runs));
  }
  for (unsigned i = 1; i < threads; ++i) models[0].merge(models[i]);
  return LearnedModel(std::move(models[0]));
}

int run_learn(const LearnOptions& options) {
  auto started = std::chrono::steady_clock::now();
  WarningPrinter warnings(options.quiet, options.verbose);
  RunStats stats;
  try {
    const LearnedModel model = learn_model(options.inputs, options.reader, options.processor, options.threads,
                                           options.seed, {options.max_memory, options.temp_dir}, warnings, stats);
    model.save(options.output);
    if (!options.quiet) {
      const ModelSummary learned = SourceModel::summary_of(options.output);
      std::fprintf(stderr, "winnow: learned %llu documents of %llu sources into %s\n",
                   static_cast<unsigned long long>(learned.documents),
                   static_cast<unsigned long long>(learned.sources), options.output.c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (int status = write_stats(options.stats, stats, seconds); status != kExitOk) return status;
  return stats.input_failures > 0 ? kExitInputFailed : kExitOk;
}

}  // namespace winnow
