#include "winnow/stats_report.hpp"

#include <cstdio>

#include "winnow/exit_codes.hpp"
#include "winnow/output_file.hpp"

namespace winnow {

int write_stats(const std::string& path, const RunStats& stats, double wall_seconds) {
  if (path.empty()) return kExitOk;
  try {
    auto file = OutputFile::open(path, /*use_stderr=*/true);
    file->write(stats.to_json(wall_seconds) + "\n");
    file->commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return kExitOutputFailed;
  }
  return kExitOk;
}

}  // namespace winnow
