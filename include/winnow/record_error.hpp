// Why a record could not be cleaned. Every bad record is counted under one of these.
#pragma once
#include <cstddef>
#include <cstdint>

namespace winnow {

enum class RecordError : uint8_t {
  none,
  malformed_json,   // not valid JSON (or nested deeper than the parser allows)
  not_an_object,    // valid JSON, but an array, string, number, ...
  text_missing,     // no text field
  text_null,        // text field is null
  text_not_string,  // text field is a number, object, ...
  invalid_utf8,     // the line is not valid UTF-8
  nul_byte,         // a raw NUL byte in the line
  truncated_line,   // the input ended inside this record
  too_large,        // longer than --max-record-size
  duplicate_text,   // the text field appears twice: readers disagree on which one counts
  too_many_paragraphs,  // more than --max-paragraphs: not an article, and costly to judge
};

inline constexpr size_t kRecordErrorKinds = 12;

// Stable snake_case name, used in --stats and warnings.
const char* record_error_name(RecordError error);
// Human-readable reason for warnings.
const char* record_error_reason(RecordError error);

}  // namespace winnow
