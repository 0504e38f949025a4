#include <boost/program_options.hpp>

#include "clean_args.hpp"
#include "commands.hpp"
#include "winnow/clean_job.hpp"

namespace po = boost::program_options;

namespace winnow::cli {

namespace {

constexpr const char* kDupsUsage =
    "Usage: winnow dups [OPTIONS] [FILE...]\n"
    "\n"
    "Cleans the records as 'winnow clean' does and writes, instead of the records, one\n"
    "JSON line per related pair, in input order:\n"
    "  {\"a\", \"b\", \"kind\", \"similarity\", \"passages\": [{\"a_start\", \"a_end\", \"b_start\", \"b_end\"}]}\n"
    "a was read (or indexed) before b; kind is exact, near or passage; offsets are bytes of\n"
    "each record's cleaned text. With --clusters, one line per cluster of exact and near\n"
    "copies instead: {\"canonical\", \"size\", \"members\"}; the canonical member is the\n"
    "earliest by --date-field when that option is given, else the first read.\n";

po::options_description pair_options(CleanOptions& o) {
  po::options_description desc("Output");
  desc.add_options()
    ("help,h", "show this help")
    ("output,o", po::value(&o.pairs)->default_value("-"), "write pairs to FILE ('-': stdout)")
    ("clusters", "write one line per cluster of copies instead of one per pair");
  return desc;
}

}  // namespace

int dups_command(const std::vector<std::string>& args) {
  CleanOptions options;
  CleanArgs clean_args;
  InputArgs input;
  po::options_description visible;
  visible.add(pair_options(options))
      .add(cleaning_options(options, clean_args))
      .add(duplicate_options(options, clean_args, /*modes=*/false))
      .add(input_options(input));
  po::variables_map vm;
  if (int status = parse_command_line(args, visible, kDupsUsage, "dups", input, vm); status >= 0) {
    return status;
  }
  try {
    finish_clean_options(vm, clean_args, input, options);
  } catch (const std::exception& e) {
    return usage_error("dups", e.what());
  }
  options.output.clear();
  options.clusters = vm.count("clusters") > 0;
  return run_clean(options);
}

}  // namespace winnow::cli
