// The plumbing shared by winnow's state files (models, duplicate indexes): little-endian
// fields, a checksum over everything, written under a temporary name and renamed, read
// back from a mapping with every length checked before it is trusted.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "winnow/output_file.hpp"

namespace winnow {

class StateFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void corrupt(const std::string& what);

// Buffers little-endian fields into an OutputFile, hashing everything it writes.
class StateWriter {
 public:
  explicit StateWriter(const std::string& path);

  void u32(uint32_t value) { little_endian(value, 4); }
  void u64(uint64_t value) { little_endian(value, 8); }
  void bytes(std::string_view bytes);  // a large block goes straight to the file
  // Appends the checksum of everything written and moves the file into place.
  void commit();

 private:
  static constexpr size_t kFlushBytes = 1 << 20;

  void little_endian(uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) buffer_.push_back(static_cast<char>(value >> (8 * i)));
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void flush();

  // XXH3's running state stays out of this header: files that inline xxHash name its
  // types differently, and every file must see one StateWriter.
  struct Checksum;
  struct ChecksumDeleter {
    void operator()(Checksum* checksum) const;
  };

  std::unique_ptr<OutputFile> file_;
  std::unique_ptr<Checksum, ChecksumDeleter> checksum_;
  std::string buffer_;
};

// A file's bytes: mapped when it is a regular file, read when it is a pipe or device.
class FileBytes {
 public:
  explicit FileBytes(const std::string& path);  // throws StateFileError(reason)
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  std::span<const unsigned char> bytes() const {
    if (mapped_ != nullptr) return {static_cast<const unsigned char*>(mapped_), size_};
    return {reinterpret_cast<const unsigned char*>(read_.data()), read_.size()};
  }
  // Hands the mapped pages before `end` (a place in bytes()) back to the kernel, so a
  // loader's peak memory is what it builds, not also the file it builds it from. Reading
  // them again still works.
  void release_before(const unsigned char* end) const;

 private:
  void take(int fd);

  void* mapped_ = nullptr;
  size_t size_ = 0;
  std::string read_;
};

// Reads little-endian fields, checking each length against what is left before using it.
class ByteReader {
 public:
  explicit ByteReader(std::span<const unsigned char> bytes) : bytes_(bytes) {}

  uint32_t u32() { return static_cast<uint32_t>(little_endian(4)); }
  uint64_t u64() { return little_endian(8); }
  std::string_view text(size_t length) {
    need(length);
    const std::string_view text(reinterpret_cast<const char*>(bytes_.data() + at_), length);
    at_ += length;
    return text;
  }
  void skip(size_t length) { text(length); }
  size_t remaining() const { return bytes_.size() - at_; }
  const unsigned char* position() const { return bytes_.data() + at_; }
  // Before reserving room for `count` records of at least `bytes` each.
  void need_records(uint64_t count, size_t bytes) const {
    if (count > remaining() / bytes) throw StateFileError("truncated");
  }

 private:
  void need(size_t length) const {
    if (length > remaining()) throw StateFileError("truncated");
  }
  uint64_t little_endian(size_t length) {
    need(length);
    uint64_t value = 0;
    for (size_t i = 0; i < length; ++i) value |= uint64_t{bytes_[at_ + i]} << (8 * i);
    at_ += length;
    return value;
  }

  std::span<const unsigned char> bytes_;
  size_t at_ = 0;
};

// Checks that the file is as long as its header says (`recorded_size`) and that its
// trailing checksum holds; returns the bytes between the header and the checksum. Pages
// are released once hashed.
std::span<const unsigned char> verified_body(const FileBytes& file, size_t header_bytes,
                                             uint64_t recorded_size);

// Magic and version come first, so another kind of file, or a newer one, is named as such
// rather than as corrupt: "not a <what>", "<kind> format version N; this winnow reads
// version V". Returns a reader at the field after the version.
ByteReader read_preamble(std::span<const unsigned char> file, std::string_view magic, const char* what,
                         const char* kind, uint32_t version);

}  // namespace winnow
