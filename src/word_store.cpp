#include "winnow/word_store.hpp"

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
  StoredWords stored{hashes_.size(), span_bytes_.size(), static_cast<uint32_t>(words.size())};
  // Room for the worst case first, so the loops write through plain pointers.
  hashes_.resize(stored.first_word + words.size());
  uint16_t* hash = hashes_.data() + stored.first_word;
  for (const uint32_t h : words.hashes) *hash++ = short_word_hash(h);
  span_bytes_.resize(stored.first_byte + 2 * kMaxVarintBytes * words.size());
  char* const begin = span_bytes_.data();
  char* out = begin + stored.first_byte;
  uint32_t previous_end = 0;
  for (const TextSpan& span : words.spans) {
    out = put_varint(out, span.start - previous_end);
    out = put_varint(out, span.size());
    previous_end = span.end;
  }
  span_bytes_.resize(static_cast<size_t>(out - begin));
  return stored;
}

TextSpan WordStore::cover(const StoredWords& words, uint32_t first, uint32_t count) const {
  const auto* p = reinterpret_cast<const unsigned char*>(span_bytes_.data() + words.first_byte);
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

void WordStore::assign(std::vector<uint16_t> hashes, std::string span_bytes) {
  hashes_ = std::move(hashes);
  span_bytes_ = std::move(span_bytes);
}

}  // namespace winnow
