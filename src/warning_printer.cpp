#include "winnow/warning_printer.hpp"

#include <cstdio>

namespace winnow {

void WarningPrinter::print(std::string_view lines, uint64_t count) {
  if (quiet_ || count == 0) return;
  if (verbose_ || shown_ + count <= kShown) {
    std::fwrite(lines.data(), 1, lines.size(), stderr);
    shown_ += count;
    return;
  }
  size_t pos = 0;
  while (shown_ < kShown) {
    size_t nl = lines.find('\n', pos);
    std::fwrite(lines.data() + pos, 1, nl + 1 - pos, stderr);
    pos = nl + 1;
    ++shown_;
  }
  if (!suppressed_) {
    std::fputs("winnow: further warnings suppressed (-v shows all; --stats counts them)\n", stderr);
    suppressed_ = true;
  }
}

}  // namespace winnow
