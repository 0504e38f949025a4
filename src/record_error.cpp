#include "winnow/record_error.hpp"

namespace winnow {

const char* record_error_name(RecordError error) {
  switch (error) {
    case RecordError::none: return "none";
    case RecordError::malformed_json: return "malformed_json";
    case RecordError::not_an_object: return "not_an_object";
    case RecordError::text_missing: return "text_missing";
    case RecordError::text_null: return "text_null";
    case RecordError::text_not_string: return "text_not_string";
    case RecordError::invalid_utf8: return "invalid_utf8";
    case RecordError::nul_byte: return "nul_byte";
    case RecordError::truncated_line: return "truncated_line";
    case RecordError::too_large: return "too_large";
    case RecordError::duplicate_text: return "duplicate_text";
    case RecordError::too_many_paragraphs: return "too_many_paragraphs";
  }
  return "unknown";
}

const char* record_error_reason(RecordError error) {
  switch (error) {
    case RecordError::none: return "no error";
    case RecordError::malformed_json: return "malformed JSON";
    case RecordError::not_an_object: return "record is not a JSON object";
    case RecordError::text_missing: return "text field missing";
    case RecordError::text_null: return "text field is null";
    case RecordError::text_not_string: return "text field is not a string";
    case RecordError::invalid_utf8: return "invalid UTF-8";
    case RecordError::nul_byte: return "NUL byte in record";
    case RecordError::truncated_line: return "input ends inside this record";
    case RecordError::too_large: return "record larger than --max-record-size";
    case RecordError::duplicate_text: return "text field appears more than once";
    case RecordError::too_many_paragraphs: return "more paragraphs than --max-paragraphs";
  }
  return "unknown error";
}

}  // namespace winnow
