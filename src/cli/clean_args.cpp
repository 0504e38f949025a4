#include "clean_args.hpp"

#include <charconv>

#include "commands.hpp"

namespace po = boost::program_options;

namespace winnow::cli {

po::options_description cleaning_options(CleanOptions& o, CleanArgs& a) {
  po::options_description desc("Cleaning");
  desc.add_options()
    ("rules", po::value(&o.rules_files)->composing(),
     "add the boilerplate rules of FILE (repeatable; format: see --print-rules)")
    ("rules-only", "use only the --rules files, not the bundled rules")
    ("model", po::value(&o.model), "a model from 'winnow learn'")
    ("window", po::value(&a.window)->default_value("10000")->value_name("N"),
     "stdin without --model: learn while streaming, holding back up to N records so each is "
     "judged with the N after it too; this mode cleans on one thread, and a short stream's "
     "records see little evidence (files and --model avoid both). 0: rules and context only")
    ("on-error", po::value(&a.on_error)->default_value("keep"),
     "bad records: keep (pass through unchanged) | skip (to --rejects only) | fail (stop, exit 3)")
    ("rejects", po::value(&o.rejects), "write the raw lines of bad records to FILE")
    ("stats", po::value(&o.stats), "write a JSON summary to FILE ('-': stderr)")
    ("max-memory", po::value(&a.max_memory)->default_value("1G")->value_name("SIZE"),
     "memory the model and duplicate index may take together; past it the oldest records are "
     "matched as exact copies only, and a two-pass run's learning spills to --temp-dir (0: no bound)")
    ("temp-dir", po::value(&o.temp_dir)->value_name("DIR"),
     "where learning past --max-memory spills (default $TMPDIR, else /tmp)")
    ("seed", po::value(&a.seed)->value_name("N"),
     "hash seed (default: the --model's, else 0); text crafted to collide needs it, so keep it "
     "secret where input may be hostile. A --model or --index must have been made with it");
  return desc;
}

po::options_description duplicate_options(CleanOptions& o, CleanArgs& a, bool modes) {
  po::options_description desc("Duplicates (compared on the cleaned text, across sources)");
  DuplicateOptions& d = o.dups;
  if (modes) {
    desc.add_options()
      ("dups", po::value(&a.dups)->value_name("MODE"),
       "flag (default): add winnow.dup_of, kind, similarity and passages to a record related to an "
       "earlier one | drop: move exact and near copies to --dropped | off. Default off with --no-strip")
      ("dropped", po::value(&o.dropped), "with --dups drop: write the dropped copies to FILE");
  }
  desc.add_options()
    ("index", po::value(&o.index)->value_name("FILE"),
     "relate records to those indexed by earlier runs too, and add this run's records to FILE "
     "(created when missing; rewritten atomically, and only when the run completes)")
    ("threshold", po::value(&d.threshold)->default_value(0.8, "0.8")->value_name("J"),
     "near duplicate: Jaccard of the word-shingle sets, or containment of the smaller text, at least J")
    ("shingle-words", po::value(&d.shingle_words)->default_value(5)->value_name("N"),
     "words per shingle for near duplicates")
    ("min-passage-words", po::value(&d.min_passage_words)->default_value(10)->value_name("N"),
     "report reused passages of N words or more; every shared run of N words is found. A larger "
     "N indexes fewer fingerprints: faster, but shorter quotes go unreported")
    ("within-source", "also relate records of the same source (boilerplate is found by other means)");
  return desc;
}

namespace {


void finish_duplicates(const po::variables_map& vm, const CleanArgs& a, CleanOptions& o) {
  std::string mode = a.dups.empty() ? (o.processor.strip ? "flag" : "off") : a.dups;
  if (mode != "flag" && mode != "drop" && mode != "off") {
    throw po::error("--dups must be flag, drop or off, not '" + mode + "'");
  }
  o.find_duplicates = mode != "off";
  o.dup_action = mode == "drop" ? DupAction::drop : DupAction::flag;
  if (mode == "drop" && o.dropped.empty()) {
    throw po::error("--dups drop needs --dropped FILE, so no record is lost "
                    "(use --dropped /dev/null to discard them)");
  }
  if (mode != "drop" && !o.dropped.empty()) throw po::error("--dropped needs --dups drop");
  DuplicateOptions& d = o.dups;
  if (!(d.threshold > 0.0 && d.threshold <= 1.0)) throw po::error("--threshold must be in (0, 1]");
  if (d.shingle_words < 1 || d.shingle_words > 64) throw po::error("--shingle-words must be 1 to 64");
  if (d.min_passage_words < 2 || d.min_passage_words > 10000) {
    throw po::error("--min-passage-words must be 2 to 10000");
  }
  d.within_source = vm.count("within-source") > 0;
  if (!o.index.empty() && mode == "off") throw po::error("--index needs duplicate detection (not --dups off)");
}

OnError parse_on_error(const std::string& s) {
  if (s == "keep") return OnError::keep;
  if (s == "skip") return OnError::skip;
  if (s == "fail") return OnError::fail;
  throw po::error("--on-error must be keep, skip or fail, not '" + s + "'");
}

size_t parse_window(const std::string& s) {
  size_t n = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || error != std::errc() || end != s.data() + s.size()) {
    throw po::error("--window must be a number of records, not '" + s + "'");
  }
  return n;
}

}  // namespace

void finish_clean_options(const po::variables_map& vm, const CleanArgs& a, const InputArgs& in, CleanOptions& o) {
  o.inputs = in.files;
  o.reader = in.reader;
  o.threads = in.worker_threads;
  o.quiet = in.quiet;
  o.verbose = in.verbose;
  o.processor.fields = in.fields;
  o.processor.max_paragraphs = in.max_paragraphs;
  o.processor.on_error = parse_on_error(a.on_error);
  o.processor.strip = vm.count("no-strip") == 0;
  o.processor.annotate = vm.count("annotate") > 0;
  // Dates order a cluster only when asked for: a template's date field is not a promise.
  o.processor.date_orders_duplicates = !vm["date-field"].defaulted();
  o.processor.write_rejects = !o.rejects.empty();
  o.window = parse_window(a.window);
  if (vm.count("seed")) o.seed = a.seed;
  try {
    o.max_memory = parse_memory(a.max_memory);
  } catch (const std::invalid_argument& e) {
    throw po::error(std::string("--max-memory: ") + e.what());
  }
  finish_duplicates(vm, a, o);
  o.rules_replace = vm.count("rules-only") > 0;
  if (o.rules_replace && o.rules_files.empty()) throw po::error("--rules-only needs --rules FILE");
  if (o.processor.on_error == OnError::skip && o.rejects.empty()) {
    throw po::error("--on-error skip needs --rejects FILE, so no record is lost "
                    "(use --rejects /dev/null to discard them)");
  }
}


}  // namespace winnow::cli
