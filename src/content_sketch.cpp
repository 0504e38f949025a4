#include "winnow/content_sketch.hpp"

#include <xxhash.h>

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
  std::vector<uint32_t> signature;
};

ContentSketcher::ContentSketcher(const DuplicateOptions& options) : impl_(std::make_unique<Impl>(options)) {}
ContentSketcher::~ContentSketcher() = default;

void ContentSketcher::sketch(std::string_view text, std::span<const TextSpan> paragraphs, ContentSketch& out) {
  Impl& m = *impl_;
  m.words.read(text, paragraphs, out.words);
  const std::span<const uint32_t> words(out.words.hashes);
  out.exact = XXH3_64bits_withSeed(words.data(), words.size_bytes(), m.options.seed);
  gram_hashes(words, m.passages.gram_words, m.grams);
  select_prints(m.grams, m.passages.window, out.prints);
  if (m.options.shingle_words == m.passages.gram_words && !m.grams.empty()) {
    // The passage grams are the shingles (the default): sort a copy instead of hashing again.
    out.shingles.assign(m.grams.begin(), m.grams.end());
    std::sort(out.shingles.begin(), out.shingles.end());
    out.shingles.erase(std::unique(out.shingles.begin(), out.shingles.end()), out.shingles.end());
  } else {
    shingle_set(words, m.options.shingle_words, out.shingles);
  }
  out.band_keys.clear();
  if (out.empty()) return;
  m.minhash.sign(out.shingles, m.signature);
  band_keys(m.signature, m.lsh, m.options.seed, out.band_keys);
}

}  // namespace winnow
