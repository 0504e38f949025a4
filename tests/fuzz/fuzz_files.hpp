// Helpers shared by the fuzz targets that load winnow's state files (models, indexes):
// a per-process scratch directory, and fuzz input turned into a file whose trailing
// checksum holds, so the loaders' structure checks are what the input reaches.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>

#include <xxhash.h>

namespace winnow::fuzz {

// A directory under /tmp for this process, removed at exit. The path is never freed, so
// the exit handler can still read it.
inline const std::string& scratch_dir() {
  static const std::string* const dir = [] {
    auto* path = new std::string("/tmp/winnow-fuzz-" + std::to_string(::getpid()) + "-XXXXXX");
    if (::mkdtemp(path->data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_dir(), ignored);
    });
    return path;
  }();
  return *dir;
}

inline std::string scratch_path(const char* name) { return scratch_dir() + "/" + name; }

inline void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) std::abort();
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void put_u64(std::string& file, size_t at, uint64_t value) {
  if (at + 8 > file.size()) return;
  for (int i = 0; i < 8; ++i) file[at + i] = static_cast<char>(value >> (8 * i));
}

// State files end with the XXH3-64 (seed 0) of every byte before it, little-endian.
inline void fix_checksum(std::string& file) {
  if (file.size() < 8) return;
  put_u64(file, file.size() - 8, XXH3_64bits(file.data(), file.size() - 8));
}

// How the first input byte reads:
//   bit 0 set   the rest patches a copy of `valid` (a good file made in-process):
//               bit 1: the next byte, signed, grows or shrinks the body before the checksum;
//               then patches of (u16 offset, u8 length, bytes) until the input ends;
//               the checksum is always recomputed.
//   bit 0 clear the rest is the whole file; bit 1: recompute its checksum.
//   bit 2       write the file's real size into the header's size field.
// Bits 3 and up are left to the target.
inline std::string state_file_from(const uint8_t* data, size_t size, const std::string& valid,
                                   size_t size_field_at) {
  if (size == 0) return {};
  const uint8_t mode = data[0];
  ++data, --size;
  std::string file;
  if (mode & 1) {
    file = valid;
    if ((mode & 2) && size > 0) {
      const int delta = static_cast<int8_t>(data[0]);
      ++data, --size;
      const size_t body = file.size() - 8;
      const size_t new_body = delta < 0 && size_t(-delta) > body ? 0 : body + delta;
      const std::string checksum = file.substr(body);
      file.resize(body);
      file.resize(new_body, '\0');
      file += checksum;
    }
    while (size >= 3 && !file.empty()) {
      const size_t at = (data[0] | size_t{data[1]} << 8) % file.size();
      size_t length = data[2];
      data += 3, size -= 3;
      if (length > size) length = size;
      for (size_t i = 0; i < length && at + i < file.size(); ++i) file[at + i] = static_cast<char>(data[i]);
      data += length, size -= length;
    }
  } else {
    file.assign(reinterpret_cast<const char*>(data), size);
  }
  if (mode & 4) put_u64(file, size_field_at, file.size());
  if ((mode & 1) || (mode & 2)) fix_checksum(file);
  return file;
}

}  // namespace winnow::fuzz
