// The per-record work of `winnow clean`: parse, split, fingerprint, decide, write.
// One per worker thread; it owns every scratch buffer so records cost no allocation.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/batch.hpp"
#include "winnow/content_sketch.hpp"
#include "winnow/document_cleaner.hpp"
#include "winnow/json_record.hpp"

namespace winnow {

class ModelLearner;
class SourceModel;

enum class OnError { keep, skip, fail };

struct ProcessorOptions {
  FieldNames fields;
  // More paragraphs make a record bad: judging them costs memory per paragraph.
  size_t max_paragraphs = 100000;
  OnError on_error = OnError::keep;
  bool strip = true;          // false: validate and copy records through untouched
  bool annotate = false;      // keep the text, add a "winnow" object explaining each paragraph
  bool write_rejects = false; // collect raw bad records for --rejects
  CleanerConfig cleaner;      // rules (required when strip) and an optional model
  const DuplicateOptions* dups = nullptr;  // null: no duplicate detection
  bool date_orders_duplicates = false;     // the earliest by fields.date leads a cluster
};

class RecordProcessor {
 public:
  // `file_names` names inputs in messages; it must outlive the processor.
  RecordProcessor(const ProcessorOptions& options, const std::vector<std::string>& file_names);
  ~RecordProcessor();

  // Fills the batch's output, rejects, warnings and stats from its items.
  void process(Batch& batch);

  // Learning instead of cleaning: good records are counted into `model`, nothing is
  // written, bad records are still warned about and counted.
  void learn_into(SourceModel* model);

 private:
  void process_line(Batch& batch, const BatchItem& item);
  void process_document(Batch& batch, const BatchItem& item);
  void process_fragment(Batch& batch, const BatchItem& item);
  void report_failure(Batch& batch, const BatchItem& item);
  // Counts and routes a record that cannot be cleaned; `raw` is written as it was.
  void reject(Batch& batch, const BatchItem& item, RecordError error, std::string_view detail,
              std::string_view raw);
  void warn(Batch& batch, const BatchItem& item, std::string_view reason);
  std::string location(const BatchItem& item) const;  // FILE:LINE, or FILE when no line
  bool over_paragraph_limit(std::string_view text);
  // A text or WARC document as a JSON line, without its newline; annotated when given.
  void append_document(std::string& out, const Document& doc, std::string_view text,
                       const DocumentInput* annotate);
  // Classifies the document's paragraphs; true when some are to be removed.
  bool decide(Batch& batch, const DocumentInput& doc);
  // The text with removed paragraphs cut, the breaks between kept ones as they were.
  void kept_text(std::string_view text);
  void append_annotation(std::string& out, const DocumentInput& doc);
  void write_line(Batch& batch, const BatchItem& item, std::string_view raw, const DocumentInput& doc);
  // Sketches the record just written (its line starts at line_begin) for duplicate
  // detection; `text` is the text as written, `changed` when it is the kept text rather
  // than the original. With a cleaner, the words it read are reused (sketch_content).
  void sketch_written(Batch& batch, size_t line_begin, std::string_view text, const DocumentInput& doc,
                      bool changed);
  void sketch_content(bool changed, ContentSketch& out);
  const std::string& record_id(const BatchItem& item, const std::string& id);
  static void end_line(std::string& out, const BatchItem& item);

  const ProcessorOptions& options_;
  const std::vector<std::string>& file_names_;
  JsonRecordParser parser_;
  JsonRecord record_;
  std::unique_ptr<DocumentCleaner> cleaner_;  // null when not stripping
  std::unique_ptr<ModelLearner> learner_;
  std::unique_ptr<ContentSketcher> sketcher_;  // null without duplicate detection
  std::vector<TextSpan> content_spans_;
  std::vector<ParagraphDecision> decisions_;
  std::string kept_;
  std::vector<uint32_t> kept_starts_;  // where each kept paragraph starts in kept_
  std::vector<ContentSketcher::NormalizedPiece> pieces_;
  std::string repaired_;  // a document's text made valid UTF-8
  std::string document_line_;  // a document passed on uncleaned, as JSON
  std::string id_;
};

}  // namespace winnow
