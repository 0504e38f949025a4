// JSONL records: JsonRecordParser::parse on the input as one line (with exactly the
// padding its contract asks for, filled as the following lines of a batch would fill
// it), the splice of kept text back into the line, and the input as a whole file through
// BatchReader and RecordProcessor (cleaning with the bundled rules, with and without
// --annotate, sketching for duplicates). Inputs starting "WARC/" are read as WARC.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_files.hpp"
#include "winnow/batch.hpp"
#include "winnow/batch_reader.hpp"
#include "winnow/content_sketch.hpp"
#include "winnow/json_escape.hpp"
#include "winnow/json_record.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/record_processor.hpp"
#include "winnow/rule_set.hpp"

using namespace winnow;

namespace {

// A line in a buffer of exactly line.size() + kJsonPadding bytes, so that a read past the
// padding is a heap overflow. The padding holds bytes of `next`, as a batch would.
class PaddedLine {
 public:
  PaddedLine(std::string_view line, std::string_view next)
      : size_(line.size()), bytes_(new char[line.size() + kJsonPadding]) {
    if (!line.empty()) std::memcpy(bytes_.get(), line.data(), line.size());
    for (size_t i = 0; i < kJsonPadding; ++i) bytes_[size_ + i] = next.empty() ? '\0' : next[i % next.size()];
  }
  std::string_view view() const { return {bytes_.get(), size_}; }
  size_t capacity() const { return size_ + kJsonPadding; }

 private:
  size_t size_;
  std::unique_ptr<char[]> bytes_;
};

struct Fields {
  std::string id, source, url, title, author, date;
  explicit Fields(const JsonRecord& r)
      : id(r.id), source(r.source), url(r.url), title(r.title), author(r.author), date(r.date) {}
  bool operator==(const Fields&) const = default;
};

// Keeps every other paragraph, as cleaning keeps some and cuts the rest.
std::string kept_text(std::string_view text) {
  std::vector<TextSpan> spans;
  split_paragraphs(text, spans);
  std::string kept;
  for (size_t i = 0; i < spans.size(); i += 2) {
    if (!kept.empty()) kept += "\n\n";
    kept.append(spans[i].in(text));
  }
  return kept;
}

void parse_and_splice(JsonRecordParser& parser, std::string_view input) {
  const PaddedLine line(input, input);
  JsonRecord record;
  if (parser.parse(line.view(), line.capacity(), record) != RecordError::none) return;
  const std::string_view raw = line.view();
  if (!(record.text_begin < record.text_end && record.text_end <= raw.size())) __builtin_trap();
  if (raw[record.text_begin] != '"' || raw[record.text_end - 1] != '"') __builtin_trap();
  const Fields fields(record);
  const std::string text(record.text);

  // Splicing new text in gives a record that reads back with that text (made valid
  // UTF-8) and every other field as it was.
  for (const std::string& kept : {kept_text(text), std::string(), text}) {
    std::string spliced;
    splice_text(spliced, raw, record.text_begin, record.text_end, kept);
    std::string expected;
    append_valid_utf8(expected, kept);
    const PaddedLine again(spliced, input);
    JsonRecord reread;
    if (parser.parse(again.view(), again.capacity(), reread) != RecordError::none) __builtin_trap();
    if (reread.text != expected || !(Fields(reread) == fields)) __builtin_trap();
  }
}

// One per process, as one per worker thread: processors keep only scratch between batches.
struct Pipeline {
  std::string path = fuzz::scratch_path("input.jsonl");
  std::vector<std::string> names{path};
  RuleSet rules = RuleSet::load_default();
  DuplicateOptions dups;
  ProcessorOptions strip_options, annotate_options;
  std::unique_ptr<RecordProcessor> strip, annotate;
  Pipeline() {
    strip_options.cleaner.rules = &rules;
    strip_options.dups = &dups;
    strip_options.max_paragraphs = 64;
    annotate_options = strip_options;
    annotate_options.annotate = true;
    annotate_options.write_rejects = true;
    strip = std::make_unique<RecordProcessor>(strip_options, names);
    annotate = std::make_unique<RecordProcessor>(annotate_options, names);
  }
};

void read_batches(std::string_view input) {
  static Pipeline pipeline;
  fuzz::write_file(pipeline.path, input);
  ReaderOptions options;
  options.format = input.starts_with("WARC/") ? InputFormat::warc : InputFormat::jsonl;
  options.max_record_bytes = 1024;  // longer lines are streamed through in fragments
  options.batch_bytes = 4096;
  BatchReader reader({pipeline.path}, options);
  Batch batch;
  while (reader.next(batch)) {
    for (const BatchItem& item : batch.items) {
      if (item.kind != ItemKind::line && item.kind != ItemKind::fragment) continue;
      if (item.offset + item.length > batch.data.size()) __builtin_trap();
    }
    pipeline.strip->process(batch);
    pipeline.annotate->process(batch);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static JsonRecordParser parser{FieldNames{}};
  static JsonRecordParser renamed{FieldNames{"body", "guid", "site", "link", "headline", "by", "published"}};
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  parse_and_splice(parser, input);
  parse_and_splice(renamed, input);
  read_batches(input);
  return 0;
}
