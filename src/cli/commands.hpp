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

// Parses sizes such as 4096, 64K, 256M, 2G, 1T (powers of 1024), from 1 byte to `limit`.
// Throws std::invalid_argument. Paragraph offsets are 32-bit, so records stay below 4 GiB.
constexpr unsigned long long kMaxRecordSize = (1ull << 32) - 1;
size_t parse_size(const std::string& text, unsigned long long limit = kMaxRecordSize);
// --max-memory: a size, or 0 for no bound. Throws std::invalid_argument.
size_t parse_memory(const std::string& text);

// Default worker count: every core.
unsigned default_threads();

}  // namespace winnow::cli
