// Everything the duplicate index compares of one record's cleaned content, computed by a
// worker thread so the single-threaded index only looks up and inserts.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "winnow/text_span.hpp"
#include "winnow/winnowing.hpp"
#include "winnow/word_stream.hpp"

namespace winnow {

struct DuplicateOptions {
  double threshold = 0.8;          // Jaccard (or containment) of shingle sets for "near"
  unsigned shingle_words = 5;      // n of the word shingles MinHash and Jaccard compare
  unsigned min_passage_words = 10; // every shared run this long is found
  unsigned permutations = 128;     // MinHash signature length
  bool within_source = false;      // also relate records of the same source
  uint64_t seed = 0;
};

struct ContentSketch {
  WordStream words;                  // spans are byte offsets into the record's output text
  uint64_t exact = 0;                // the whole normalized content
  std::vector<PassagePrint> prints;  // winnowed word grams with their positions
  std::vector<uint64_t> band_keys;   // LSH bands of the MinHash signature

  bool empty() const { return words.size() == 0; }
};

// One per worker thread; reuses its buffers.
class ContentSketcher {
 public:
  explicit ContentSketcher(const DuplicateOptions& options);
  ~ContentSketcher();
  ContentSketcher(const ContentSketcher&) = delete;
  ContentSketcher& operator=(const ContentSketcher&) = delete;

  // Sketches the content paragraphs `paragraphs` of `text` (the text as it is written out).
  void sketch(std::string_view text, std::span<const TextSpan> paragraphs, ContentSketch& out);

  // The same from paragraphs whose words were already normalized (by the cleaner): each
  // piece's word spans point into `normalized` (their hashes under `words_seed`), its source
  // spans move by `shift` to where the paragraph is in the text as written.
  struct NormalizedPiece {
    std::span<const WordSpan> words;
    int64_t shift = 0;
  };
  void sketch_normalized(std::string_view normalized, std::span<const NormalizedPiece> pieces,
                         uint64_t words_seed, ContentSketch& out);

 private:
  void finish(ContentSketch& out);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The shingle set of a word sequence: sorted, unique hashes of its n-word runs (a text
// shorter than n words is one shingle of all its words).
void shingle_set(std::span<const uint32_t> words, unsigned n, std::vector<uint64_t>& out);

}  // namespace winnow
