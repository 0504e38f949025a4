// Streaming WARC parser: header lines go through a small buffer, blocks are copied once.
#include "winnow/warc_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace winnow {
namespace {

// Big enough that most WET records arrive in one source read, small enough to stay in cache.
constexpr size_t kBufferSize = size_t{256} << 10;
// A header line longer than this is garbage (binary data, a missing newline), not a header.
constexpr size_t kMaxHeaderLine = size_t{64} << 10;

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "WARC/1.0", "WARC/1.1" (any "WARC/<digits>.<digits>"), trailing blanks allowed.
bool is_version_line(std::string_view line) {
  constexpr std::string_view prefix = "WARC/";
  if (line.substr(0, prefix.size()) != prefix) return false;
  const std::string_view version = trim(line.substr(prefix.size()));
  const size_t dot = version.find('.');
  return dot != std::string_view::npos && is_digits(version.substr(0, dot)) &&
         is_digits(version.substr(dot + 1));
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Header names are ASCII; std::tolower would consult the locale.
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

// Content-Length is all digits; anything else (sign, spaces inside, overflow) is invalid.
bool parse_length(std::string_view value, uint64_t& length) {
  if (!is_digits(value)) return false;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
  return ec == std::errc() && end == value.data() + value.size();
}

std::string_view strip_angle_brackets(std::string_view id) {
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') return id.substr(1, id.size() - 2);
  return id;
}

}  // namespace

WarcReader::WarcReader(ByteSource& source, size_t max_record_bytes)
    : source_(source), max_record_bytes_(max_record_bytes), buffer_(new char[kBufferSize]) {}

bool WarcReader::next(WarcRecord& record) {
  if (!find_version_line()) return false;
  record.line = line_no_;
  const uint64_t length = read_header(record);
  if (length > max_record_bytes_) {
    discard_block(length, record.line);
    record.body.clear();
    throw InputError(InputError::Kind::corrupt, "WARC record of " + std::to_string(length) +
                                                    " bytes exceeds --max-record-size");
  }
  read_block(record.body, length, record.line);
  return true;
}

// Moves unconsumed bytes to the front and reads more behind them; false at end of input.
bool WarcReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  const size_t n = source_.read(buffer_.get() + end_, kBufferSize - end_);
  end_ += n;
  eof_ = n == 0;
  return n > 0;
}

// The next line without its CR/LF. The view is valid until the next read.
WarcReader::LineStatus WarcReader::read_line(std::string_view& line) {
  size_t scanned = 0;  // bytes after begin_ already known to hold no newline
  line_no_ = newlines_ + 1;
  LineStatus status = LineStatus::ok;
  for (;;) {
    const char* start = buffer_.get() + begin_;
    const void* newline = std::memchr(start + scanned, '\n', end_ - begin_ - scanned);
    size_t length = 0;
    if (newline != nullptr) {
      length = static_cast<size_t>(static_cast<const char*>(newline) - start);
      begin_ += length + 1;
      ++newlines_;
    } else if (end_ - begin_ >= kMaxHeaderLine) {
      return LineStatus::too_long;
    } else {
      scanned = end_ - begin_;
      if (fill()) continue;
      if (scanned == 0) return LineStatus::end;
      start = buffer_.get() + begin_;
      length = scanned;
      begin_ = end_;
      status = LineStatus::partial;
    }
    line = std::string_view(start, length);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return status;
  }
}

// Skips blank lines (and, after corrupt framing, anything else) up to a version line.
bool WarcReader::find_version_line() {
  std::string_view line;
  for (;;) {
    const LineStatus status = read_line(line);
    if (status == LineStatus::end) return false;
    if (status == LineStatus::too_long) {
      if (!resync_) fail_framing("expected WARC version line at line " + std::to_string(line_no_));
      begin_ = end_;  // drop the overlong garbage; its tail reads as one more skipped line
      continue;
    }
    if (is_version_line(line)) {
      resync_ = false;
      return true;
    }
    if (!resync_ && !is_blank(line)) {
      fail_framing("expected WARC version line at line " + std::to_string(line_no_));
    }
  }
}

// Reads header lines up to the empty line; fills the record's fields and returns
// Content-Length.
uint64_t WarcReader::read_header(WarcRecord& record) {
  record.type.clear();
  record.record_id.clear();
  record.target_uri.clear();
  record.date.clear();
  bool have_length = false;
  uint64_t length = 0;
  std::string_view line;
  for (;;) {
    const LineStatus status = read_line(line);
    if (status == LineStatus::end || status == LineStatus::partial) {
      fail_truncated("WARC record at line " + std::to_string(record.line) +
                     " ends inside its header");
    }
    if (status == LineStatus::too_long) {
      fail_framing("WARC header line " + std::to_string(line_no_) + " is too long");
    }
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') continue;  // folded value: no field we use
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      fail_framing("malformed WARC header line " + std::to_string(line_no_));
    }
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      if (!parse_length(value, length)) {
        fail_framing("invalid Content-Length at line " + std::to_string(line_no_));
      }
      have_length = true;
    } else if (iequals(name, "WARC-Type")) {
      record.type.assign(value);
    } else if (iequals(name, "WARC-Record-ID")) {
      record.record_id.assign(strip_angle_brackets(value));
    } else if (iequals(name, "WARC-Target-URI")) {
      record.target_uri.assign(value);
    } else if (iequals(name, "WARC-Date")) {
      record.date.assign(value);
    }
  }
  if (!have_length) {
    fail_framing("WARC record at line " + std::to_string(record.line) + " has no Content-Length");
  }
  return length;
}

// Copies the buffered part of the block, then reads the rest straight into `body`.
void WarcReader::read_block(std::string& body, uint64_t length, uint64_t record_line) {
  const size_t size = static_cast<size_t>(length);  // length <= max_record_bytes_, a size_t
  body.resize(size);
  size_t have = std::min(size, end_ - begin_);
  std::memcpy(body.data(), buffer_.get() + begin_, have);
  begin_ += have;
  while (have < size) {
    const size_t n = eof_ ? 0 : source_.read(body.data() + have, size - have);
    if (n == 0) {
      eof_ = true;
      body.resize(have);
      fail_truncated("WARC record at line " + std::to_string(record_line) + " ends after " +
                     std::to_string(have) + " of " + std::to_string(size) + " block bytes");
    }
    have += n;
  }
  newlines_ += static_cast<uint64_t>(std::count(body.begin(), body.end(), '\n'));
}

// Reads an oversized block through the buffer and drops it, so the next record can follow.
void WarcReader::discard_block(uint64_t length, uint64_t record_line) {
  uint64_t left = length;
  while (left > 0) {
    if (begin_ == end_ && !fill()) {
      fail_truncated("WARC record at line " + std::to_string(record_line) + " ends after " +
                     std::to_string(length - left) + " of " + std::to_string(length) +
                     " block bytes");
    }
    const size_t take = static_cast<size_t>(std::min<uint64_t>(left, end_ - begin_));
    const char* start = buffer_.get() + begin_;
    newlines_ += static_cast<uint64_t>(std::count(start, start + take, '\n'));
    begin_ += take;
    left -= take;
  }
}

void WarcReader::fail_framing(const std::string& reason) {
  resync_ = true;
  throw InputError(InputError::Kind::corrupt, reason);
}

void WarcReader::fail_truncated(const std::string& reason) {
  eof_ = true;
  begin_ = end_;
  throw InputError(InputError::Kind::truncated, reason);
}

}  // namespace winnow
