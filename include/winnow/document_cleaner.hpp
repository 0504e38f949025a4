// Decides, paragraph by paragraph, what of a document is article content and why.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/label.hpp"
#include "winnow/text_span.hpp"
#include "winnow/word_stream.hpp"

namespace winnow {

class RuleSet;
class SourceModel;

// The record as the cleaner sees it: its text and the fields templates tend to embed.
struct DocumentInput {
  std::string_view text;
  std::string_view id;
  std::string_view source;
  std::string_view url;
  std::string_view title;
  std::string_view author;
  std::string_view date;
};

struct ParagraphDecision {
  TextSpan span;        // byte offsets into DocumentInput::text
  Label label = Label::content;
  std::string reason;   // detector and evidence, e.g. "rule ad: 'advertisement'"
};

struct CleanerConfig {
  const RuleSet* rules = nullptr;     // required
  const SourceModel* model = nullptr; // optional: repetition per source and across sources
};

// One per worker thread: holds scratch buffers reused across documents.
class DocumentCleaner {
 public:
  explicit DocumentCleaner(const CleanerConfig& config);
  ~DocumentCleaner();
  DocumentCleaner(const DocumentCleaner&) = delete;
  DocumentCleaner& operator=(const DocumentCleaner&) = delete;

  // Replaces `out` with one decision per paragraph of doc.text, in order.
  void classify(const DocumentInput& doc, std::vector<ParagraphDecision>& out);

  // The words classify() read, so later stages need not normalize again; valid until the
  // next classify(). Paragraph i's words are words[first_word[i], first_word[i + 1]),
  // their source spans offsets into doc.text, their normal spans into `normalized`, their
  // hashes under `seed` (the model's).
  struct ReadWords {
    std::string_view normalized;
    std::span<const WordSpan> words;
    std::span<const uint32_t> first_word;
    uint64_t seed = 0;
  };
  ReadWords words() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow
