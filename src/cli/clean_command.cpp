#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "winnow/clean_job.hpp"
#include "winnow/exit_codes.hpp"

namespace po = boost::program_options;

namespace winnow::cli {

namespace {

constexpr const char* kCleanUsage =
    "Usage: winnow clean [OPTIONS] [FILE...]\n"
    "\n"
    "Cleans each record's text and writes the records in input order. Every field but\n"
    "the text is copied byte for byte. FILE may be plain, gzip or zstd (detected from\n"
    "its first bytes); '-' or no FILE reads stdin.\n";

struct RawCleanArgs {
  std::string format = "jsonl";
  std::string on_error = "keep";
  std::string max_record = "256M";
  unsigned threads = 0;
  std::vector<std::string> files;
};

po::options_description clean_options(CleanOptions& o, RawCleanArgs& raw) {
  po::options_description desc("Options");
  FieldNames& f = o.processor.fields;
  desc.add_options()
    ("help,h", "show this help")
    ("output,o", po::value(&o.output)->default_value("-"), "write records to FILE ('-': stdout)")
    ("format", po::value(&raw.format)->default_value("jsonl"),
     "input format: jsonl | text (each FILE one document) | warc (Common Crawl WET)")
    ("text-field", po::value(&f.text)->default_value("text"), "field holding the article text")
    ("id-field", po::value(&f.id)->default_value("id"),
     "field holding the record id (records without one are known as FILE:LINE)")
    ("source-field", po::value(&f.source)->default_value("source"),
     "field naming the source; when absent, the host of --url-field")
    ("url-field", po::value(&f.url)->default_value("url"), "field holding the URL")
    ("no-strip", "copy records through untouched (input is still validated)")
    ("shingle-words", po::value(&o.processor.fingerprint.shingle_words)->default_value(5),
     "words per shingle (n of the word n-grams)")
    ("max-record-size", po::value(&raw.max_record)->default_value("256M"),
     "longer records are bad records (suffixes K, M, G)")
    ("on-error", po::value(&raw.on_error)->default_value("keep"),
     "bad records: keep (pass through unchanged) | skip (to --rejects only) | fail (stop, exit 3)")
    ("rejects", po::value(&o.rejects), "write the raw lines of bad records to FILE")
    ("stats", po::value(&o.stats), "write a JSON summary to FILE ('-': stderr)")
    ("threads,j", po::value(&raw.threads), "worker threads (default: all cores)")
    ("quiet,q", "no warnings")
    ("verbose,v", "print every warning (by default the first 100)");
  return desc;
}

OnError parse_on_error(const std::string& s) {
  if (s == "keep") return OnError::keep;
  if (s == "skip") return OnError::skip;
  if (s == "fail") return OnError::fail;
  throw po::error("--on-error must be keep, skip or fail, not '" + s + "'");
}

InputFormat parse_format(const std::string& s) {
  if (s == "jsonl") return InputFormat::jsonl;
  if (s == "text") return InputFormat::text;
  if (s == "warc") return InputFormat::warc;
  throw po::error("--format must be jsonl, text or warc, not '" + s + "'");
}

void check_fields(const FieldNames& f) {
  if (f.text.empty() || f.id.empty() || f.source.empty() || f.url.empty()) {
    throw po::error("field names must not be empty");
  }
}

}  // namespace

int clean_command(const std::vector<std::string>& args) {
  CleanOptions options;
  RawCleanArgs raw;
  po::options_description desc = clean_options(options, raw);
  po::options_description hidden;
  hidden.add_options()("files", po::value(&raw.files));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("files", -1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << kCleanUsage << '\n' << desc;
      return kExitOk;
    }
    po::notify(vm);
    options.inputs = raw.files;
    options.reader.format = parse_format(raw.format);
    options.reader.max_record_bytes = parse_size(raw.max_record);
    options.processor.on_error = parse_on_error(raw.on_error);
    options.processor.strip = vm.count("no-strip") == 0;
    options.processor.write_rejects = !options.rejects.empty();
    options.threads = vm.count("threads") ? raw.threads : default_threads();
    options.quiet = vm.count("quiet") > 0;
    options.verbose = vm.count("verbose") > 0;
    check_fields(options.processor.fields);
    if (options.threads == 0 || options.threads > 256) throw po::error("--threads must be 1 to 256");
    if (options.processor.fingerprint.shingle_words == 0) throw po::error("--shingle-words must be at least 1");
    if (options.processor.on_error == OnError::skip && options.rejects.empty()) {
      throw po::error("--on-error skip needs --rejects FILE, so no record is lost "
                      "(use --rejects /dev/null to discard them)");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow: %s\nTry 'winnow clean --help'.\n", e.what());
    return kExitUsage;
  }
  return run_clean(options);
}

}  // namespace winnow::cli
