// Splits a document's text into paragraphs, keeping byte offsets into the original.
#pragma once
#include <string_view>
#include <vector>

#include "winnow/text_span.hpp"

namespace winnow {

struct SplitOptions {
  // Join lines that a hard wrap broke mid-sentence; off means every newline splits.
  bool join_wrapped_lines = true;
};

// Replaces `out` with the paragraphs of `text`, in order. Spans exclude the
// surrounding whitespace; a paragraph may contain newlines when wrapped lines were joined.
void split_paragraphs(std::string_view text, std::vector<TextSpan>& out,
                      const SplitOptions& options = {});

}  // namespace winnow
