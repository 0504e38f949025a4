#include "winnow/json_escape.hpp"

#include <cstdint>
#include <cstring>

#include "utf8_fold.hpp"

namespace winnow {

namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Bytes that need escaping in a JSON string; everything else is copied in runs.
constexpr bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
  }
}

// Eight bytes at once, true when all are ASCII and none needs escaping: the common case
// in prose, which then skips the byte loop (SWAR "has a byte less than n" tests).
bool plain_word(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, sizeof x);
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  const uint64_t quote = x ^ (kOnes * '"');
  const uint64_t backslash = x ^ (kOnes * '\\');
  const uint64_t control = (x - kOnes * 0x20) & ~x;
  const uint64_t found = x | control | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash);
  return (found & kHigh) == 0;
}

// Copies `s` to `out` in runs, replacing each invalid UTF-8 sequence with U+FFFD and
// each ASCII byte for which `special` holds with what `replace` appends.
template <class Special, class Replace>
uint64_t copy_repaired(std::string& out, std::string_view s, Special special, Replace replace) {
  uint64_t replaced = 0;
  size_t run = 0;  // start of the pending run of bytes copied verbatim
  size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size() && plain_word(s.data() + i)) {
      i += 8;
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (special(c)) {
        out.append(s.data() + run, i - run);
        replace(out, c);
        run = i + 1;
      }
      ++i;
      continue;
    }
    auto bytes = reinterpret_cast<const unsigned char*>(s.data()) + i;
    detail::Decoded d = detail::decode_multibyte(bytes, s.size() - i);
    if (!d.valid) {
      out.append(s.data() + run, i - run);
      out += kReplacementCharacter;
      ++replaced;
      run = i + d.length;
    }
    i += d.length;
  }
  out.append(s.data() + run, s.size() - run);
  return replaced;
}

}  // namespace

uint64_t append_json_string(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  uint64_t replaced = copy_repaired(out, s, needs_escape, append_escape);
  out += '"';
  return replaced;
}

uint64_t append_valid_utf8(std::string& out, std::string_view s) {
  return copy_repaired(out, s, [](unsigned char) { return false; }, [](std::string&, unsigned char) {});
}

uint64_t splice_text(std::string& out, std::string_view raw, size_t token_begin,
                     size_t token_end, std::string_view new_text) {
  out.append(raw.substr(0, token_begin));
  uint64_t replaced = append_json_string(out, new_text);
  out.append(raw.substr(token_end));
  return replaced;
}

}  // namespace winnow
