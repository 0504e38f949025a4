#include "winnow/content_sketch.hpp"

#include "xxhash_inline.hpp"

#include <algorithm>

#include "winnow/minhash.hpp"

namespace winnow {

void shingle_set(std::span<const uint32_t> words, unsigned n, std::vector<uint64_t>& out) {
  if (!words.empty() && words.size() < n) n = static_cast<unsigned>(words.size());
  gram_hashes(words, n, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

struct ContentSketcher::Impl {
  explicit Impl(const DuplicateOptions& o)
      : options(o),
        passages(WinnowParams::for_min_passage(o.min_passage_words)),
        words(o.seed),
        minhash(MinHashOptions{o.permutations, o.seed}),
        lsh(choose_index_lsh(o.threshold, o.permutations)) {}

  DuplicateOptions options;
  WinnowParams passages;
  WordReader words;
  MinHasher minhash;
  LshParams lsh;
  std::vector<uint64_t> grams;
  std::vector<uint64_t> shingles;
  std::vector<uint32_t> signature;
};

ContentSketcher::ContentSketcher(const DuplicateOptions& options) : impl_(std::make_unique<Impl>(options)) {}
ContentSketcher::~ContentSketcher() = default;

void ContentSketcher::sketch(std::string_view text, std::span<const TextSpan> paragraphs, ContentSketch& out) {
  impl_->words.read(text, paragraphs, out.words);
  finish(out);
}

void ContentSketcher::sketch_normalized(std::string_view normalized, std::span<const NormalizedPiece> pieces,
                                        uint64_t words_seed, ContentSketch& out) {
  out.words.clear();
  for (const NormalizedPiece& piece : pieces) {
    impl_->words.add_normalized(normalized, piece.words, piece.shift, words_seed, out.words);
  }
  finish(out);
}

void ContentSketcher::finish(ContentSketch& out) {
  Impl& m = *impl_;
  const std::span<const uint32_t> words(out.words.hashes);
  out.exact = XXH3_64bits_withSeed(words.data(), words.size_bytes(), m.options.seed);
  gram_hashes(words, m.passages.gram_words, m.grams);
  select_prints(m.grams, m.passages.window, out.prints);
  // MinHash needs neither order nor uniqueness, so the grams are signed as they come; the
  // passage grams serve as the shingles when the two sizes agree (the default).
  std::span<const uint64_t> shingles = m.grams;
  if (m.options.shingle_words != m.passages.gram_words || m.grams.empty()) {
    const unsigned n = words.size() < m.options.shingle_words ? static_cast<unsigned>(words.size())
                                                              : m.options.shingle_words;
    gram_hashes(words, n, m.shingles);
    shingles = m.shingles;
  }
  out.band_keys.clear();
  if (out.empty()) return;
  m.minhash.sign(shingles, m.signature);
  band_keys(m.signature, m.lsh, m.options.seed, out.band_keys);
}

}  // namespace winnow
