// Where results go. A named file is written under a temporary name and renamed into place
// on commit(), so a failed run never leaves a half-written file that looks complete.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace winnow {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The reader of our output went away (EPIPE): not an error, just time to stop.
class OutputClosed : public std::runtime_error {
 public:
  OutputClosed() : std::runtime_error("output closed") {}
};

class OutputFile {
 public:
  // "-" is stdout; `use_stderr` makes "-" mean stderr instead (for --stats -).
  static std::unique_ptr<OutputFile> open(const std::string& path, bool use_stderr = false);
  ~OutputFile();  // removes the temporary file unless committed

  void write(std::string_view bytes);  // throws OutputError or OutputClosed
  void commit();                       // flushes and moves the file into place
  const std::string& path() const { return path_; }

 private:
  OutputFile(int fd, std::string path, std::string temp_path);
  int fd_;
  std::string path_;
  std::string temp_path_;  // empty for stdout/stderr
  bool committed_ = false;
};

}  // namespace winnow
