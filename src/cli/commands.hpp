// The subcommands of the winnow front end. Each parses its options and calls the engine.
#pragma once
#include <string>
#include <vector>

namespace winnow::cli {

// args excludes the program and command names. Returns the process exit status.
int clean_command(const std::vector<std::string>& args);
int learn_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int eval_command(const std::vector<std::string>& args);
int dups_command(const std::vector<std::string>& args);
int index_command(const std::vector<std::string>& args);

// Parses sizes such as 4096, 64K, 256M, 2G (powers of 1024), below 4 GiB. Throws
// std::invalid_argument.
size_t parse_size(const std::string& text);

// Default worker count: every core.
unsigned default_threads();

}  // namespace winnow::cli
