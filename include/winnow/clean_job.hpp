// `winnow clean` as a library call: inputs through the pipeline to the outputs.
#pragma once
#include <string>
#include <vector>

#include "winnow/batch_reader.hpp"
#include "winnow/record_processor.hpp"

namespace winnow {

struct CleanOptions {
  std::vector<std::string> inputs;  // empty or "-": stdin
  std::string output = "-";
  std::string rejects;              // empty: none
  std::string stats;                // empty: none; "-": stderr
  ReaderOptions reader;
  ProcessorOptions processor;
  unsigned threads = 1;
  bool quiet = false;               // no warnings
  bool verbose = false;             // every warning, not just the first ones
};

// Runs the job; messages go to stderr. Returns an ExitCode.
int run_clean(const CleanOptions& options);

}  // namespace winnow
