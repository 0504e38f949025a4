// UTF-8 validation at one position: the building block for repairing text, never trusting it.
#pragma once
#include <cstddef>
#include <string_view>

namespace winnow {

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when it is invalid:
// overlong forms, surrogates, code points above U+10FFFF, truncated or stray bytes.
inline size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t left = s.size() - i;
  auto cont = [&](size_t k) { return k < left && (byte(i + k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// Bytes to skip at an invalid position: the maximal prefix of a sequence that could
// still have been valid, at least one byte (the W3C/Unicode "maximal subpart" rule).
inline size_t utf8_invalid_length(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t expected = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;
  if (expected == 1 || c > 0xF4) return 1;
  size_t n = 1;
  while (n < expected && i + n < s.size()) {
    auto b = static_cast<unsigned char>(s[i + n]);
    if ((b & 0xC0) != 0x80) break;
    if (n == 1) {
      if ((c == 0xE0 && b < 0xA0) || (c == 0xED && b > 0x9F) || (c == 0xF0 && b < 0x90) ||
          (c == 0xF4 && b > 0x8F)) {
        break;
      }
    }
    ++n;
  }
  return n;
}

}  // namespace winnow
