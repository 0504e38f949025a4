#include <boost/program_options.hpp>

#include "commands.hpp"
#include "input_options.hpp"
#include "winnow/exit_codes.hpp"
#include "winnow/learn_job.hpp"

namespace po = boost::program_options;

namespace winnow::cli {

namespace {

constexpr const char* kLearnUsage =
    "Usage: winnow learn [OPTIONS] FILE... -o MODEL\n"
    "\n"
    "Counts, per source, how many documents hold each paragraph (with the article's own\n"
    "title, author, date and numbers masked) and each short phrase, plus which short\n"
    "lines recur across sources. 'winnow clean --model MODEL' strips what recurs.\n"
    "Models learned on shards or days combine with 'winnow merge'.\n";

}  // namespace

int learn_command(const std::vector<std::string>& args) {
  LearnOptions options;
  InputArgs input;
  std::string max_memory;
  po::options_description own("Learning");
  own.add_options()
    ("help,h", "show this help")
    ("output,o", po::value(&options.output), "the model file to write (required)")
    ("stats", po::value(&options.stats), "write a JSON summary to FILE ('-': stderr)")
    ("seed", po::value(&options.seed)->default_value(0), "hash seed kept in the model (models "
     "merge only with equal seeds; a secret seed stops crafted text colliding on purpose)")
    ("max-memory", po::value(&max_memory)->default_value("1G")->value_name("SIZE"),
     "memory the counts may take; past it they spill to --temp-dir as sorted runs, merged "
     "at the end into the same model (0: no bound)")
    ("temp-dir", po::value(&options.temp_dir)->value_name("DIR"),
     "where the runs go (default $TMPDIR, else /tmp)");
  po::options_description visible;
  visible.add(own).add(input_options(input));
  po::variables_map vm;
  if (int status = parse_command_line(args, visible, kLearnUsage, "learn", input, vm); status >= 0) {
    return status;
  }
  if (options.output.empty()) return usage_error("learn", "learn needs -o MODEL");
  try {
    options.max_memory = parse_memory(max_memory);
  } catch (const std::invalid_argument& e) {
    return usage_error("learn", std::string("--max-memory: ") + e.what());
  }
  options.inputs = input.files;
  options.reader = input.reader;
  options.threads = input.worker_threads;
  options.quiet = input.quiet;
  options.verbose = input.verbose;
  options.processor.fields = input.fields;
  options.processor.max_paragraphs = input.max_paragraphs;
  options.processor.strip = false;
  return run_learn(options);
}

}  // namespace winnow::cli
