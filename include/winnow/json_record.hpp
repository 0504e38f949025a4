// Reads one JSONL record with simdjson on-demand: validates it and finds the fields winnow uses.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "winnow/record_error.hpp"

namespace winnow {

struct FieldNames {
  std::string text = "text";
  std::string id = "id";
  std::string source = "source";  // when absent, the host of the url field
  std::string url = "url";
  std::string title = "title";    // templates embed these; masked before hashing
  std::string author = "author";
  std::string date = "date";
};

struct JsonRecord {
  std::string_view text;    // decoded; valid until the next parse
  size_t text_begin = 0;    // the text's JSON string token (quotes included) in the raw line
  size_t text_end = 0;
  std::string id;           // empty when the record has none
  std::string source;       // source field, else host of url, else empty
  std::string url;
  std::string title;
  std::string author;
  std::string date;
  std::string detail;       // parser's message when the record is malformed
};

// The host of a URL, lowercased, without a leading "www." (empty if none): a source name.
std::string url_host(std::string_view url);
void url_host(std::string_view url, std::string& host);  // reuses host's capacity

class JsonRecordParser {
 public:
  explicit JsonRecordParser(FieldNames names);
  ~JsonRecordParser();
  JsonRecordParser(const JsonRecordParser&) = delete;
  JsonRecordParser& operator=(const JsonRecordParser&) = delete;

  // Parses `line`. simdjson reads ahead: `capacity` bytes from line.data() must be
  // readable, with capacity >= line.size() + kJsonPadding. Validates the whole record.
  RecordError parse(std::string_view line, size_t capacity, JsonRecord& out);

  const FieldNames& names() const { return names_; }

 private:
  struct Impl;
  FieldNames names_;
  std::unique_ptr<Impl> impl_;
};

// Bytes of readable slack simdjson needs after each parsed line.
inline constexpr size_t kJsonPadding = 64;

}  // namespace winnow
