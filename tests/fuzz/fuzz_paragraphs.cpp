// Paragraph splitting (both SplitOptions), the normal form and WordReader on any bytes,
// with the invariants callers rely on checked: spans in the text, in order, trimmed,
// covering every non-blank byte; the normal form valid UTF-8, folded and collapsed;
// words inside their paragraphs, in order.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/normalize.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/word_stream.hpp"

using namespace winnow;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n'; }

// Strict UTF-8: shortest forms, no surrogates, nothing past U+10FFFF.
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0, min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = cp << 6 | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

void check_paragraphs(std::string_view text, const std::vector<TextSpan>& spans, bool joined) {
  std::vector<bool> covered(text.size(), false);
  uint32_t previous_end = 0;
  for (size_t i = 0; i < spans.size(); ++i) {
    const TextSpan& s = spans[i];
    check(s.start < s.end && s.end <= text.size());
    check(i == 0 || s.start > previous_end);
    check(!is_blank(text[s.start]) && !is_blank(text[s.end - 1]));
    if (!joined) check(s.in(text).find('\n') == std::string_view::npos);
    for (uint32_t b = s.start; b < s.end; ++b) covered[b] = true;
    previous_end = s.end;
  }
  for (size_t b = 0; b < text.size(); ++b) check(covered[b] || is_blank(text[b]));
}

void check_normal(std::string_view normal) {
  check(valid_utf8(normal));
  check(normal.empty() || (normal.front() != ' ' && normal.back() != ' '));
  check(normal.find("  ") == std::string_view::npos);
  for (char c : normal) {
    check(c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f');
    check(!(c >= 'A' && c <= 'Z') && !(c >= '1' && c <= '9'));
  }
}

void check_words(std::string_view text, const std::vector<TextSpan>& paragraphs, const WordStream& words) {
  check(words.hashes.size() == words.spans.size());
  size_t p = 0;
  uint32_t previous_end = 0;
  for (const TextSpan& w : words.spans) {
    check(w.start < w.end && w.end <= text.size() && w.start >= previous_end);
    while (p < paragraphs.size() && paragraphs[p].end <= w.start) ++p;
    check(p < paragraphs.size() && paragraphs[p].start <= w.start && w.end <= paragraphs[p].end);
    previous_end = w.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static WordReader reader(0x5eed);
  std::vector<TextSpan> spans;
  WordStream words;

  for (const bool join : {true, false}) {
    split_paragraphs(text, spans, SplitOptions{join});
    check_paragraphs(text, spans, join);
    reader.read(text, spans, words);
    check_words(text, spans, words);
  }

  const std::string normal = normalize(text);
  check_normal(normal);
  // The normal form is a fixed point.
  check(normalize(normal) == normal);
  std::string appended = "prefix ";
  normalize_append(text, appended);
  check(std::string_view(appended).substr(7) == normal);
  for (const TextSpan& s : spans) check_normal(normalize(s.in(text)));
  return 0;
}
