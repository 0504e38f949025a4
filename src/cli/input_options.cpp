#include "input_options.hpp"

#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "winnow/exit_codes.hpp"

namespace po = boost::program_options;

namespace winnow::cli {

namespace {

InputFormat parse_format(const std::string& s) {
  if (s == "jsonl") return InputFormat::jsonl;
  if (s == "text") return InputFormat::text;
  if (s == "warc") return InputFormat::warc;
  throw po::error("--format must be jsonl, text or warc, not '" + s + "'");
}

void finish(const po::variables_map& vm, InputArgs& args) {
  check_field_names(args.fields);
  args.reader.format = parse_format(args.format);
  args.reader.max_record_bytes = parse_size(args.max_record);
  args.worker_threads = vm.count("threads") ? args.threads : default_threads();
  if (args.worker_threads == 0 || args.worker_threads > 256) throw po::error("--threads must be 1 to 256");
  args.quiet = vm.count("quiet") > 0;
  args.verbose = vm.count("verbose") > 0;
}

}  // namespace

void check_field_names(const FieldNames& f) {
  for (const std::string* name : {&f.text, &f.id, &f.source, &f.url, &f.title, &f.author, &f.date}) {
    if (name->empty()) throw po::error("field names must not be empty");
  }
}

po::options_description field_options(FieldNames& f) {
  po::options_description desc("Fields");
  desc.add_options()
    ("text-field", po::value(&f.text)->default_value("text"), "field holding the article text")
    ("id-field", po::value(&f.id)->default_value("id"),
     "field holding the record id (records without one are known as FILE:LINE)")
    ("source-field", po::value(&f.source)->default_value("source"),
     "field naming the source; when absent, the host of --url-field")
    ("url-field", po::value(&f.url)->default_value("url"), "field holding the URL")
    ("title-field", po::value(&f.title)->default_value("title"),
     "field holding the title (templates that embed it are still recognised)")
    ("author-field", po::value(&f.author)->default_value("author"), "field holding the author")
    ("date-field", po::value(&f.date)->default_value("date"), "field holding the date");
  return desc;
}

po::options_description input_options(InputArgs& a) {
  po::options_description desc("Input");
  desc.add_options()
    ("format", po::value(&a.format)->default_value("jsonl"),
     "input format: jsonl | text (each FILE one document) | warc (Common Crawl WET)")
    ("max-record-size", po::value(&a.max_record)->default_value("8M"),
     "longer records are bad records, passed on in bounded memory (suffixes K, M, G)")
    ("max-paragraphs", po::value(&a.max_paragraphs)->default_value(100000),
     "records with more paragraphs are bad records")
    ("threads,j", po::value(&a.threads), "worker threads (default: all cores)")
    ("quiet,q", "no warnings")
    ("verbose,v", "print every warning (by default the first 100)");
  desc.add(field_options(a.fields));
  return desc;
}

int usage_error(const char* command, const std::string& message) {
  std::fprintf(stderr, "winnow: %s\nTry 'winnow %s --help'.\n", message.c_str(), command);
  return kExitUsage;
}

int parse_options(const std::vector<std::string>& argv, const po::options_description& visible,
                  std::vector<std::string>& positional_args, const char* usage,
                  const char* command, po::variables_map& vm) {
  po::options_description hidden;
  hidden.add_options()("positional", po::value(&positional_args));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("positional", -1);
  try {
    po::store(po::command_line_parser(argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << usage << '\n' << visible;
      return kExitOk;
    }
    po::notify(vm);
  } catch (const std::exception& e) {
    return usage_error(command, e.what());
  }
  return -1;
}

int parse_command_line(const std::vector<std::string>& argv, const po::options_description& visible,
                       const char* usage, const char* command, InputArgs& args,
                       po::variables_map& vm) {
  if (int status = parse_options(argv, visible, args.files, usage, command, vm); status >= 0) {
    return status;
  }
  try {
    finish(vm, args);
  } catch (const std::exception& e) {
    return usage_error(command, e.what());
  }
  return -1;
}

}  // namespace winnow::cli
