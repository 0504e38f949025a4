// `winnow clean` as a library call: inputs through the pipeline to the outputs.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "winnow/batch_reader.hpp"
#include "winnow/duplicate_marker.hpp"
#include "winnow/record_processor.hpp"

namespace winnow {

struct CleanOptions {
  std::vector<std::string> inputs;  // empty or "-": stdin
  std::string output = "-";         // empty: records are not written (winnow dups)
  std::string rejects;              // empty: none
  std::string dropped;              // empty: none; where --dups drop moves copies
  std::string stats;                // empty: none; "-": stderr
  std::vector<std::string> rules_files;  // added to the bundled rules
  bool rules_replace = false;       // the files replace the bundled rules
  std::string model;                // learned model; empty: learn from the input itself
  // Without a model, input that cannot be read twice is learned as it streams, holding
  // back this many records (see StreamWindow); 0: rules and context only.
  size_t window = 10000;
  bool find_duplicates = true;
  DupAction dup_action = DupAction::flag;
  DuplicateOptions dups;
  std::string index;                // --index: read before, rewritten after a complete run
  // What the model, the duplicate index and the pipeline (at -j 2) may take together: the
  // index evicts, then forgets, its oldest records (DuplicateIndex::set_memory_budget), a
  // model learned while streaming forgets rare entries, learning spills. 0: no bound.
  size_t max_memory = size_t{1} << 30;
  std::string temp_dir;             // where a two-pass run's learning spills; empty: $TMPDIR, else /tmp
  // Hashes the model learned here and the duplicate sketches; dups.seed is ignored. Unset:
  // the --model's seed, else 0. A given --model must have been learned with it.
  std::optional<uint64_t> seed;
  std::string pairs;                // winnow dups: where related pairs go, instead of records
  bool clusters = false;            // winnow dups: clusters instead of pairs
  ReaderOptions reader;
  ProcessorOptions processor;
  unsigned threads = 1;
  bool quiet = false;               // no warnings
  bool verbose = false;             // every warning, not just the first ones
};

// Runs the job; messages go to stderr. Returns an ExitCode.
int run_clean(const CleanOptions& options);

}  // namespace winnow
