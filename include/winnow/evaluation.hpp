// Scores the cleaner against hand-labeled paragraphs: precision, recall and F1 of `content`.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/document_cleaner.hpp"
#include "winnow/json_record.hpp"
#include "winnow/text_span.hpp"

namespace winnow {

// Confusion counts for "this is content", each item (paragraph or character) counted once.
struct Confusion {
  uint64_t tp = 0;  // labeled content, kept
  uint64_t fp = 0;  // labeled not-content, kept
  uint64_t fn = 0;  // labeled content, removed
  uint64_t tn = 0;  // labeled not-content, removed

  void add(bool labeled_content, bool kept, uint64_t weight = 1);
  void add(const Confusion& other);
  // Each is 0 when undefined (a zero denominator), never NaN.
  double precision() const;
  double recall() const;
  double f1() const;  // 2TP / (2TP + FP + FN): the harmonic mean of P and R
};

// The labeled paragraphs of a text: pieces between "\n\n" separators, exactly, empty ones included.
std::vector<TextSpan> split_labeled_paragraphs(std::string_view text);

// Maps the cleaner's decisions onto the labeled paragraphs: one is kept when at least half of
// its non-whitespace bytes lie in spans labeled content. One without such bytes is not kept.
std::vector<bool> predict_content(std::string_view text, const std::vector<TextSpan>& labeled,
                                  const std::vector<ParagraphDecision>& decisions);

struct LabeledPage {
  std::string_view id;
  std::string_view source;
  std::string_view text;
  std::vector<TextSpan> paragraphs;  // as split_labeled_paragraphs gives them
  std::vector<bool> content;         // the labels: true for "content"
};

struct PageScore {
  std::string id;
  std::string source;
  Confusion paragraphs;
  Confusion characters;  // weighted by non-whitespace characters (code points)
  uint64_t blank = 0;    // whitespace-only paragraphs: nothing to keep or remove, not scored
  std::vector<std::string> removed_content;   // first few, as snippets
  std::vector<std::string> kept_boilerplate;
};

inline constexpr size_t kSnippetChars = 100;

// A paragraph for display: whitespace runs become one space, cut at `max_chars` code points.
std::string snippet(std::string_view paragraph, size_t max_chars = kSnippetChars);

// Scores one page; `predicted` has one flag per labeled paragraph. Keeps `examples` snippets
// of each kind of mistake.
PageScore score_page(const LabeledPage& page, const std::vector<bool>& predicted,
                     size_t examples = 3);

struct SourceScore {
  uint64_t pages = 0;
  Confusion paragraphs;
  Confusion characters;
};

// Sums page scores: overall (micro-averaged), per source, and the worst pages by F1.
class EvalReport {
 public:
  explicit EvalReport(size_t worst_pages = 10) : worst_limit_(worst_pages) {}

  void add_page(PageScore page);
  void add_skipped_record() { ++skipped_records_; }
  void add_input_failure() { ++input_failures_; }

  uint64_t pages() const { return pages_; }
  uint64_t skipped_records() const { return skipped_records_; }
  uint64_t input_failures() const { return input_failures_; }
  uint64_t blank_paragraphs() const { return blank_; }
  const Confusion& paragraphs() const { return paragraphs_; }
  const Confusion& characters() const { return characters_; }
  const std::map<std::string, SourceScore>& sources() const { return sources_; }
  // Lowest paragraph-level F1 first; ties by id, then source, then input order.
  const std::vector<PageScore>& worst() const { return worst_; }

  std::string to_text() const;
  std::string to_json() const;

 private:
  void keep_if_worst(PageScore page);

  size_t worst_limit_;
  uint64_t pages_ = 0;
  uint64_t skipped_records_ = 0;
  uint64_t input_failures_ = 0;
  uint64_t blank_ = 0;
  Confusion paragraphs_;
  Confusion characters_;
  std::map<std::string, SourceScore> sources_;
  std::vector<PageScore> worst_;
  std::vector<uint64_t> worst_order_;  // input position of each worst_ entry, the last tie-break
};

struct LabeledRecord {
  std::string_view text;  // valid until the next parse
  std::string id, source, url, title, author, date;
  std::vector<TextSpan> paragraphs;
  std::vector<bool> content;
};

// Reads the fields `names` gives, plus the "labels" array (always under that name).
class LabeledRecordParser {
 public:
  explicit LabeledRecordParser(FieldNames fields);
  ~LabeledRecordParser();
  LabeledRecordParser(const LabeledRecordParser&) = delete;
  LabeledRecordParser& operator=(const LabeledRecordParser&) = delete;

  // Parses one JSONL line whose buffer has at least 64 readable bytes after its end.
  // Returns "" or why the record cannot be evaluated, e.g. "3 labels for 4 paragraphs".
  // With `truth` (a sidecar line {"id", "labels"}), the labels come from it instead.
  std::string parse(std::string_view line, LabeledRecord& out, std::string_view truth = {});

 private:
  std::string truth_labels(std::string_view truth, const std::string& id, std::vector<bool>& content);
  struct Impl;
  FieldNames fields_;
  std::unique_ptr<Impl> impl_;
};

// The cleaner as the evaluation sees it, so tests can stand in a fake one.
using Classifier = std::function<void(const DocumentInput&, std::vector<ParagraphDecision>&)>;

// Reads labeled records from each input ("-" or none: stdin; plain, gzip or zstd), classifies
// their text and adds them to `report`. Bad records and unreadable inputs are written to
// `warnings` ("winnow: FILE:LINE: reason; record skipped") and counted in the report.
// `truth`, when not empty, is a sidecar file whose lines give each record's labels in order.
void evaluate_inputs(const std::vector<std::string>& inputs, const FieldNames& fields,
                     const Classifier& classify, EvalReport& report, std::ostream& warnings,
                     const std::string& truth = {});

}  // namespace winnow
