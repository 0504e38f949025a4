#include "winnow/word_stream.hpp"

#include "xxhash_inline.hpp"

#include "normal_words.hpp"

namespace winnow {
namespace {

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
      const TextSpan bare = detail::bare_span(normal, out_begin, out_end);
      if (bare.size() != 0) add_word(XXH3_64bits_withSeed(normal + bare.start, bare.size(), seed_), source, out);
    };
    detail::fold_utf8(paragraph, normalized_.data(), invalid, sink);
  }
}

void WordReader::add_normalized(std::string_view normalized, std::span<const WordSpan> words,
                                int64_t shift, uint64_t words_seed, WordStream& out) const {
  const bool same_seed = words_seed == seed_;
  for (const WordSpan& w : words) {
    if (w.bare.size() == 0) continue;
    const std::string_view word = w.bare.in(normalized);
    const uint64_t hash = same_seed ? w.bare_hash : XXH3_64bits_withSeed(word.data(), word.size(), seed_);
    const TextSpan source{static_cast<uint32_t>(w.source.start + shift), static_cast<uint32_t>(w.source.end + shift)};
    add_word(hash, source, out);
  }
}

}  // namespace winnow
