// The words of every indexed record, as passage matching extends over them: a 16-bit hash
// per word and the byte spans as varint gaps and lengths, about 4 bytes a word where the
// WordStream of a live record takes 12.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "winnow/text_span.hpp"
#include "winnow/word_stream.hpp"

namespace winnow {

// What extension compares: equal words always match, unequal ones once in 65,536.
inline uint16_t short_word_hash(uint32_t hash) { return static_cast<uint16_t>(hash); }

struct StoredWords {
  uint64_t first_word = 0;  // into the hashes
  uint64_t first_byte = 0;  // into the span bytes
  uint32_t count = 0;
};

class WordStore {
 public:
  StoredWords add(const WordStream& words);
  std::span<const uint16_t> hashes(const StoredWords& words) const {
    return {hashes_.data() + words.first_word, words.count};
  }
  // Bytes of words [first, first + count) in the record's output text; count >= 1.
  TextSpan cover(const StoredWords& words, uint32_t first, uint32_t count) const;

  // The raw arrays, for saving and loading an index; assign() takes them back.
  const std::vector<uint16_t>& all_hashes() const { return hashes_; }
  const std::string& all_span_bytes() const { return span_bytes_; }
  void assign(std::vector<uint16_t> hashes, std::string span_bytes);

  size_t memory_bytes() const { return hashes_.capacity() * sizeof(uint16_t) + span_bytes_.capacity(); }

 private:
  std::vector<uint16_t> hashes_;
  std::string span_bytes_;  // per word: varint gap from the previous word's end, varint length
};

}  // namespace winnow
