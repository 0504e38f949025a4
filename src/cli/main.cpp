// winnow: cleans scraped news. This file only dispatches to a subcommand.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "commands.hpp"
#include "winnow/exit_codes.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: winnow COMMAND [OPTIONS] [FILE...]\n"
    "\n"
    "Cleans scraped news: strips boilerplate paragraphs and flags duplicates.\n"
    "Reads JSONL (plain, gzip or zstd; FILE '-' or none is stdin), writes JSONL.\n"
    "\n"
    "Commands:\n"
    "  clean     clean records and write them out in input order\n"
    "  dups      clean records and write their related pairs or clusters of copies\n"
    "  index     describe a duplicate index file (index stats FILE)\n"
    "  learn     learn what repeats per source from a corpus into a model file\n"
    "  merge     combine model files learned on shards or days\n"
    "  eval      score the cleaner on labeled records (precision, recall, F1)\n"
    "\n"
    "Options:\n"
    "  -h, --help     this help; 'winnow COMMAND --help' for a command's options\n"
    "  -V, --version  print the version\n"
    "\n"
    "Exit status:\n"
    "  0  success (bad records were handled as --on-error said)\n"
    "  1  an input could not be read: a data file (the others were processed),\n"
    "     or a model or rules file (nothing was processed)\n"
    "  2  usage error\n"
    "  3  --on-error fail stopped at a bad record\n"
    "  4  output could not be written\n"
    "  5  internal error\n";

}  // namespace

int main(int argc, char** argv) {
  // A closed output pipe must surface as EPIPE, so we can stop quietly.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return winnow::kExitUsage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  try {
    if (command == "-h" || command == "--help" || command == "help") {
      std::fputs(kUsage, stdout);
      return winnow::kExitOk;
    }
    if (command == "-V" || command == "--version") {
      std::printf("winnow %s\n", WINNOW_VERSION);
      return winnow::kExitOk;
    }
    if (command == "clean") return winnow::cli::clean_command(args);
    if (command == "learn") return winnow::cli::learn_command(args);
    if (command == "merge") return winnow::cli::merge_command(args);
    if (command == "eval") return winnow::cli::eval_command(args);
    if (command == "dups") return winnow::cli::dups_command(args);
    if (command == "index") return winnow::cli::index_command(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow: internal error: %s\n", e.what());
    return winnow::kExitInternal;
  }
  std::fprintf(stderr, "winnow: unknown command '%s' (try 'winnow --help')\n", command.c_str());
  return winnow::kExitUsage;
}
