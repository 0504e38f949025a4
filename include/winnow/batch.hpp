// The unit of work between pipeline stages: a block of input records and what became of them.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/content_sketch.hpp"
#include "winnow/news_date.hpp"
#include "winnow/record_error.hpp"
#include "winnow/run_stats.hpp"

namespace winnow {

// A growable byte buffer whose end always has readable slack, as simdjson needs.
class PaddedBuffer {
 public:
  static constexpr size_t kPadding = 64;
  char* data() { return bytes_.get(); }
  const char* data() const { return bytes_.get(); }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }  // usable bytes, padding excluded
  void clear() { size_ = 0; }
  void resize(size_t n);                          // keeps content, grows capacity as needed
  void reserve(size_t n);
  void append(const char* p, size_t n);

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

enum class ItemKind : uint8_t {
  line,          // one JSONL line in Batch::data
  document,      // a document already extracted (text or WARC input), in Batch::documents
  fragment,      // part of a line over --max-record-size, streamed through, never parsed
  input_failure  // a file could not be read to its end; message says why
};

struct BatchItem {
  ItemKind kind = ItemKind::line;
  RecordError preset_error = RecordError::none;  // found by the reader itself
  bool has_newline = false;   // the line ended with '\n' (not part of the bytes)
  bool add_newline = false;   // no '\n' at the end of a file, but more output follows
  bool first_fragment = false;
  bool last_fragment = false;
  uint32_t file = 0;          // index into the run's file names
  uint64_t line = 0;          // 1-based line (JSONL) or record start line (WARC)
  size_t offset = 0;          // bytes [offset, offset + length) in Batch::data
  size_t length = 0;
  uint32_t document = 0;      // index into Batch::documents
  std::string message;        // input_failure reason
};

// A JSONL line holding only spaces, tabs or a CR: copied through, not a record.
bool is_blank_line(std::string_view line);

// A document from non-JSONL input; written out as a JSON object.
struct Document {
  std::string id, url, source, date, text;
};

// A written record the duplicate detector will compare, and where its line lies in
// Batch::output so the detector can add its findings or move the line out.
struct SketchedRecord {
  size_t line_begin = 0;
  size_t insert_at = 0;        // our fields go in here
  size_t line_end = 0;
  bool inside_object = false;  // insert_at is inside an existing "winnow" object
  std::string id, source;
  int64_t date = kNoDate;      // when dates order duplicates
  ContentSketch sketch;
};

struct Batch {
  uint64_t sequence = 0;
  PaddedBuffer data;
  std::vector<BatchItem> items;
  std::vector<Document> documents;
  size_t document_count = 0;  // documents in use; the vector keeps old ones for their capacity

  // Filled by a worker, consumed in order by the writer.
  std::string output;
  std::string rejects;
  std::string warnings;       // ready-to-print lines for stderr
  uint64_t warning_count = 0;
  RunStats stats;
  bool stop = false;          // --on-error fail hit a bad record in this batch
  std::string stop_message;
  std::vector<SketchedRecord> sketched;  // reused: only the first sketched_count are live
  size_t sketched_count = 0;
  std::string dropped;                   // duplicate lines moved out of output (--dups drop)

  Document& add_document();
  SketchedRecord& add_sketched();
  void reset();
};

}  // namespace winnow
