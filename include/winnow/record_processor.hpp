// The per-record work of `winnow clean`: parse, split, fingerprint, decide, write.
// One per worker thread; it owns every scratch buffer so records cost no allocation.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "winnow/batch.hpp"
#include "winnow/fingerprint.hpp"
#include "winnow/json_record.hpp"
#include "winnow/paragraphs.hpp"

namespace winnow {

enum class OnError { keep, skip, fail };

struct ProcessorOptions {
  FieldNames fields;
  OnError on_error = OnError::keep;
  bool strip = true;          // false: validate and copy records through untouched
  bool write_rejects = false; // collect raw bad records for --rejects
  SplitOptions split;
  FingerprintOptions fingerprint;
};

class RecordProcessor {
 public:
  // `file_names` names inputs in messages; it must outlive the processor.
  RecordProcessor(const ProcessorOptions& options, const std::vector<std::string>& file_names);

  // Fills the batch's output, rejects, warnings and stats from its items.
  void process(Batch& batch);

 private:
  void process_line(Batch& batch, const BatchItem& item);
  void process_document(Batch& batch, const BatchItem& item);
  void process_fragment(Batch& batch, const BatchItem& item);
  void report_failure(Batch& batch, const BatchItem& item);
  // Counts and routes a record that cannot be cleaned; `raw` is written as it was.
  void reject(Batch& batch, const BatchItem& item, RecordError error, std::string_view detail,
              std::string_view raw);
  void warn(Batch& batch, const BatchItem& item, std::string_view reason);
  void clean_text(Batch& batch, std::string_view text);
  static void end_line(std::string& out, const BatchItem& item);

  const ProcessorOptions& options_;
  const std::vector<std::string>& file_names_;
  JsonRecordParser parser_;
  JsonRecord record_;
  std::vector<TextSpan> paragraphs_;
  Fingerprinter fingerprinter_;
  DocumentPrints prints_;
};

}  // namespace winnow
