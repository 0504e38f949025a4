// `winnow learn` as a library call, and the learning pass of a two-pass `winnow clean`.
#pragma once
#include <string>
#include <vector>

#include "winnow/batch_reader.hpp"
#include "winnow/record_processor.hpp"
#include "winnow/source_model.hpp"
#include "winnow/warning_printer.hpp"

namespace winnow {

struct LearnOptions {
  std::vector<std::string> inputs;
  std::string output;   // the model file
  std::string stats;    // empty: none; "-": stderr
  ReaderOptions reader;
  ProcessorOptions processor;
  unsigned threads = 1;
  uint64_t seed = 0;    // hash seed stored in the model; models merge only with equal seeds
  bool quiet = false;
  bool verbose = false;
};

// Learns from every good record of `inputs`; bad records are warned about through `warnings`
// and counted in `stats`. The result is the same for any thread count.
SourceModel learn_model(const std::vector<std::string>& inputs, const ReaderOptions& reader,
                        const ProcessorOptions& processor, unsigned threads, uint64_t seed,
                        WarningPrinter& warnings, RunStats& stats);

// Words per template shingle: short, since template lines are short.
inline constexpr unsigned kTemplateShingleWords = 3;

// Runs the command; messages go to stderr. Returns an ExitCode.
int run_learn(const LearnOptions& options);

}  // namespace winnow
