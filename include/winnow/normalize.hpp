// The normal form paragraphs are hashed in: equal after normalization means "the same paragraph".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace winnow {

// Normal form: UTF-8 case folding (Latin, Greek, Cyrillic), typographic quotes and
// dashes unified to ASCII, every decimal digit mapped to '0', runs of whitespace
// (Unicode spaces included) collapsed to one ASCII space, no leading/trailing space.
// Invalid UTF-8 becomes U+FFFD and is counted, never trusted.
struct NormalizeResult {
  uint64_t invalid_utf8 = 0;  // invalid sequences replaced
};

// Appends the normal form of `text` to `out`.
NormalizeResult normalize_append(std::string_view text, std::string& out);

// Convenience for tests and tools.
std::string normalize(std::string_view text);

}  // namespace winnow
