// A half-open byte range [start, end) into a record's decoded text.
#pragma once
#include <cstdint>
#include <string_view>

namespace winnow {

// 32-bit offsets keep per-paragraph state small; records are capped well below 4 GiB.
struct TextSpan {
  uint32_t start = 0;
  uint32_t end = 0;

  uint32_t size() const { return end - start; }
  std::string_view in(std::string_view text) const { return text.substr(start, end - start); }
  friend bool operator==(const TextSpan&, const TextSpan&) = default;
};

}  // namespace winnow
