#include "winnow/state_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <xxhash.h>

namespace winnow {

constexpr size_t kChecksumBytes = 8;

void corrupt(const std::string& what) { throw StateFileError("corrupt: " + what); }

struct StateWriter::Checksum {
  XXH3_state_t* state;
};

void StateWriter::ChecksumDeleter::operator()(Checksum* checksum) const {
  XXH3_freeState(checksum->state);  // which takes a null state too
  delete checksum;
}

StateWriter::StateWriter(const std::string& path)
    : file_(OutputFile::open(path)), checksum_(new Checksum{nullptr}) {
  checksum_->state = XXH3_createState();
  if (checksum_->state == nullptr) throw std::bad_alloc();
  XXH3_64bits_reset(checksum_->state);
}

void StateWriter::bytes(std::string_view bytes) {
  if (bytes.size() < kFlushBytes) {
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushBytes) flush();
    return;
  }
  flush();
  XXH3_64bits_update(checksum_->state, bytes.data(), bytes.size());
  file_->write(bytes);
}

void StateWriter::commit() {
  flush();
  u64(XXH3_64bits_digest(checksum_->state));
  file_->write(buffer_);
  file_->commit();
}

void StateWriter::flush() {
  XXH3_64bits_update(checksum_->state, buffer_.data(), buffer_.size());
  file_->write(buffer_);
  buffer_.clear();
}

FileBytes::FileBytes(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StateFileError(std::strerror(errno));
  try {
    take(fd);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

FileBytes::~FileBytes() {
  if (mapped_ != nullptr) ::munmap(mapped_, size_);
}

void FileBytes::take(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) throw StateFileError(std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw StateFileError("is a directory");
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    size_ = static_cast<size_t>(st.st_size);
    void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) throw StateFileError(std::strerror(errno));
    mapped_ = mapped;
    return;
  }
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0) return;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw StateFileError(std::strerror(errno));
    }
    read_.append(chunk, static_cast<size_t>(n));
  }
}

namespace {

// XXH3-64 of the first `length` bytes, a block at a time, releasing each once hashed.
uint64_t checksum_of(const FileBytes& file, size_t length) {
  constexpr size_t kBlock = size_t{32} << 20;
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(), &XXH3_freeState);
  XXH3_64bits_reset(state.get());
  for (size_t at = 0; at < length; at += kBlock) {
    const size_t block = std::min(kBlock, length - at);
    XXH3_64bits_update(state.get(), file.bytes().data() + at, block);
    file.release_before(file.bytes().data() + at + block);
  }
  return XXH3_64bits_digest(state.get());
}

}  // namespace

void FileBytes::release_before(const unsigned char* end) const {
  if (mapped_ == nullptr) return;
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const size_t offset = static_cast<size_t>(end - static_cast<const unsigned char*>(mapped_));
  const size_t length = std::min(offset, size_) / page * page;
  if (length > 0) ::madvise(mapped_, length, MADV_DONTNEED);
}

std::span<const unsigned char> verified_body(const FileBytes& bytes, size_t header_bytes,
                                             uint64_t recorded_size) {
  const std::span<const unsigned char> file = bytes.bytes();
  if (file.size() < recorded_size) throw StateFileError("truncated");
  if (file.size() > recorded_size || recorded_size < header_bytes + kChecksumBytes) {
    corrupt("file size " + std::to_string(file.size()) + " does not match the " +
            std::to_string(recorded_size) + " it records");
  }
  const size_t body_end = file.size() - kChecksumBytes;
  ByteReader checksum(file.subspan(body_end));
  if (checksum.u64() != checksum_of(bytes, body_end)) {
    throw StateFileError("checksum mismatch: file is corrupt");
  }
  return file.subspan(header_bytes, body_end - header_bytes);
}

ByteReader read_preamble(std::span<const unsigned char> file, std::string_view magic, const char* what,
                         const char* kind, uint32_t version) {
  const std::string_view start(reinterpret_cast<const char*>(file.data()), std::min(file.size(), magic.size()));
  if (start.empty() || !magic.starts_with(start)) throw StateFileError(std::string("not a ") + what);
  ByteReader in(file);
  in.skip(magic.size());
  const uint32_t found = in.u32();
  if (found != version) {
    throw StateFileError(std::string(kind) + " format version " + std::to_string(found) +
                         "; this winnow reads version " + std::to_string(version));
  }
  return in;
}

}  // namespace winnow
