// Input bytes from a file or stdin, decompressed on the fly when the first bytes say so.
#include "winnow/byte_source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <optional>

namespace winnow {
namespace {

// Each read(2) asks for this much: few syscalls, and a chunk still fits in L2/L3.
constexpr size_t kReadChunk = size_t{1} << 20;
// zlib counts in 32-bit uInt; larger caller buffers are simply filled in several steps.
constexpr size_t kMaxZlibStep = size_t{1} << 30;

constexpr unsigned char kGzipMagic[] = {0x1f, 0x8b};
constexpr unsigned char kZstdMagic[] = {0x28, 0xb5, 0x2f, 0xfd};

std::string errno_text(int err) { return std::strerror(err); }

// Owns the file descriptor and one buffer of raw (possibly compressed) bytes. The
// decoders read through the buffer; plain input bypasses it for large reads.
class RawInput {
 public:
  static std::unique_ptr<RawInput> open(const std::string& path);
  ~RawInput() {
    if (owns_fd_) ::close(fd_);
  }
  RawInput(const RawInput&) = delete;
  RawInput& operator=(const RawInput&) = delete;

  // One EINTR-safe read(2) into `dst`; 0 only at the end of the file.
  size_t read_file(char* dst, size_t capacity);
  // Appends the next chunk after the unconsumed bytes; false at the end of the file.
  bool fill();
  // Peeks: reads until `n` bytes are buffered or the file ends (pipes deliver short reads).
  void fill_at_least(size_t n);

  const char* data() const { return buffer_.get() + begin_; }
  size_t available() const { return end_ - begin_; }
  void consume(size_t n) { begin_ += n; }
  bool at_eof() const { return eof_; }
  bool would_block(int wait_ms) const {
    if (eof_ || begin_ < end_) return false;
    pollfd ready{fd_, POLLIN, 0};
    return ::poll(&ready, 1, wait_ms) == 0;
  }
  uint64_t raw_bytes() const { return raw_bytes_; }

 private:
  RawInput(int fd, bool owns_fd) : fd_(fd), owns_fd_(owns_fd), buffer_(new char[kReadChunk]) {}

  int fd_;
  bool owns_fd_;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  uint64_t raw_bytes_ = 0;
};

std::unique_ptr<RawInput> RawInput::open(const std::string& path) {
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(InputError::Kind::open, "cannot open: " + errno_text(errno));
  std::unique_ptr<RawInput> raw(new RawInput(fd, !is_stdin));
  // open(2) accepts a directory for reading; read(2) would fail later with a vaguer error.
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    throw InputError(InputError::Kind::open, "is a directory");
  }
  if (S_ISREG(st.st_mode)) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return raw;
}

size_t RawInput::read_file(char* dst, size_t capacity) {
  if (eof_) return 0;  // a terminal could otherwise block again after ^D
  for (;;) {
    const ssize_t n = ::read(fd_, dst, capacity);
    if (n > 0) {
      raw_bytes_ += static_cast<uint64_t>(n);
      return static_cast<size_t>(n);
    }
    if (n == 0) {
      eof_ = true;
      return 0;
    }
    if (errno != EINTR)
      throw InputError(InputError::Kind::read, "read failed: " + errno_text(errno));
  }
}

bool RawInput::fill() {
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  const size_t n = read_file(buffer_.get() + end_, kReadChunk - end_);
  end_ += n;
  return n > 0;
}

void RawInput::fill_at_least(size_t n) {
  while (available() < n && fill()) {
  }
}

bool starts_with(const RawInput& raw, const unsigned char* magic, size_t size) {
  return raw.available() >= size && std::memcmp(raw.data(), magic, size) == 0;
}

// Shared by all sources: the raw input, plus an error held back until the bytes decoded
// before it have been handed out, so the caller sees every complete record first.
class SourceBase : public ByteSource {
 public:
  uint64_t raw_bytes_read() const override { return raw_->raw_bytes(); }
  bool would_block(int wait_ms) const override { return raw_->would_block(wait_ms); }

 protected:
  explicit SourceBase(std::unique_ptr<RawInput> raw) : raw_(std::move(raw)) {}

  void throw_if_failed() const {
    if (pending_) throw *pending_;
  }
  void defer(InputError::Kind kind, const std::string& reason) {
    if (!pending_) pending_.emplace(kind, reason);
  }
  // Returns what this call decoded; an error surfaces only on a call that decoded nothing.
  size_t deliver(size_t produced) const {
    if (produced == 0) throw_if_failed();
    return produced;
  }

  std::unique_ptr<RawInput> raw_;

 private:
  std::optional<InputError> pending_;
};

class PlainSource final : public SourceBase {
 public:
  explicit PlainSource(std::unique_ptr<RawInput> raw) : SourceBase(std::move(raw)) {}
  Compression compression() const override { return Compression::none; }

  size_t read(char* dst, size_t capacity) override {
    if (capacity == 0) return 0;
    // Big requests skip the copy; small ones still cost one syscall per chunk, not per call.
    if (raw_->available() == 0 && capacity >= kReadChunk) return raw_->read_file(dst, capacity);
    if (raw_->available() == 0 && !raw_->fill()) return 0;
    const size_t n = std::min(capacity, raw_->available());
    std::memcpy(dst, raw_->data(), n);
    raw_->consume(n);
    return n;
  }
};

class GzipSource final : public SourceBase {
 public:
  explicit GzipSource(std::unique_ptr<RawInput> raw) : SourceBase(std::move(raw)) {
    // 15 + 16: the largest window, and expect the gzip wrapper (not zlib or raw deflate).
    if (inflateInit2(&stream_, 15 + 16) != Z_OK) throw std::bad_alloc();
  }
  ~GzipSource() override { inflateEnd(&stream_); }
  Compression compression() const override { return Compression::gzip; }

  size_t read(char* dst, size_t capacity) override {
    throw_if_failed();
    size_t produced = 0;
    while (produced < capacity && !finished_) {
      const size_t step = std::min(capacity - produced, kMaxZlibStep);
      const size_t got = inflate_into(dst + produced, step);
      produced += got;
      if (got < step) break;  // input ended or failed before the step was full
    }
    return deliver(produced);
  }

 private:
  // Decodes into [dst, dst + capacity) until it is full or input ends or fails.
  size_t inflate_into(char* dst, size_t capacity) {
    stream_.next_out = reinterpret_cast<Bytef*>(dst);
    stream_.avail_out = static_cast<uInt>(capacity);
    while (stream_.avail_out > 0 && inflate_step()) {
    }
    return capacity - stream_.avail_out;
  }

  // One inflate call; false when decoding must stop (end of input or an error).
  bool inflate_step() {
    if (raw_->available() == 0) raw_->fill();
    if (raw_->available() == 0 && !in_member_) {
      finished_ = true;
      return false;
    }
    // Common Crawl files are many concatenated members: start the next one after each end.
    if (!in_member_) {
      inflateReset(&stream_);
      in_member_ = true;
    }
    const uInt offered = static_cast<uInt>(std::min(raw_->available(), kMaxZlibStep));
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw_->data()));
    stream_.avail_in = offered;
    // At the end of the file this still runs with no input, to flush what zlib holds.
    const int rc = inflate(&stream_, Z_NO_FLUSH);
    raw_->consume(offered - stream_.avail_in);
    return handle_status(rc);
  }

  bool handle_status(int rc) {
    switch (rc) {
      case Z_OK:
        return true;
      case Z_STREAM_END:
        in_member_ = false;
        return true;
      case Z_BUF_ERROR:  // no progress: fine while more input may come
        if (!raw_->at_eof()) return true;
        defer(InputError::Kind::truncated, "truncated gzip stream");
        return false;
      case Z_MEM_ERROR:
        throw std::bad_alloc();
      default:
        defer(InputError::Kind::corrupt,
              std::string("corrupt gzip data: ") + (stream_.msg ? stream_.msg : zError(rc)));
        return false;
    }
  }

  z_stream stream_{};
  bool in_member_ = false;
  bool finished_ = false;
};

class ZstdSource final : public SourceBase {
 public:
  explicit ZstdSource(std::unique_ptr<RawInput> raw)
      : SourceBase(std::move(raw)), context_(ZSTD_createDCtx()) {
    if (context_ == nullptr) throw std::bad_alloc();
  }
  ~ZstdSource() override { ZSTD_freeDCtx(context_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;
  Compression compression() const override { return Compression::zstd; }

  size_t read(char* dst, size_t capacity) override {
    throw_if_failed();
    ZSTD_outBuffer out{dst, capacity, 0};
    while (out.pos < out.size && !finished_ && decompress_step(out)) {
    }
    return deliver(out.pos);
  }

 private:
  // One ZSTD_decompressStream call; false when decoding must stop.
  bool decompress_step(ZSTD_outBuffer& out) {
    if (raw_->available() == 0) raw_->fill();
    if (raw_->available() == 0 && !frame_open_) {
      finished_ = true;
      return false;
    }
    ZSTD_inBuffer in{raw_->data(), raw_->available(), 0};
    const size_t out_before = out.pos;
    // Consecutive frames need nothing special: the context starts a new one by itself.
    const size_t rc = ZSTD_decompressStream(context_, &out, &in);
    raw_->consume(in.pos);
    if (ZSTD_isError(rc)) {
      defer(InputError::Kind::corrupt, std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc));
      return false;
    }
    frame_open_ = rc != 0;  // 0: the frame is complete and fully flushed
    if (frame_open_ && in.size == 0 && out.pos == out_before) {
      defer(InputError::Kind::truncated, "truncated zstd stream");
      return false;
    }
    return true;
  }

  ZSTD_DCtx* context_;
  bool frame_open_ = false;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> open_input(const std::string& path) {
  std::unique_ptr<RawInput> raw = RawInput::open(path);
  raw->fill_at_least(sizeof kZstdMagic);  // the longest magic we look for
  if (starts_with(*raw, kGzipMagic, sizeof kGzipMagic)) {
    return std::make_unique<GzipSource>(std::move(raw));
  }
  if (starts_with(*raw, kZstdMagic, sizeof kZstdMagic)) {
    return std::make_unique<ZstdSource>(std::move(raw));
  }
  return std::make_unique<PlainSource>(std::move(raw));
}

const char* compression_name(Compression c) {
  switch (c) {
    case Compression::none:
      return "none";
    case Compression::gzip:
      return "gzip";
    case Compression::zstd:
      return "zstd";
  }
  return "unknown";
}

}  // namespace winnow
