// Options `winnow clean` and `winnow dups` share: how records are cleaned and how their
// duplicates are found. Both run the same job; dups writes pairs instead of records.
#pragma once
#include <boost/program_options.hpp>

#include <string>

#include "input_options.hpp"
#include "winnow/clean_job.hpp"

namespace winnow::cli {

struct CleanArgs {
  std::string on_error = "keep";
  std::string window = "10000";
  std::string dups;
  std::string max_memory = "1G";
  uint64_t seed = 0;
};

// --rules, --rules-only, --model, --window, --on-error, --rejects, --stats, --max-memory,
// --temp-dir, --seed.
boost::program_options::options_description cleaning_options(CleanOptions& o, CleanArgs& a);
// --threshold, --shingle-words, --min-passage-words, --within-source, --index; with
// `modes`, also --dups and --dropped (clean only).
boost::program_options::options_description duplicate_options(CleanOptions& o, CleanArgs& a, bool modes);
// Checks the parsed options and fills the rest of `o`. Throws boost::program_options::error.
void finish_clean_options(const boost::program_options::variables_map& vm, const CleanArgs& a,
                          const InputArgs& in, CleanOptions& o);

}  // namespace winnow::cli
