#include "winnow/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace winnow {

namespace {

[[noreturn]] void fail(const std::string& path, const char* what) {
  throw OutputError(path + ": " + what + ": " + std::strerror(errno));
}

// Regular files go through a temporary sibling; devices, pipes and the like are written
// directly (renaming over /dev/null would be wrong).
bool writes_in_place(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
}

// mkstemp makes the file private; give it the mode the file it replaces had, or the mode
// a plain create would have given (0666 less the umask).
mode_t final_mode(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) return st.st_mode & 07777;
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

}  // namespace

OutputFile::OutputFile(int fd, std::string path, std::string temp_path)
    : fd_(fd), path_(std::move(path)), temp_path_(std::move(temp_path)) {}

std::unique_ptr<OutputFile> OutputFile::open(const std::string& path, bool use_stderr) {
  if (path == "-") {
    int fd = use_stderr ? STDERR_FILENO : STDOUT_FILENO;
    return std::unique_ptr<OutputFile>(new OutputFile(fd, use_stderr ? "<stderr>" : "<stdout>", ""));
  }
  if (writes_in_place(path)) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail(path, "cannot open");
    return std::unique_ptr<OutputFile>(new OutputFile(fd, path, ""));
  }
  std::string temp = path + ".winnow-tmp-XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) fail(path, "cannot create");
  fchmod(fd, final_mode(path));
  return std::unique_ptr<OutputFile>(new OutputFile(fd, path, temp));
}

OutputFile::~OutputFile() {
  bool standard = fd_ == STDOUT_FILENO || fd_ == STDERR_FILENO;
  if (!standard) ::close(fd_);
  if (!temp_path_.empty() && !committed_) ::unlink(temp_path_.c_str());
}

void OutputFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) throw OutputClosed();
      fail(path_, "write failed");
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void OutputFile::commit() {
  if (temp_path_.empty()) {
    committed_ = true;
    return;
  }
  if (::fsync(fd_) != 0) fail(path_, "cannot flush");
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) fail(path_, "cannot rename into place");
  committed_ = true;
}

}  // namespace winnow
