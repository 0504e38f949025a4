// `winnow learn` as a library call, and the learning pass of a two-pass `winnow clean`.
#pragma once
#include <string>
#include <vector>

#include <memory>
#include <optional>

#include "winnow/batch_reader.hpp"
#include "winnow/model_runs.hpp"
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
  size_t max_memory = size_t{1} << 30;  // past it, counts spill to runs on disk; 0: no bound
  std::string temp_dir;                 // where runs go; empty: $TMPDIR, else /tmp
  bool quiet = false;
  bool verbose = false;
};

// How much the learner's tables may take, and where they spill past it.
struct LearnLimits {
  size_t max_memory = 0;  // 0: no bound
  std::string temp_dir;   // empty: $TMPDIR, else /tmp
};

// What learning yields: the model in memory, or, once it outgrew its memory, runs on
// disk that come together as they are used. Either gives the same model.
class LearnedModel {
 public:
  explicit LearnedModel(SourceModel model) : model_(std::move(model)) {}
  explicit LearnedModel(std::unique_ptr<ModelRuns> runs) : runs_(std::move(runs)) {}

  void save(const std::string& path) const;
  SourceModel for_cleaning();  // as SourceModel::load_for_cleaning would give it
  size_t runs() const { return runs_ ? runs_->size() : 0; }

 private:
  std::optional<SourceModel> model_;
  std::unique_ptr<ModelRuns> runs_;
};

// Learns from every good record of `inputs`; bad records are warned about through `warnings`
// and counted in `stats`. The result is the same for any thread count and memory bound.
LearnedModel learn_model(const std::vector<std::string>& inputs, const ReaderOptions& reader,
                         const ProcessorOptions& processor, unsigned threads, uint64_t seed,
                         const LearnLimits& limits, WarningPrinter& warnings, RunStats& stats);

// Words per template shingle: short, since template lines are short.
inline constexpr unsigned kTemplateShingleWords = 3;

// Runs the command; messages go to stderr. Returns an ExitCode.
int run_learn(const LearnOptions& options);

}  // namespace winnow
