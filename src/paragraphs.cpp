#include "winnow/paragraphs.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>

#include "utf8_fold.hpp"

namespace winnow {
namespace {

// A greedy wrapper fills lines up to a width; narrower text is not worth calling wrapped.
constexpr uint32_t kMinWrapWidth = 30;
// Share of line boundaries that must look greedy-wrapped (3 of 4) for a block to count as
// wrapped: alternating headline/date lists reach only about half.
constexpr uint32_t kWrappedNumerator = 3, kWrappedDenominator = 4;
// A drop cap is the opening word set apart; longer lone words are labels ("Advertisement").
constexpr uint32_t kMaxDropCapLength = 6;

// One non-blank line of a block, trimmed, with what the join heuristics look at.
struct Line {
  uint32_t start = 0, end = 0;
  uint32_t length = 0;             // code points
  uint32_t first_word_length = 0;  // code points
  bool single_word = false;
  bool bullet = false;        // starts a list item
  bool starts_lower = false;  // continues a sentence
  bool ends_sentence = false;
  bool ends_comma = false;
  bool ends_word_hyphen = false;  // "well-" / "said—": the word goes on
  bool capitalized_word = false;  // one word of letters, the first upper case
  bool starts_block = false;      // first line after a blank line (or of the text)
  bool join_next = false;         // the decision: same paragraph as the next line
};

bool is_blank_byte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

uint32_t count_code_points(const unsigned char* p, const unsigned char* end) {
  uint32_t count = 0;
  for (; p < end; ++p) count += !is_continuation(*p);  // vectorizes
  return count;
}

struct CodePoint {
  char32_t cp;
  const unsigned char* begin;  // its first byte
  const unsigned char* end;
};

// The code point starting at `p` < `end`; a broken sequence reads as U+FFFD.
CodePoint first_code_point(const unsigned char* p, const unsigned char* end) {
  if (*p < 0x80) return {*p, p, p + 1};
  const detail::Decoded d = detail::decode_multibyte(p, static_cast<size_t>(end - p));
  return {d.valid ? d.cp : 0xFFFD, p, p + d.length};
}

// The code point ending just before `end`, `begin` < `end`; a broken one is its last byte.
CodePoint last_code_point(const unsigned char* begin, const unsigned char* end) {
  const unsigned char* p = end - 1;
  while (p > begin && end - p < 4 && is_continuation(*p)) --p;
  const CodePoint c = first_code_point(p, end);
  if (c.cp == 0xFFFD || c.end != end) return {0xFFFD, end - 1, end};
  return c;
}

bool is_closing_mark(char32_t cp) {
  switch (cp) {
    case U'"': case U'\'': case U')': case U']': case U'}':
    case 0x2019: case 0x201D: case 0x00BB: case 0x203A:
      return true;
    default:
      return false;
  }
}

bool is_sentence_end(char32_t cp) {
  switch (cp) {
    case U'.': case U'!': case U'?': case U':': case U';':
    case 0x2026: case 0x3002: case 0xFF01: case 0xFF1F:  // … 。！？
      return true;
    default:
      return false;
  }
}

bool is_dash(char32_t cp) {
  return cp == U'-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2013 || cp == 0x2014;
}

// En and em dashes are left out: a wrapped line often starts with a spaced dash aside.
bool is_bullet_mark(char32_t cp) {
  switch (cp) {
    case U'-': case U'*': case U'+': case 0x00B7:
    case 0x2022: case 0x2023: case 0x25AA: case 0x25E6:  // · • ‣ ▪ ◦
      return true;
    default:
      return false;
  }
}

// Where the text after a list marker ("-", "•", "1.", "12)") begins; null without one.
const unsigned char* after_list_marker(const unsigned char* p, const unsigned char* end) {
  const unsigned char* digits_end = p;
  while (digits_end < end && digits_end - p < 4 && *digits_end >= '0' && *digits_end <= '9') {
    ++digits_end;
  }
  if (digits_end == p) {
    const CodePoint mark = first_code_point(p, end);
    return is_bullet_mark(mark.cp) ? mark.end : nullptr;
  }
  // Up to three digits: "2024." opening a line is a year, not item two thousand.
  const bool numbered =
      digits_end - p <= 3 && digits_end < end && (*digits_end == '.' || *digits_end == ')');
  return numbered ? digits_end + 1 : nullptr;
}

// "- item", "• item", "1. item", "12) item": a list item starts its own paragraph.
bool starts_with_bullet(const unsigned char* p, const unsigned char* end) {
  const unsigned char* item = after_list_marker(p, end);
  return item != nullptr && item < end && (*item == ' ' || *item == '\t');
}

bool is_uppercase(char32_t cp) {
  return (cp >= U'A' && cp <= U'Z') || (cp >= 0x80 && detail::fold_case(cp) != cp);
}

// "The", "Ελλάδα": an upper-case letter, then letters only (any non-ASCII byte counts).
bool is_capitalized_word(const unsigned char* p, const unsigned char* end, char32_t first) {
  if (!is_uppercase(first)) return false;
  for (; p < end; ++p) {
    const unsigned char c = *p;
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (!letter) return false;
  }
  return true;
}

void describe_ending(Line& line, const unsigned char* begin, const unsigned char* end) {
  CodePoint last = last_code_point(begin, end);
  line.ends_comma = last.cp == U',';
  if (is_dash(last.cp) && last.begin > begin) {
    const char32_t before = last_code_point(begin, last.begin).cp;
    const bool blank_before = before < 0x80 && is_blank_byte(static_cast<unsigned char>(before));
    line.ends_word_hyphen = !blank_before && !is_dash(before);
  }
  while (is_closing_mark(last.cp) && last.begin > begin) last = last_code_point(begin, last.begin);
  line.ends_sentence = is_sentence_end(last.cp);
}

void describe(Line& line, std::string_view text) {
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data()) + line.start;
  const auto* end = reinterpret_cast<const unsigned char*>(text.data()) + line.end;
  const unsigned char* word_end = begin;
  while (word_end < end && *word_end != ' ' && *word_end != '\t') ++word_end;

  line.length = count_code_points(begin, end);
  line.first_word_length = count_code_points(begin, word_end);
  line.single_word = word_end == end;
  line.bullet = starts_with_bullet(begin, end);
  const char32_t first = first_code_point(begin, end).cp;
  line.starts_lower = detail::is_lowercase(first);
  line.capitalized_word = line.single_word && is_capitalized_word(begin, end, first);
  describe_ending(line, begin, end);
}

// Join rule for prose whatever its layout: the sentence visibly goes on across the break.
bool continues_as_prose(const Line& line, const Line& next) {
  if (next.bullet) return false;
  if (line.ends_comma || line.ends_word_hyphen) return true;
  // Two lone words ("Home" / "news") are a menu, not a sentence.
  return !line.ends_sentence && next.starts_lower && !(line.single_word && next.single_word);
}

uint32_t max_length(std::span<const Line> lines) {
  uint32_t width = 0;
  for (const Line& line : lines) width = std::max(width, line.length);
  return width;
}

// A greedy wrapper breaks a line only when the next word would not fit within the width.
bool breaks_greedily(const Line& line, const Line& next, uint32_t width) {
  return line.length + 1 + next.first_word_length > width;
}

bool is_wrapped(std::span<const Line> lines) {
  if (lines.size() < 3) return false;
  const uint32_t width = max_length(lines);
  if (width < kMinWrapWidth) return false;
  size_t greedy = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    greedy += breaks_greedily(lines[i], lines[i + 1], width);
  }
  return greedy * kWrappedDenominator >= (lines.size() - 1) * kWrappedNumerator;
}

// In wrapped text a line that stops short of the width ends its paragraph, whatever its
// punctuation; a full one was broken only because the next word did not fit.
void join_wrapped(std::span<Line> lines, uint32_t width) {
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    const Line& next = lines[i + 1];
    lines[i].join_next =
        !next.bullet && (breaks_greedily(lines[i], next, width) || lines[i].ends_word_hyphen);
  }
}

// A lone short capitalized word over prose that goes on is the article's drop-cap opening.
bool opens_with_drop_cap(std::span<const Line> lines) {
  const Line& first = lines[0];
  return lines.size() >= 3 && first.capitalized_word && !first.ends_sentence &&
         first.length <= kMaxDropCapLength && lines[1].join_next;
}

// Decides the joins inside one block of two or more lines; returns its wrap width if the
// block (or all of it but a first headline or drop-cap line) is wrapped, else 0.
uint32_t decide_block(std::span<Line> lines, std::string_view text) {
  for (Line& line : lines) describe(line, text);
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    lines[i].join_next = continues_as_prose(lines[i], lines[i + 1]);
  }
  uint32_t width = 0;
  if (is_wrapped(lines)) {
    width = max_length(lines);
    join_wrapped(lines, width);
  } else if (is_wrapped(lines.subspan(1))) {
    width = max_length(lines.subspan(1));
    join_wrapped(lines.subspan(1), width);
  }
  if (opens_with_drop_cap(lines)) lines[0].join_next = true;
  return width;
}

// A two-line block shows no wrap width of its own; if the document is wrapped elsewhere,
// a first line broken greedily at that width continues on the second.
void join_by_document_width(std::span<Line> pair, uint32_t document_width) {
  const Line& line = pair[0];
  const Line& next = pair[1];
  if (!next.bullet && line.length <= document_width &&
      breaks_greedily(line, next, document_width)) {
    pair[0].join_next = true;
  }
}

// Calls visit(block) for each run of lines between blank lines.
template <class Visit>
void for_each_block(std::span<Line> lines, Visit&& visit) {
  size_t first = 0;
  for (size_t i = 1; i <= lines.size(); ++i) {
    if (i == lines.size() || lines[i].starts_block) {
      visit(lines.subspan(first, i - first));
      first = i;
    }
  }
}

void decide_joins(std::span<Line> lines, std::string_view text) {
  uint32_t document_width = 0;
  for_each_block(lines, [&](std::span<Line> block) {
    if (block.size() > 1) document_width = std::max(document_width, decide_block(block, text));
  });
  if (document_width == 0) return;
  for_each_block(lines, [&](std::span<Line> block) {
    if (block.size() == 2) join_by_document_width(block, document_width);
  });
}

void append_paragraphs(std::span<const Line> lines, std::vector<TextSpan>& out) {
  uint32_t paragraph_start = 0;
  bool open = false;
  for (const Line& line : lines) {
    if (!open) paragraph_start = line.start, open = true;
    if (!line.join_next) {
      out.push_back({paragraph_start, line.end});
      open = false;
    }
  }
}

}  // namespace

void split_paragraphs(std::string_view text, std::vector<TextSpan>& out,
                      const SplitOptions& options) {
  out.clear();
  if (text.empty()) return;
  text = text.substr(0, std::min<size_t>(text.size(), UINT32_MAX));  // offsets are 32-bit
  // All non-blank lines, kept so a document-wide wrap width can inform every block;
  // reused so splitting does not allocate per call.
  thread_local std::vector<Line> lines;
  lines.clear();

  const char* data = text.data();
  const size_t size = text.size();
  bool after_blank = true;
  size_t line_start = 0;
  while (line_start <= size) {
    const void* newline = std::memchr(data + line_start, '\n', size - line_start);
    const size_t line_end = newline ? static_cast<const char*>(newline) - data : size;
    size_t start = line_start, end = line_end;
    while (start < end && is_blank_byte(static_cast<unsigned char>(data[start]))) ++start;
    while (end > start && is_blank_byte(static_cast<unsigned char>(data[end - 1]))) --end;
    line_start = line_end + 1;

    if (start == end) {
      after_blank = true;  // a blank line always ends a paragraph
      continue;
    }
    Line line;
    line.start = static_cast<uint32_t>(start), line.end = static_cast<uint32_t>(end);
    line.starts_block = after_blank || !options.join_wrapped_lines;
    lines.push_back(line);
    after_blank = false;
  }
  if (options.join_wrapped_lines) decide_joins(lines, text);
  append_paragraphs(lines, out);
}

}  // namespace winnow
