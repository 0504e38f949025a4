// open_input: plain, gzip and zstd input from files and pipes, and how failures surface.
#include "winnow/byte_source.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

namespace winnow {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("winnow_bs_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string file = (path_ / name).string();
    std::ofstream(file, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// Deterministic text with newlines, so compressed sizes and contents are stable.
std::string sample_text(size_t size, uint32_t seed = 1) {
  static const char* const words[] = {"river",  "council", "market", "the", "of",    "vote",
                                      "season", "a",       "report", "and", "storm", "budget"};
  std::string text;
  text.reserve(size + 16);
  uint32_t state = seed;
  while (text.size() < size) {
    state = state * 1664525u + 1013904223u;
    text += words[(state >> 16) % 12];
    text += (state >> 8) % 13 == 0 ? '\n' : ' ';
  }
  text.resize(size);
  return text;
}

// One gzip member made with deflate (windowBits 31 writes the gzip wrapper).
std::string gzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string zstd(const std::string& data, bool checksum = false) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum ? 1 : 0);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
  EXPECT_FALSE(ZSTD_isError(n));
  ZSTD_freeCCtx(cctx);
  out.resize(n);
  return out;
}

// Everything a source yields, read `chunk` bytes at a time, and the error that ended it.
struct ReadResult {
  std::string data;
  std::optional<InputError> error;
};

ReadResult read_all(ByteSource& source, size_t chunk = 64 << 10) {
  ReadResult result;
  std::string buffer(chunk, '\0');
  try {
    while (size_t n = source.read(buffer.data(), buffer.size())) result.data.append(buffer, 0, n);
  } catch (const InputError& e) {
    result.error = e;
  }
  return result;
}

ReadResult read_path(const std::string& path, size_t chunk = 64 << 10) {
  auto source = open_input(path);
  return read_all(*source, chunk);
}

uint64_t fnv1a(const std::string& data) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : data) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

InputError open_error(const std::string& path) {
  try {
    open_input(path);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "open_input(" << path << ") did not throw";
  return InputError(InputError::Kind::read, "");
}

TEST(ByteSource, PlainFile) {
  TempDir dir;
  const std::string text = sample_text(10000);
  auto source = open_input(dir.write("a.txt", text));
  EXPECT_EQ(source->compression(), Compression::none);
  const ReadResult r = read_all(*source);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.data, text);
  EXPECT_EQ(source->raw_bytes_read(), text.size());
  EXPECT_EQ(source->read(nullptr, 0), 0u);
}

TEST(ByteSource, PlainFileInTinyReads) {
  TempDir dir;
  const std::string text = sample_text(3000);
  EXPECT_EQ(read_path(dir.write("a.txt", text), 7).data, text);
}

TEST(ByteSource, EmptyFile) {
  TempDir dir;
  auto source = open_input(dir.write("empty", ""));
  EXPECT_EQ(source->compression(), Compression::none);
  char c;
  EXPECT_EQ(source->read(&c, 1), 0u);
  EXPECT_EQ(source->read(&c, 1), 0u);
  EXPECT_EQ(source->raw_bytes_read(), 0u);
}

TEST(ByteSource, ShorterThanAnyMagic) {
  TempDir dir;
  EXPECT_EQ(read_path(dir.write("one", "\x1f")).data, "\x1f");
  EXPECT_EQ(read_path(dir.write("three", "\x28\xb5\x2f")).data, "\x28\xb5\x2f");
}

TEST(ByteSource, MissingFile) {
  TempDir dir;
  const InputError e = open_error(dir.path("nope.jsonl"));
  EXPECT_EQ(e.kind(), InputError::Kind::open);
  EXPECT_STREQ(e.what(), "cannot open: No such file or directory");
}

TEST(ByteSource, DirectoryIsRejected) {
  TempDir dir;
  const InputError e = open_error(dir.path(""));
  EXPECT_EQ(e.kind(), InputError::Kind::open);
  EXPECT_STREQ(e.what(), "is a directory");
}

TEST(ByteSource, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read files without permission bits";
  TempDir dir;
  const std::string path = dir.write("secret", "x");
  fs::permissions(path, fs::perms::none);
  const InputError e = open_error(path);
  EXPECT_EQ(e.kind(), InputError::Kind::open);
  EXPECT_STREQ(e.what(), "cannot open: Permission denied");
}

TEST(ByteSource, Gzip) {
  TempDir dir;
  const std::string text = sample_text(200000);
  const std::string packed = gzip(text);
  auto source = open_input(dir.write("a.gz", packed));
  EXPECT_EQ(source->compression(), Compression::gzip);
  const ReadResult r = read_all(*source);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.data, text);
  EXPECT_EQ(source->raw_bytes_read(), packed.size());
}

TEST(ByteSource, GzipWrittenWithGzwrite) {
  TempDir dir;
  const std::string text = sample_text(50000, 9);
  const std::string path = dir.path("b.gz");
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
  EXPECT_EQ(read_path(path).data, text);
}

TEST(ByteSource, GzipMultiMember) {
  TempDir dir;
  const std::string a = sample_text(30000, 1), b = sample_text(1, 2), c = sample_text(70000, 3);
  const std::string path = dir.write("multi.warc.wet.gz", gzip(a) + gzip(b) + gzip(c));
  for (size_t chunk : {size_t{13}, size_t{4096}, size_t{1} << 21}) {
    const ReadResult r = read_path(path, chunk);
    EXPECT_FALSE(r.error) << chunk;
    EXPECT_EQ(r.data, a + b + c) << chunk;
  }
}

TEST(ByteSource, GzipOfEmptyInput) {
  TempDir dir;
  const ReadResult r = read_path(dir.write("e.gz", gzip("") + gzip("")));
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.data, "");
}

TEST(ByteSource, DetectsByMagicNotName) {
  TempDir dir;
  const std::string text = sample_text(5000);
  auto gz = open_input(dir.write("looks_plain.txt", gzip(text)));
  EXPECT_EQ(gz->compression(), Compression::gzip);
  EXPECT_EQ(read_all(*gz).data, text);
  auto zs = open_input(dir.write("also.txt", zstd(text)));
  EXPECT_EQ(zs->compression(), Compression::zstd);
  EXPECT_EQ(read_all(*zs).data, text);
  auto plain = open_input(dir.write("not_really.gz", text));
  EXPECT_EQ(plain->compression(), Compression::none);
  EXPECT_EQ(read_all(*plain).data, text);
}

TEST(ByteSource, Zstd) {
  TempDir dir;
  const std::string text = sample_text(300000);
  const std::string packed = zstd(text, true);
  auto source = open_input(dir.write("a.zst", packed));
  EXPECT_EQ(source->compression(), Compression::zstd);
  const ReadResult r = read_all(*source, 1000);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.data, text);
  EXPECT_EQ(source->raw_bytes_read(), packed.size());
}

TEST(ByteSource, ZstdMultipleFrames) {
  TempDir dir;
  const std::string a = sample_text(40000, 4), b = sample_text(0), c = sample_text(90000, 5);
  const ReadResult r = read_path(dir.write("f.zst", zstd(a) + zstd(b) + zstd(c, true)), 333);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.data, a + b + c);
}

TEST(ByteSource, TruncatedGzipReturnsEverythingFirst) {
  TempDir dir;
  const std::string a = sample_text(100000, 6), b = sample_text(100000, 7);
  const std::string second = gzip(b);
  // Cut inside the 8-byte trailer: every data byte of `b` is decodable.
  const std::string cut_trailer = gzip(a) + second.substr(0, second.size() - 3);
  ReadResult r = read_path(dir.write("t1.gz", cut_trailer));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind(), InputError::Kind::truncated);
  EXPECT_STREQ(r.error->what(), "truncated gzip stream");
  EXPECT_EQ(r.data, a + b);
  // Cut in the middle of the deflate data: a prefix of `b` comes out, then the error.
  r = read_path(dir.write("t2.gz", gzip(a) + second.substr(0, second.size() / 2)), 4096);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind(), InputError::Kind::truncated);
  ASSERT_GT(r.data.size(), a.size());
  EXPECT_EQ(r.data, (a + b).substr(0, r.data.size()));
  // Cut right after the magic of a second member.
  r = read_path(dir.write("t3.gz", gzip(a) + second.substr(0, 2)));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind(), InputError::Kind::truncated);
  EXPECT_EQ(r.data, a);
}

TEST(ByteSource, TruncatedZstdReturnsEverythingFirst) {
  TempDir dir;
  const std::string a = sample_text(100000, 8), b = sample_text(100000, 9);
  const std::string second = zstd(b, true);
  // Cut inside the 4-byte checksum: all of `b` is decodable.
  ReadResult r = read_path(dir.write("t1.zst", zstd(a) + second.substr(0, second.size() - 2)));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind(), InputError::Kind::truncated);
  EXPECT_STREQ(r.error->what(), "truncated zstd stream");
  EXPECT_EQ(r.data, a + b);
  r = read_path(dir.write("t2.zst", zstd(a) + second.substr(0, second.size() / 2)), 5000);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind(), InputError::Kind::truncated);
  ASSERT_GE(r.data.size(), a.size());
  EXPECT_EQ(r.data, (a + b).substr(0, r.data.size()));
}

TEST(ByteSource, ErrorIsSticky) {
  TempDir dir;
  auto source = open_input(dir.write("t.gz", gzip(sample_text(1000)).substr(0, 20)));
  read_all(*source);
  char buffer[16];
  EXPECT_THROW(source->read(buffer, sizeof buffer), InputError);
}

TEST(ByteSource, CorruptGzip) {
  TempDir dir;
  const std::string text = sample_text(100000);
  std::string packed = gzip(text);
  for (size_t i = packed.size() / 2; i < packed.size() / 2 + 64; ++i)
    packed[i] = static_cast<char>(0xff);
  const ReadResult r = read_path(dir.write("c.gz", packed));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind(), InputError::Kind::corrupt);
  EXPECT_EQ(std::string(r.error->what()).rfind("corrupt gzip data: ", 0), 0u) << r.error->what();
  // What precedes the damage decodes intact (after it, inflate may emit garbage first).
  ASSERT_GT(r.data.size(), 1000u);
  EXPECT_EQ(r.data.substr(0, 1000), text.substr(0, 1000));
}

TEST(ByteSource, CorruptGzipChecksum) {
  TempDir dir;
  std::string packed = gzip("hello world\n");
  packed[packed.size() - 8] ^= 1;  // the CRC32 of the trailer
  const ReadResult r = read_path(dir.write("crc.gz", packed));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind(), InputError::Kind::corrupt);
  EXPECT_STREQ(r.error->what(), "corrupt gzip data: incorrect data check");
}

TEST(ByteSource, GarbageAfterGzipMember) {
  TempDir dir;
  const ReadResult r = read_path(dir.write("g.gz", gzip("first\n") + "plain text after"));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind(), InputError::Kind::corrupt);
  EXPECT_EQ(r.data, "first\n");
}

TEST(ByteSource, CorruptZstd) {
  TempDir dir;
  std::string packed = zstd(sample_text(100000), true);
  for (size_t i = 20; i < packed.size() - 10; i += 7)
    packed[i] = static_cast<char>(packed[i] ^ 0x5a);
  const ReadResult r = read_path(dir.write("c.zst", packed));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind(), InputError::Kind::corrupt);
  EXPECT_EQ(std::string(r.error->what()).rfind("corrupt zstd data: ", 0), 0u) << r.error->what();
}

// Makes fd 0 the read end of a pipe for the test's lifetime; a thread feeds the write end.
class StdinPipe {
 public:
  explicit StdinPipe(std::string data) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    saved_stdin_ = ::dup(0);
    ::dup2(fds[0], 0);
    ::close(fds[0]);
    writer_ = std::thread([fd = fds[1], data = std::move(data)] {
      // If the reader stops early, write() fails with EPIPE instead of killing the process.
      sigset_t pipe_signal;
      sigemptyset(&pipe_signal);
      sigaddset(&pipe_signal, SIGPIPE);
      pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
      // Dribble the first bytes so magic detection sees short reads.
      size_t done = 0;
      for (size_t step : {size_t{1}, size_t{1}, size_t{1}}) {
        if (done + step > data.size()) break;
        done += static_cast<size_t>(::write(fd, data.data() + done, step));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
      }
      ::close(fd);
    });
  }
  // Restoring fd 0 closes the read end first, so a writer still blocked gets EPIPE.
  ~StdinPipe() {
    ::dup2(saved_stdin_, 0);
    ::close(saved_stdin_);
    writer_.join();
  }

 private:
  int saved_stdin_;
  std::thread writer_;
};

TEST(ByteSource, StdinPipePlain) {
  const std::string text = sample_text(3 << 20, 11);
  StdinPipe pipe(text);
  auto source = open_input("-");
  EXPECT_EQ(source->compression(), Compression::none);
  const ReadResult r = read_all(*source, 1 << 20);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.data, text);
  EXPECT_EQ(source->raw_bytes_read(), text.size());
}

TEST(ByteSource, StdinPipeGzipMultiMember) {
  const std::string a = sample_text(500000, 12), b = sample_text(700000, 13);
  StdinPipe pipe(gzip(a) + gzip(b));
  auto source = open_input("-");
  EXPECT_EQ(source->compression(), Compression::gzip);
  const ReadResult r = read_all(*source);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.data, a + b);
}

TEST(ByteSource, StdinPipeZstd) {
  const std::string text = sample_text(400000, 14);
  StdinPipe pipe(zstd(text));
  auto source = open_input("-");
  EXPECT_EQ(source->compression(), Compression::zstd);
  EXPECT_EQ(read_all(*source).data, text);
}

// 5 MiB spans several 1 MiB reads; compare checksums of what went in and came out.
TEST(ByteSource, LargeInputSpansManyReads) {
  TempDir dir;
  const std::string text = sample_text(5 << 20, 21);
  const uint64_t expected = fnv1a(text);
  for (size_t chunk : {size_t{100000}, size_t{1} << 20, size_t{3} << 20}) {
    const ReadResult plain = read_path(dir.write("big.txt", text), chunk);
    EXPECT_FALSE(plain.error);
    EXPECT_EQ(plain.data.size(), text.size());
    EXPECT_EQ(fnv1a(plain.data), expected) << chunk;
  }
  auto gz = open_input(dir.write("big.gz", gzip(text)));
  EXPECT_EQ(fnv1a(read_all(*gz, 1 << 20).data), expected);
  EXPECT_EQ(gz->raw_bytes_read(), fs::file_size(dir.path("big.gz")));
  EXPECT_EQ(fnv1a(read_path(dir.write("big.zst", zstd(text)), 777777).data), expected);
}

TEST(ByteSource, CompressionNames) {
  EXPECT_STREQ(compression_name(Compression::none), "none");
  EXPECT_STREQ(compression_name(Compression::gzip), "gzip");
  EXPECT_STREQ(compression_name(Compression::zstd), "zstd");
}

}  // namespace
}  // namespace winnow
