#include <boost/program_options.hpp>

#include <cstdio>

#include "commands.hpp"
#include "input_options.hpp"
#include "winnow/exit_codes.hpp"
#include "winnow/source_model.hpp"

namespace po = boost::program_options;

namespace winnow::cli {

namespace {

constexpr const char* kMergeUsage =
    "Usage: winnow merge MODEL... -o MODEL\n"
    "\n"
    "Adds up model files that 'winnow learn' wrote for shards or days into the model of\n"
    "them all, a record at a time (little memory, however big the models). The models\n"
    "must have been learned with the same seed and shingle words.\n"
    "The output may be one of the inputs: it is replaced only once the merge is written.\n";

struct MergeArgs {
  std::vector<std::string> models;
  std::string output;
  bool quiet = false;
};

po::options_description merge_options(MergeArgs& args) {
  po::options_description desc("Options");
  desc.add_options()
    ("help,h", "show this help")
    ("output,o", po::value(&args.output), "write the merged model to FILE (required)")
    ("quiet,q", "no summary on stderr");
  return desc;
}

void print_summary(const MergeArgs& args, const ModelSummary& merged) {
  std::fprintf(stderr, "winnow: merged %zu models into %s: %llu documents, %llu sources, "
               "%llu entries\n", args.models.size(), args.output.c_str(),
               static_cast<unsigned long long>(merged.documents),
               static_cast<unsigned long long>(merged.sources),
               static_cast<unsigned long long>(merged.entries));
}

}  // namespace

int merge_command(const std::vector<std::string>& args) {
  MergeArgs parsed;
  po::options_description visible = merge_options(parsed);
  po::variables_map vm;
  if (int status = parse_options(args, visible, parsed.models, kMergeUsage, "merge", vm); status >= 0) {
    return status;
  }
  parsed.quiet = vm.count("quiet") > 0;
  if (parsed.models.empty()) return usage_error("merge", "no MODEL to merge");
  if (parsed.output.empty()) return usage_error("merge", "-o MODEL is required");
  // A record at a time from each model, so merging takes little memory however big they are.
  try {
    SourceModel::merge_files(parsed.models, parsed.output);
    if (!parsed.quiet) print_summary(parsed, SourceModel::summary_of(parsed.output));
  } catch (const ModelWriteError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  } catch (const ModelError& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());  // names the file at fault
    return kExitInputFailed;
  }
  return kExitOk;
}

}  // namespace winnow::cli
