// Writes the --stats summary of a command.
#pragma once
#include <string>

#include "winnow/run_stats.hpp"

namespace winnow {

// Writes stats as one JSON line to `path` ("-": stderr; empty: nothing). Returns an ExitCode.
int write_stats(const std::string& path, const RunStats& stats, double wall_seconds);

}  // namespace winnow
