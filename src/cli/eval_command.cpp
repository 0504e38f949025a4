#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "input_options.hpp"
#include "winnow/document_cleaner.hpp"
#include "winnow/evaluation.hpp"
#include "winnow/exit_codes.hpp"
#include "winnow/rule_set.hpp"
#include "winnow/source_model.hpp"

namespace po = boost::program_options;

namespace winnow::cli {

namespace {

constexpr const char* kEvalUsage =
    "Usage: winnow eval [OPTIONS] LABELED.jsonl...\n"
    "\n"
    "Scores the cleaner on labeled records. Each record has a \"labels\" array: one label\n"
    "per paragraph of its text split on \"\\n\\n\" (empty pieces included). \"content\" is\n"
    "article content; any other label is not. The cleaner sees the text and the id,\n"
    "source, url, title, author and date fields, never the labels. FILE may be plain,\n"
    "gzip or zstd; '-' or no FILE reads stdin. A record whose label count differs from\n"
    "its paragraph count, or that is not valid JSON, is reported and skipped.\n"
    "\n"
    "What the numbers mean. The cleaner splits paragraphs its own way (finer or equal);\n"
    "a labeled paragraph counts as kept when at least half of its non-whitespace bytes\n"
    "lie in paragraphs the cleaner labeled content. Against the labels:\n"
    "  TP  content, kept              FP  not content, kept (boilerplate left in)\n"
    "  FN  content, removed (lost)    TN  not content, removed\n"
    "  precision = TP / (TP + FP)    how much of what was kept is content\n"
    "  recall    = TP / (TP + FN)    how much of the content was kept\n"
    "  F1        = 2TP / (2TP + FP + FN), the harmonic mean of precision and recall\n"
    "A ratio with a zero denominator is reported as 0, so a page without content labels\n"
    "that keeps nothing has F1 0. Overall figures are micro-averaged: counts summed over\n"
    "all pages, then the ratios taken. 'by character' weighs each paragraph by its\n"
    "non-whitespace characters. Whitespace-only paragraphs are not scored. Per source:\n"
    "paragraph-level figures, sources sorted by name. Worst pages: the --worst N pages\n"
    "with the lowest paragraph F1 (ties by id), each with its first wrongly removed\n"
    "content and wrongly kept boilerplate paragraphs, cut at 100 characters.\n"
    "\n"
    "Unlike 'winnow clean', eval never learns a model from its input: without --model\n"
    "the cleaner works from rules and each page's own context.\n"
    "\n"
    "Exit status: 0 done, however low the scores; 1 an input (labeled file, --rules or\n"
    "--model) could not be read; 2 usage error; 3 no labeled record could be evaluated.\n";

struct EvalArgs {
  std::vector<std::string> files;
  std::string model;
  std::string truth;
  std::vector<std::string> rules_files;
  bool rules_only = false;
  int worst = 10;
  bool json = false;
  FieldNames fields;
};

po::options_description eval_options(EvalArgs& a) {
  po::options_description desc("Options");
  desc.add_options()
    ("help,h", "show this help")
    ("model", po::value(&a.model), "weigh repetition with a source model from 'winnow learn'")
    ("rules", po::value(&a.rules_files)->composing(),
     "add the boilerplate rules of FILE (repeatable), as 'winnow clean --rules' does")
    ("rules-only", "use only the --rules files, not the bundled rules")
    ("truth", po::value(&a.truth), "take each record's labels from this sidecar file instead, "
     "one {\"id\", \"labels\"} line per record in the same order (as bench/ writes them)")
    ("worst", po::value(&a.worst)->default_value(10), "list the N pages with the lowest F1 (0: none)")
    ("json", "print one JSON object instead of text");
  desc.add(field_options(a.fields));
  return desc;
}

void check_args(const po::variables_map& vm, EvalArgs& a) {
  a.json = vm.count("json") > 0;
  a.rules_only = vm.count("rules-only") > 0;
  check_field_names(a.fields);
  if (a.worst < 0) throw po::error("--worst must be 0 or more");
  if (a.rules_only && a.rules_files.empty()) throw po::error("--rules-only needs --rules FILE");
}

int print_report(const EvalReport& report, bool json) {
  std::string out = json ? report.to_json() : report.to_text();
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    std::perror("winnow: cannot write the report");
    return kExitOutputFailed;
  }
  return kExitOk;
}

int evaluate(const EvalArgs& a, const RuleSet& rules, const SourceModel* model) {
  CleanerConfig config;
  config.rules = &rules;
  config.model = model;
  DocumentCleaner cleaner(config);
  Classifier classify = [&cleaner](const DocumentInput& doc, std::vector<ParagraphDecision>& out) {
    cleaner.classify(doc, out);
  };
  EvalReport report(static_cast<size_t>(a.worst));
  evaluate_inputs(a.files, a.fields, classify, report, std::cerr, a.truth);
  // An unreadable input says more than "nothing evaluated", so it wins when both hold.
  if (report.pages() == 0) {
    std::fputs("winnow: no labeled record could be evaluated\n", stderr);
    // Status 3 is clean's "stopped at a bad record"; here it means every record was bad.
    return report.input_failures() > 0 ? kExitInputFailed : kExitBadRecord;
  }
  if (int rc = print_report(report, a.json); rc != kExitOk) return rc;
  return report.input_failures() > 0 ? kExitInputFailed : kExitOk;
}

}  // namespace

int eval_command(const std::vector<std::string>& args) {
  EvalArgs a;
  po::options_description visible = eval_options(a);
  po::variables_map vm;
  if (int status = parse_options(args, visible, a.files, kEvalUsage, "eval", vm); status >= 0) {
    return status;
  }
  try {
    check_args(vm, a);
  } catch (const std::exception& e) {
    return usage_error("eval", e.what());
  }
  std::optional<RuleSet> rules;
  std::optional<SourceModel> model;
  try {
    rules = RuleSet::load(a.rules_files, a.rules_only);
    if (!a.model.empty()) model = SourceModel::load(a.model);
  } catch (const std::exception& e) {  // RulesError, ModelError: the message names the file
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitInputFailed;
  }
  return evaluate(a, *rules, model ? &*model : nullptr);
}

}  // namespace winnow::cli
