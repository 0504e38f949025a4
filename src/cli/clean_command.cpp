#include <boost/program_options.hpp>

#include <cstdio>

#include <charconv>

#include "commands.hpp"
#include "clean_args.hpp"
#include "input_options.hpp"
#include "winnow/clean_job.hpp"
#include "winnow/exit_codes.hpp"
#include "winnow/rule_set.hpp"

namespace po = boost::program_options;

namespace winnow::cli {

namespace {

constexpr const char* kCleanUsage =
    "Usage: winnow clean [OPTIONS] [FILE...]\n"
    "\n"
    "Cleans each record's text and writes the records in input order. Every field but\n"
    "the text is copied byte for byte. FILE may be plain, gzip or zstd (detected from\n"
    "its first bytes); '-' or no FILE reads stdin.\n"
    "\n"
    "Boilerplate is found by the rules (bundled, plus --rules), by the paragraph's\n"
    "context, and by repetition within a source: with --model the counts come from\n"
    "'winnow learn'; without it, input files are read twice (learn, then clean), while\n"
    "stdin is learned as it streams by, a window of records held back (--window).\n";

po::options_description record_options(CleanOptions& o) {
  po::options_description desc("Output");
  desc.add_options()
    ("help,h", "show this help")
    ("output,o", po::value(&o.output)->default_value("-"), "write records to FILE ('-': stdout)")
    ("no-strip", "copy records through untouched (input is still validated)")
    ("annotate", "keep the text; add a \"winnow\" object giving each paragraph's span, label and reason")
    ("print-rules", "print the bundled rules, whose header documents the format, and exit");
  return desc;
}

}  // namespace

int clean_command(const std::vector<std::string>& args) {
  CleanOptions options;
  CleanArgs clean_args;
  InputArgs input;
  po::options_description visible;
  visible.add(record_options(options))
      .add(cleaning_options(options, clean_args))
      .add(duplicate_options(options, clean_args, /*modes=*/true))
      .add(input_options(input));
  po::variables_map vm;
  if (int status = parse_command_line(args, visible, kCleanUsage, "clean", input, vm); status >= 0) {
    return status;
  }
  if (vm.count("print-rules")) {
    std::string_view text = RuleSet::default_text();
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitOutputFailed;
  }
  try {
    finish_clean_options(vm, clean_args, input, options);
  } catch (const std::exception& e) {
    return usage_error("clean", e.what());
  }
  return run_clean(options);
}

}  // namespace winnow::cli
