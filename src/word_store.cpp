#include "winnow/word_store.hpp"

#include "quarter_growth.hpp"

namespace winnow {
namespace {

constexpr size_t kMaxVarintBytes = 5;  // of a uint32_t

char* put_varint(char* out, uint32_t value) {
  while (value >= 0x80) {
    *out++ = static_cast<char>(value | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<char>(value);
  return out;
}

uint32_t get_varint(const unsigned char*& p) {
  uint32_t value = 0;
  for (int shift = 0;; shift += 7) {
    const unsigned char byte = *p++;
    value |= uint32_t{byte & 0x7Fu} << shift;
    if (byte < 0x80) return value;
  }
}

}  // namespace

StoredWords WordStore::add(const WordStream& words) {
  StoredWords stored = end();
  stored.count = static_cast<uint32_t>(words.size());
  // Room for the worst case first, so the loops write through plain pointers.
  const size_t old_words = hashes_.size();
  detail::reserve_quarter_more(hashes_, old_words + words.size());
  hashes_.resize_for_overwrite(old_words + words.size());
  uint16_t* hash = hashes_.data() + old_words;
  for (const uint32_t h : words.hashes) *hash++ = short_word_hash(h);
  const size_t old_bytes = span_bytes_.size();
  detail::reserve_quarter_more(span_bytes_, old_bytes + 2 * kMaxVarintBytes * words.size());
  span_bytes_.resize_for_overwrite(old_bytes + 2 * kMaxVarintBytes * words.size());
  char* const begin = span_bytes_.data();
  char* out = begin + old_bytes;
  uint32_t previous_end = 0;
  for (const TextSpan& span : words.spans) {
    out = put_varint(out, span.start - previous_end);
    out = put_varint(out, span.size());
    previous_end = span.end;
  }
  span_bytes_.resize_for_overwrite(static_cast<size_t>(out - begin));
  return stored;
}

TextSpan WordStore::cover(const StoredWords& words, uint32_t first, uint32_t count) const {
  const auto* p = reinterpret_cast<const unsigned char*>(span_bytes_.data() + (words.first_byte - first_byte_));
  uint32_t end = 0;
  TextSpan span;
  for (uint32_t i = 0; i < first + count; ++i) {
    const uint32_t start = end + get_varint(p);
    end = start + get_varint(p);
    if (i == first) span.start = start;
  }
  span.end = end;
  return span;
}

void WordStore::erase_before(const StoredWords& first_kept) {
  const size_t words = first_kept.first_word - first_word_;
  const size_t bytes = first_kept.first_byte - first_byte_;
  hashes_.erase_front(words);
  span_bytes_.erase_front(bytes);
  first_word_ = first_kept.first_word;
  first_byte_ = first_kept.first_byte;
}

void WordStore::assign(PodArray<uint16_t> hashes, PodArray<char> span_bytes, uint64_t first_word,
                       uint64_t first_byte) {
  hashes_ = std::move(hashes);
  span_bytes_ = std::move(span_bytes);
  first_word_ = first_word;
  first_byte_ = first_byte;
}

}  // namespace winnow
