// Reads WARC files, in particular Common Crawl WET files (extracted plain text).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "winnow/byte_source.hpp"

namespace winnow {

struct WarcRecord {
  std::string type;        // WARC-Type: "conversion" for WET documents, "warcinfo", ...
  std::string record_id;   // WARC-Record-ID, angle brackets removed
  std::string target_uri;  // WARC-Target-URI
  std::string date;        // WARC-Date
  std::string body;        // the record block (Content-Length bytes)
  uint64_t line = 0;       // input line where the record's "WARC/" header starts
};

// Streams records from a ByteSource; memory is one record at a time.
//
// Framing: a "WARC/<major>.<minor>" version line, "Name: value" header lines (names are
// case-insensitive, lines end in CRLF or LF, folded continuation lines are ignored), an
// empty line, then exactly Content-Length bytes of block. The two CRLFs after a block, and
// any other blank lines between records, are skipped; LF-only or missing ones are accepted.
//
// Every InputError leaves the reader usable, so a caller may log it and call next() again:
//  - a block larger than max_record_bytes is read and discarded, then the error is thrown
//    with the record's header fields filled and its body empty; the next call continues with
//    the following record;
//  - corrupt framing (garbage where a version line belongs, a malformed or overlong header
//    line, a missing or invalid Content-Length): the next call first skips input up to the
//    next line that is a WARC version line;
//  - input ending inside a record: the next call returns false.
// Errors from the ByteSource itself pass through unchanged.
class WarcReader {
 public:
  explicit WarcReader(ByteSource& source, size_t max_record_bytes);
  // Returns false at the clean end of input. Throws InputError (truncated or corrupt
  // framing, or a record larger than max_record_bytes).
  bool next(WarcRecord& record);

 private:
  // partial: the input's final line, which has no newline.
  enum class LineStatus { ok, partial, end, too_long };

  bool fill();
  LineStatus read_line(std::string_view& line);
  bool find_version_line();
  uint64_t read_header(WarcRecord& record);
  void read_block(std::string& body, uint64_t length, uint64_t record_line);
  void discard_block(uint64_t length, uint64_t record_line);
  [[noreturn]] void fail_framing(const std::string& reason);
  [[noreturn]] void fail_truncated(const std::string& reason);

  ByteSource& source_;
  size_t max_record_bytes_;
  std::unique_ptr<char[]> buffer_;  // unconsumed input is [begin_, end_)
  size_t begin_ = 0;
  size_t end_ = 0;
  uint64_t newlines_ = 0;  // newlines consumed so far: the next line is newlines_ + 1
  uint64_t line_no_ = 0;   // 1-based number of the line read_line last looked at
  bool eof_ = false;
  bool resync_ = false;  // after corrupt framing: skip to the next version line
};

}  // namespace winnow
