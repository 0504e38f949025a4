#include "winnow/word_store.hpp"

namespace winnow {
namespace {

void put_varint(std::string& out, uint32_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
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
  uint32_t previous_end = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    hashes_.push_back(short_word_hash(words.hashes[i]));
    put_varint(span_bytes_, words.spans[i].start - previous_end);
    put_varint(span_bytes_, words.spans[i].size());
    previous_end = words.spans[i].end;
  }
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
