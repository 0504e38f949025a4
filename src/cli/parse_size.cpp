#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>

#include "commands.hpp"

namespace winnow::cli {

size_t parse_size(const std::string& text, unsigned long long limit) {
  size_t used = 0;
  unsigned long long value = 0;
  if (text.empty() || text[0] < '0' || text[0] > '9') throw std::invalid_argument("not a size: '" + text + "'");
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument("not a size: '" + text + "'");
  }
  std::string suffix = text.substr(used);
  unsigned shift = 0;
  if (suffix == "K" || suffix == "k" || suffix == "KiB") shift = 10;
  else if (suffix == "M" || suffix == "m" || suffix == "MiB") shift = 20;
  else if (suffix == "G" || suffix == "g" || suffix == "GiB") shift = 30;
  else if (suffix == "T" || suffix == "t" || suffix == "TiB") shift = 40;
  else if (!suffix.empty()) throw std::invalid_argument("not a size: '" + text + "'");
  if (value == 0 || value > (limit >> shift)) {
    throw std::invalid_argument("size out of range (1 byte to " + std::to_string(limit) + " bytes): '" + text + "'");
  }
  return static_cast<size_t>(value << shift);
}

size_t parse_memory(const std::string& text) { return text == "0" ? 0 : parse_size(text, 1ull << 50); }

unsigned default_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace winnow::cli
