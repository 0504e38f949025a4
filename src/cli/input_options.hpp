// Options every record-reading command shares: input format, field names, limits, threads.
#pragma once
#include <boost/program_options.hpp>

#include <string>
#include <vector>

#include "winnow/batch_reader.hpp"
#include "winnow/json_record.hpp"

namespace winnow::cli {

struct InputArgs {
  std::string format = "jsonl";
  std::string max_record = "8M";
  size_t max_paragraphs = 100000;
  unsigned threads = 0;
  std::vector<std::string> files;
  FieldNames fields;
  ReaderOptions reader;   // filled by finish()
  unsigned worker_threads = 1;
  bool quiet = false;
  bool verbose = false;
};

boost::program_options::options_description input_options(InputArgs& args);
// The --*-field options alone, for commands that read records but not through a pipeline.
boost::program_options::options_description field_options(FieldNames& fields);
// Throws boost::program_options::error when a field name is empty.
void check_field_names(const FieldNames& fields);

// Parses `argv` against `visible` with the positional arguments going to `positional`.
// Returns -1 to go on, or the exit status when help was printed or the line was bad.
int parse_options(const std::vector<std::string>& argv,
                  const boost::program_options::options_description& visible,
                  std::vector<std::string>& positional, const char* usage, const char* command,
                  boost::program_options::variables_map& vm);

// Parses `argv` against `visible` (which includes input_options) plus positional FILEs.
// Returns -1 to go on, or the exit status when help was printed or the line was bad.
int parse_command_line(const std::vector<std::string>& argv,
                       const boost::program_options::options_description& visible,
                       const char* usage, const char* command, InputArgs& args,
                       boost::program_options::variables_map& vm);

// Prints a usage error the same way for every command; returns kExitUsage.
int usage_error(const char* command, const std::string& message);

}  // namespace winnow::cli
