// Writing JSON text: string escaping and splicing new text into an untouched record.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace winnow {

// Appends `s` as a JSON string literal (quotes included). Invalid UTF-8 becomes U+FFFD,
// so the output is always valid JSON; returns how many invalid sequences were replaced.
uint64_t append_json_string(std::string& out, std::string_view s);

// Appends `s` with each invalid UTF-8 sequence replaced by U+FFFD; returns how many.
uint64_t append_valid_utf8(std::string& out, std::string_view s);

// Appends `raw` with the bytes [token_begin, token_end) replaced by `new_text` as a JSON
// string: every other byte of the record (field order, numbers, escapes) is copied as is.
uint64_t splice_text(std::string& out, std::string_view raw, size_t token_begin,
                     size_t token_end, std::string_view new_text);

}  // namespace winnow
