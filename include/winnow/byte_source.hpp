// Where input bytes come from: a file or stdin, transparently decompressed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace winnow {

enum class Compression { none, gzip, zstd };

// A failure to read input: the file cannot be opened or read, or a compressed
// stream is corrupt or ends early. `what()` is a reason without the file name.
class InputError : public std::runtime_error {
 public:
  enum class Kind { open, read, corrupt, truncated };
  InputError(Kind kind, const std::string& reason) : std::runtime_error(reason), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `capacity` bytes; returns 0 only at the end of input. Throws InputError.
  virtual size_t read(char* dst, size_t capacity) = 0;
  // Bytes consumed from the underlying file so far (compressed size for compressed input).
  virtual uint64_t raw_bytes_read() const = 0;
  virtual Compression compression() const = 0;
  // True when no input arrives within `wait_ms` (a live pipe with a slow writer): the
  // caller may pass on what it has first. Never true for regular files.
  virtual bool would_block(int wait_ms) const = 0;
};

// Opens `path` ("-" is stdin) and detects gzip or zstd from the magic bytes, never the
// file name. Concatenated gzip members and zstd frames are read as one stream.
std::unique_ptr<ByteSource> open_input(const std::string& path);

const char* compression_name(Compression c);

}  // namespace winnow
