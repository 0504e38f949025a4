#include "winnow/fingerprint.hpp"

#include "xxhash_inline.hpp"

#include <algorithm>

#include "utf8_fold.hpp"

namespace winnow {
namespace {

// Multiplier of the rolling polynomial over word hashes; odd, so it is invertible mod 2^64
// and a word leaving the window can be subtracted out exactly.
constexpr uint64_t kShingleBase = 0x9E3779B97F4A7C15ull;

// murmur3's 64-bit finalizer: the raw polynomial is linear in the word hashes, so shingles
// sharing words would share bit patterns without a final avalanche.
uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDull;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ull;
  x ^= x >> 33;
  return x;
}

uint64_t power(uint64_t base, unsigned exponent) {
  uint64_t result = 1;
  for (; exponent != 0; exponent >>= 1, base *= base) {
    if (exponent & 1) result *= base;
  }
  return result;
}

// The word count goes into the shingle so a short paragraph's single shingle of m < n words
// is not a polynomial any n-word window could also produce.
uint64_t finish_shingle(uint64_t polynomial, size_t words) { return mix64(polynomial + words); }

// Receives words from the folding scan: hashes their normal form, records their original bytes.
struct WordCollector {
  const char* normalized;
  uint64_t seed;
  uint32_t paragraph_start;
  std::vector<uint64_t>& hashes;
  std::vector<TextSpan>& spans;

  void operator()(size_t src_begin, size_t src_end, size_t out_begin, size_t out_end) const {
    hashes.push_back(XXH3_64bits_withSeed(normalized + out_begin, out_end - out_begin, seed));
    spans.push_back({static_cast<uint32_t>(paragraph_start + src_begin),
                     static_cast<uint32_t>(paragraph_start + src_end)});
  }
};

// Appends the shingles of one paragraph's words: every window of n consecutive words,
// each in O(1) by rolling the polynomial sum(h[j+k] * B^(n-1-k)) one word along.
void append_shingles(const std::vector<uint64_t>& hashes, const std::vector<TextSpan>& spans,
                     unsigned n, DocumentPrints& out) {
  const size_t words = hashes.size();
  if (words == 0) return;
  const size_t window = std::min<size_t>(n, words);  // short paragraph: one shingle of all
  uint64_t polynomial = 0;
  for (size_t k = 0; k < window; ++k) polynomial = polynomial * kShingleBase + hashes[k];
  out.shingles.push_back(finish_shingle(polynomial, window));
  out.shingle_spans.push_back({spans[0].start, spans[window - 1].end});

  const uint64_t leaving_weight = power(kShingleBase, static_cast<unsigned>(window - 1));
  for (size_t last = window; last < words; ++last) {
    const size_t first = last - window + 1;
    polynomial = (polynomial - hashes[first - 1] * leaving_weight) * kShingleBase + hashes[last];
    out.shingles.push_back(finish_shingle(polynomial, window));
    out.shingle_spans.push_back({spans[first].start, spans[last].end});
  }
}

TextSpan clamp_to(TextSpan span, size_t text_size) {
  const auto limit = static_cast<uint32_t>(std::min<size_t>(text_size, UINT32_MAX));
  span.end = std::min(span.end, limit);
  span.start = std::min(span.start, span.end);
  return span;
}

}  // namespace

Fingerprinter::Fingerprinter(FingerprintOptions options) : options_(options) {
  options_.shingle_words = std::max(1u, options_.shingle_words);
}

void Fingerprinter::compute(std::string_view text, std::span<const TextSpan> paragraphs,
                            DocumentPrints& out) {
  out.clear();
  for (const TextSpan& requested : paragraphs) {
    const TextSpan span = clamp_to(requested, text.size());
    const std::string_view paragraph = span.in(text);
    if (normalized_.size() < detail::kMaxFoldGrowth * paragraph.size()) {
      normalized_.resize(detail::kMaxFoldGrowth * paragraph.size());
    }
    word_hashes_.clear();
    word_spans_.clear();
    const WordCollector collect{normalized_.data(), options_.seed, span.start, word_hashes_,
                                word_spans_};
    const size_t length =
        detail::fold_utf8(paragraph, normalized_.data(), out.invalid_utf8, collect);

    ParagraphPrint print;
    print.span = span;
    print.hash = XXH3_64bits_withSeed(normalized_.data(), length, options_.seed);
    print.words = static_cast<uint32_t>(word_hashes_.size());
    print.first_shingle = static_cast<uint32_t>(out.shingles.size());
    append_shingles(word_hashes_, word_spans_, options_.shingle_words, out);
    print.shingle_count = static_cast<uint32_t>(out.shingles.size()) - print.first_shingle;
    out.paragraphs.push_back(print);
  }
}

}  // namespace winnow
