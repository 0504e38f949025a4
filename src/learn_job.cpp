#include "winnow/learn_job.hpp"

#include <chrono>
#include <cstdio>
#include <memory>

#include "winnow/exit_codes.hpp"
#include "winnow/ordered_pipeline.hpp"
#include "winnow/stats_report.hpp"

namespace winnow {

SourceModel learn_model(const std::vector<std::string>& inputs, const ReaderOptions& reader_options,
                        const ProcessorOptions& processor, unsigned threads, uint64_t seed,
                        WarningPrinter& warnings, RunStats& stats) {
  BatchReader reader(inputs, reader_options);
  std::vector<SourceModel> models;
  for (unsigned i = 0; i < threads; ++i) models.emplace_back(seed, kTemplateShingleWords);
  std::vector<std::unique_ptr<RecordProcessor>> processors;
  for (unsigned i = 0; i < threads; ++i) {
    processors.push_back(std::make_unique<RecordProcessor>(processor, reader.display_names()));
    processors.back()->learn_into(&models[i]);
  }
  OrderedPipeline<Batch>::run(
      threads, 2 * threads + 2, [&](Batch& b) { return reader.next(b); },
      [&](Batch& b, unsigned w) { processors[w]->process(b); },
      [&](Batch& b) {
        warnings.print(b.warnings, b.warning_count);
        stats.add(b.stats);
        return true;
      });
  // Counts are sums, so which worker saw which record does not matter.
  for (unsigned i = 1; i < threads; ++i) models[0].merge(models[i]);
  return std::move(models[0]);
}

int run_learn(const LearnOptions& options) {
  auto started = std::chrono::steady_clock::now();
  WarningPrinter warnings(options.quiet, options.verbose);
  RunStats stats;
  try {
    SourceModel model = learn_model(options.inputs, options.reader, options.processor,
                                    options.threads, options.seed, warnings, stats);
    model.save(options.output);
    if (!options.quiet) {
      std::fprintf(stderr, "winnow: learned %llu documents of %llu sources into %s\n",
                   static_cast<unsigned long long>(model.documents()),
                   static_cast<unsigned long long>(model.sources()), options.output.c_str());
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
