// Prints batch warnings to stderr in input order, the first ones in full, then a count.
#pragma once
#include <cstdint>
#include <string_view>

namespace winnow {

class WarningPrinter {
 public:
  WarningPrinter(bool quiet, bool verbose) : quiet_(quiet), verbose_(verbose) {}
  // `lines` holds `count` newline-terminated warnings.
  void print(std::string_view lines, uint64_t count);

 private:
  static constexpr uint64_t kShown = 100;  // then one "suppressed" note; -v shows all
  bool quiet_;
  bool verbose_;
  uint64_t shown_ = 0;
  bool suppressed_ = false;
};

}  // namespace winnow
