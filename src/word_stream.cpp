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

// The word at normal[begin, end) without edge punctuation; empty when it is punctuation only.
std::string_view trimmed(const char* normal, size_t begin, size_t end) {
  while (begin < end && is_edge_punctuation(normal[begin])) ++begin;
  while (end > begin && is_edge_punctuation(normal[end - 1])) --end;
  return {normal + begin, end - begin};
}

void add_word(uint64_t hash, TextSpan source, WordStream& out) {
  out.hashes.push_back(static_cast<uint32_t>(hash));
  out.spans.push_back(source);
}

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
    const char* normal = normalized_.data();
    const auto sink = [&](size_t src_begin, size_t src_end, size_t out_begin, size_t out_end) {
      const TextSpan source{static_cast<uint32_t>(span.start + src_begin), static_cast<uint32_t>(span.start + src_end)};
      const std::string_view word = trimmed(normal, out_begin, out_end);
      if (!word.empty()) add_word(XXH3_64bits_withSeed(word.data(), word.size(), seed_), source, out);
    };
    detail::fold_utf8(paragraph, normalized_.data(), invalid, sink);
  }
}

void WordReader::add_normalized(std::string_view normalized, std::span<const WordSpan> words,
                                int64_t shift, uint64_t words_seed, WordStream& out) const {
  for (const WordSpan& w : words) {
    const std::string_view word = trimmed(normalized.data(), w.normal.start, w.normal.end);
    if (word.empty()) continue;
    const bool same = words_seed == seed_ && word.size() == w.normal.size();
    const uint64_t hash = same ? w.hash : XXH3_64bits_withSeed(word.data(), word.size(), seed_);
    const TextSpan source{static_cast<uint32_t>(w.source.start + shift), static_cast<uint32_t>(w.source.end + shift)};
    add_word(hash, source, out);
  }
}

}  // namespace winnow
