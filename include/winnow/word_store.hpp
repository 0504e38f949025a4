// The words of every indexed record, as passage matching extends over them: a 16-bit hash
// per word and the byte spans as varint gaps and lengths, about 4 bytes a word where the
// WordStream of a live record takes 12.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "winnow/pod_array.hpp"
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
    return {hashes_.data() + (words.first_word - first_word_), words.count};
  }
  // Bytes of words [first, first + count) in the record's output text; count >= 1.
  TextSpan cover(const StoredWords& words, uint32_t first, uint32_t count) const;

  // Forgets the words of the records added before `first_kept` (evicted to bound memory);
  // StoredWords of later records stay valid.
  void erase_before(const StoredWords& first_kept);
  // Where the next record's words will go: erase_before(end()) forgets everything.
  StoredWords end() const { return {first_word_ + hashes_.size(), first_byte_ + span_bytes_.size(), 0}; }

  // The raw arrays, for saving and loading an index; assign() takes them back, with the
  // place of their first word and byte among all words ever added.
  std::span<const uint16_t> all_hashes() const { return hashes_; }
  std::string_view all_span_bytes() const { return {span_bytes_.data(), span_bytes_.size()}; }
  void assign(PodArray<uint16_t> hashes, PodArray<char> span_bytes, uint64_t first_word, uint64_t first_byte);

  size_t memory_bytes() const { return hashes_.capacity() * sizeof(uint16_t) + span_bytes_.capacity(); }
  size_t live_bytes() const { return hashes_.size() * sizeof(uint16_t) + span_bytes_.size(); }

 private:
  PodArray<uint16_t> hashes_;
  PodArray<char> span_bytes_;  // per word: varint gap from the previous word's end, varint length
  uint64_t first_word_ = 0;  // of hashes_[0] among all words added
  uint64_t first_byte_ = 0;  // of span_bytes_[0]
};

}  // namespace winnow
