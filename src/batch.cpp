#include "winnow/batch.hpp"

#include <cstring>

namespace winnow {

void PaddedBuffer::reserve(size_t n) {
  if (n <= capacity_) return;
  size_t grown = capacity_ + capacity_ / 2;
  size_t capacity = n > grown ? n : grown;
  auto bytes = std::make_unique<char[]>(capacity + kPadding);
  if (size_ > 0) std::memcpy(bytes.get(), bytes_.get(), size_);
  std::memset(bytes.get() + capacity, 0, kPadding);
  bytes_ = std::move(bytes);
  capacity_ = capacity;
}

void PaddedBuffer::resize(size_t n) {
  reserve(n);
  size_ = n;
}

void PaddedBuffer::append(const char* p, size_t n) {
  if (n == 0) return;  // memcpy must not see the null of a never-grown buffer
  reserve(size_ + n);
  std::memcpy(bytes_.get() + size_, p, n);
  size_ += n;
}

bool is_blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

Document& Batch::add_document() {
  if (document_count == documents.size()) documents.emplace_back();
  Document& d = documents[document_count++];
  d.id.clear();
  d.url.clear();
  d.source.clear();
  d.date.clear();
  d.text.clear();
  return d;
}

void Batch::reset() {
  data.clear();
  items.clear();
  document_count = 0;
  output.clear();
  rejects.clear();
  warnings.clear();
  warning_count = 0;
  stats = RunStats{};
  stop = false;
  stop_message.clear();
  sketched_count = 0;
  dropped.clear();
}

SketchedRecord& Batch::add_sketched() {
  if (sketched_count == sketched.size()) sketched.emplace_back();
  return sketched[sketched_count++];
}

}  // namespace winnow
