#include "winnow/word_stream.hpp"

#include "xxhash_inline.hpp"

#include "utf8_fold.hpp"

namespace winnow {
namespace {

// ASCII punctuation after folding (typographic quotes and dashes are ASCII by then).
bool is_edge_punctuation(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x80 && u > 0x20 && !(u >= 'a' && u <= 'z') && !(u >= '0' && u <= '9');
}

struct WordSink {
  const char* normalized;
  uint64_t seed;
  uint32_t paragraph_start;
  WordStream& out;

  void operator()(size_t src_begin, size_t src_end, size_t out_begin, size_t out_end) const {
    while (out_begin < out_end && is_edge_punctuation(normalized[out_begin])) ++out_begin;
    while (out_end > out_begin && is_edge_punctuation(normalized[out_end - 1])) --out_end;
    if (out_begin == out_end) return;  // a dash or a lone quote is not a word
    out.hashes.push_back(
        static_cast<uint32_t>(XXH3_64bits_withSeed(normalized + out_begin, out_end - out_begin, seed)));
    out.spans.push_back({static_cast<uint32_t>(paragraph_start + src_begin),
                         static_cast<uint32_t>(paragraph_start + src_end)});
  }
};

}  // namespace

void WordReader::read(std::string_view text, std::span<const TextSpan> paragraphs, WordStream& out) {
  out.clear();
  uint64_t invalid = 0;
  for (const TextSpan& span : paragraphs) {
    if (span.end > text.size() || span.start >= span.end) continue;
    const std::string_view paragraph = span.in(text);
    if (normalized_.size() < detail::kMaxFoldGrowth * paragraph.size()) {
      normalized_.resize(detail::kMaxFoldGrowth * paragraph.size());
    }
    const WordSink sink{normalized_.data(), seed_, span.start, out};
    detail::fold_utf8(paragraph, normalized_.data(), invalid, sink);
  }
}

}  // namespace winnow
