#include "winnow/record_processor.hpp"

#include <algorithm>

#include <simdjson.h>

#include "winnow/json_escape.hpp"
#include "winnow/model_learner.hpp"
#include "winnow/news_date.hpp"
#include "winnow/paragraphs.hpp"

namespace winnow {

namespace {

const char* action_words(OnError policy) {
  switch (policy) {
    case OnError::keep: return "record kept unchanged";
    case OnError::skip: return "record skipped";
    case OnError::fail: return "stopping";
  }
  return "";
}

void append_field(std::string& out, const std::string& key, std::string_view value) {
  if (out.back() != '{') out += ',';
  append_json_string(out, key);
  out += ':';
  append_json_string(out, value);
}

}  // namespace

RecordProcessor::RecordProcessor(const ProcessorOptions& options,
                                 const std::vector<std::string>& file_names)
    : options_(options), file_names_(file_names), parser_(options.fields) {
  if (options.strip) cleaner_ = std::make_unique<DocumentCleaner>(options.cleaner);
  if (options.dups != nullptr) sketcher_ = std::make_unique<ContentSketcher>(*options.dups);
}

RecordProcessor::~RecordProcessor() = default;

void RecordProcessor::learn_into(SourceModel* model) {
  learner_ = std::make_unique<ModelLearner>(*model);
}

void RecordProcessor::process(Batch& batch) {
  for (const BatchItem& item : batch.items) {
    switch (item.kind) {
      case ItemKind::line: process_line(batch, item); break;
      case ItemKind::document: process_document(batch, item); break;
      case ItemKind::fragment: process_fragment(batch, item); break;
      case ItemKind::input_failure: report_failure(batch, item); break;
    }
    if (batch.stop) return;
  }
}

void RecordProcessor::end_line(std::string& out, const BatchItem& item) {
  if (item.has_newline || item.add_newline) out += '\n';
}

void RecordProcessor::warn(Batch& batch, const BatchItem& item, std::string_view reason) {
  std::string& w = batch.warnings;
  w += "winnow: ";
  w += location(item);
  w += ": ";
  w += reason;
  w += '\n';
  ++batch.warning_count;
}

void RecordProcessor::report_failure(Batch& batch, const BatchItem& item) {
  ++batch.stats.input_failures;
  warn(batch, item, item.message);
}

std::string RecordProcessor::location(const BatchItem& item) const {
  std::string where = file_names_[item.file];
  if (item.line > 0) {
    where += ':';
    where += std::to_string(item.line);
  }
  return where;
}

void RecordProcessor::reject(Batch& batch, const BatchItem& item, RecordError error,
                             std::string_view detail, std::string_view raw) {
  batch.stats.count_error(error);
  std::string reason = record_error_reason(error);
  if (!detail.empty()) reason.append(" (").append(detail).append(")");
  // A WARC record the reader had to skip has no bytes left to pass on.
  const bool has_raw = item.kind != ItemKind::document || !raw.empty();
  const OnError policy = has_raw || options_.on_error == OnError::fail ? options_.on_error : OnError::skip;
  if (policy == OnError::fail) {
    batch.stop = true;
    batch.stop_message = location(item) + ": " + reason;
  } else {
    warn(batch, item, reason + "; " + (has_raw ? action_words(policy) : "record skipped"));
  }
  // A run that stops inside a streamed record never reads its end: no partial line.
  bool whole = item.kind != ItemKind::fragment || item.last_fragment || policy != OnError::fail;
  if (options_.write_rejects && has_raw && whole) {
    batch.rejects.append(raw);
    if (item.kind != ItemKind::fragment || item.last_fragment) batch.rejects += '\n';
  }
  if (policy == OnError::keep) {
    ++batch.stats.records_out;
    ++batch.stats.unchanged_on_error;
    batch.output.append(raw);
    if (item.kind == ItemKind::document) {
      batch.output += '\n';
    } else {
      end_line(batch.output, item);
    }
  } else {
    ++batch.stats.rejected;
  }
}

void RecordProcessor::process_line(Batch& batch, const BatchItem& item) {
  const char* start = batch.data.data() + item.offset;
  std::string_view raw(start, item.length);
  if (item.preset_error == RecordError::none && is_blank_line(raw)) {
    ++batch.stats.blank_lines;
    batch.output.append(raw);
    end_line(batch.output, item);
    return;
  }
  ++batch.stats.records_in;
  RecordError error = item.preset_error;
  if (error == RecordError::none) {
    size_t capacity = batch.data.size() + PaddedBuffer::kPadding - item.offset;
    error = parser_.parse(raw, capacity, record_);
    bool cut_short = !item.has_newline && error == RecordError::malformed_json;
    if (cut_short) error = RecordError::truncated_line;
  }
  if (error == RecordError::none && over_paragraph_limit(record_.text)) {
    error = RecordError::too_many_paragraphs;
  }
  if (error != RecordError::none) {
    // A reader's verdict has no parser detail; the last record's must not show.
    const bool parsed = item.preset_error == RecordError::none;
    reject(batch, item, error, parsed ? std::string_view(record_.detail) : std::string_view(), raw);
    return;
  }
  DocumentInput doc{record_.text, record_id(item, record_.id), record_.source, record_.url,
                    record_.title, record_.author, record_.date};
  if (learner_) {
    learner_->add(doc);
    return;
  }
  ++batch.stats.records_out;
  if (!cleaner_) {
    const size_t line_begin = batch.output.size();
    batch.output.append(raw);
    sketch_written(batch, line_begin, doc.text, doc, false);
    end_line(batch.output, item);
    return;
  }
  write_line(batch, item, raw, doc);
}

bool RecordProcessor::over_paragraph_limit(std::string_view text) {
  if (!cleaner_ && !learner_ && !sketcher_) return false;
  // A paragraph needs a line of its own: few lines, few paragraphs, no split needed.
  if (static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) < options_.max_paragraphs) return false;
  split_paragraphs(text, content_spans_);
  return content_spans_.size() > options_.max_paragraphs;
}

const std::string& RecordProcessor::record_id(const BatchItem& item, const std::string& id) {
  if (!id.empty()) return id;
  id_ = file_names_[item.file];
  id_ += ':';
  id_ += std::to_string(item.line);
  return id_;
}

void RecordProcessor::write_line(Batch& batch, const BatchItem& item, std::string_view raw,
                                 const DocumentInput& doc) {
  bool changes = decide(batch, doc);
  std::string& out = batch.output;
  const size_t line_begin = out.size();
  if (options_.annotate) {
    // The record up to its closing brace, then our object, then the brace and what follows.
    size_t close = raw.find_last_of('}');
    out.append(raw.substr(0, close));
    append_annotation(out, doc);
    out.append(raw.substr(close));
  } else if (changes) {
    kept_text(doc.text);
    batch.stats.invalid_utf8 +=
        splice_text(out, raw, record_.text_begin, record_.text_end, kept_);
    ++batch.stats.records_changed;
  } else {
    out.append(raw);
  }
  sketch_written(batch, line_begin, changes && !options_.annotate ? std::string_view(kept_) : doc.text, doc,
                 changes && !options_.annotate);
  end_line(out, item);
}

void RecordProcessor::process_fragment(Batch& batch, const BatchItem& item) {
  std::string_view raw(batch.data.data() + item.offset, item.length);
  if (item.first_fragment) {
    ++batch.stats.records_in;
    reject(batch, item, RecordError::too_large, {}, raw);
    return;
  }
  if (options_.write_rejects) {
    batch.rejects.append(raw);
    if (item.last_fragment) batch.rejects += '\n';
  }
  if (options_.on_error == OnError::keep) {
    batch.output.append(raw);
    if (item.last_fragment) end_line(batch.output, item);
  }
}

void RecordProcessor::process_document(Batch& batch, const BatchItem& item) {
  if (item.preset_error != RecordError::none) {
    // A WARC record the reader could not take (oversized, bad framing): nothing to write.
    ++batch.stats.records_in;
    reject(batch, item, item.preset_error, item.message, {});
    return;
  }
  const Document& doc = batch.documents[item.document];
  ++batch.stats.records_in;
  // Text files and WET bodies may hold invalid UTF-8: repair it first, so offsets given by
  // --annotate point into the text that is written out.
  std::string_view original = doc.text;
  if (!simdjson::validate_utf8(doc.text.data(), doc.text.size())) {
    repaired_.clear();
    batch.stats.invalid_utf8 += append_valid_utf8(repaired_, doc.text);
    original = repaired_;
  }
  const DocumentInput input{original, doc.id, doc.source, doc.url, {}, {}, doc.date};
  if (over_paragraph_limit(original)) {
    document_line_.clear();
    append_document(document_line_, doc, original, nullptr);
    reject(batch, item, RecordError::too_many_paragraphs, {}, document_line_);
    return;
  }
  if (learner_) {
    learner_->add(input);
    return;
  }
  std::string_view text = original;
  if (cleaner_ && decide(batch, input) && !options_.annotate) {
    kept_text(original);
    text = kept_;
    ++batch.stats.records_changed;
  }
  std::string& out = batch.output;
  const size_t line_begin = out.size();
  append_document(out, doc, text, cleaner_ && options_.annotate ? &input : nullptr);
  sketch_written(batch, line_begin, text, input, text.data() == kept_.data());
  out += '\n';
  ++batch.stats.records_out;
}

void RecordProcessor::append_document(std::string& out, const Document& doc, std::string_view text,
                                      const DocumentInput* annotate) {
  const FieldNames& f = options_.fields;
  out += '{';
  append_field(out, f.id, doc.id);
  if (!doc.url.empty()) append_field(out, f.url, doc.url);
  if (!doc.source.empty()) append_field(out, f.source, doc.source);
  if (!doc.date.empty()) append_field(out, f.date, doc.date);
  out += ',';
  append_json_string(out, f.text);
  out += ':';
  append_json_string(out, text);
  if (annotate != nullptr) append_annotation(out, *annotate);
  out += '}';
}

bool RecordProcessor::decide(Batch& batch, const DocumentInput& doc) {
  cleaner_->classify(doc, decisions_);
  batch.stats.paragraphs += decisions_.size();
  bool removes = false;
  for (const ParagraphDecision& d : decisions_) {
    if (d.label == Label::content) {
      ++batch.stats.paragraphs_kept;
    } else {
      batch.stats.count_removed(d.label);
      removes = true;
    }
  }
  return removes;
}

namespace {

bool is_break_space(char c) {
  return c == '\n' || c == '\r' || c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

// Of the break after the previous kept paragraph and the break before this one, the one
// with more newlines: "A\nB\n\nC" without B must still read as two paragraphs.
std::string_view joining_break(std::string_view text, size_t previous_end, size_t start) {
  size_t after = previous_end;
  while (after < text.size() && is_break_space(text[after])) ++after;
  size_t before = start;
  while (before > previous_end && is_break_space(text[before - 1])) --before;
  std::string_view first = text.substr(previous_end, after - previous_end);
  std::string_view second = text.substr(before, start - before);
  auto newlines = [](std::string_view s) { return std::count(s.begin(), s.end(), '\n'); };
  return newlines(first) > newlines(second) ? first : second;
}

}  // namespace

void RecordProcessor::kept_text(std::string_view text) {
  kept_.clear();
  kept_starts_.clear();
  bool any = false;
  size_t previous_end = 0;
  for (const ParagraphDecision& d : decisions_) {
    if (d.label != Label::content) continue;
    if (any) kept_.append(joining_break(text, previous_end, d.span.start));
    kept_starts_.push_back(static_cast<uint32_t>(kept_.size()));
    kept_.append(d.span.in(text));
    previous_end = d.span.end;
    any = true;
  }
}

void RecordProcessor::sketch_written(Batch& batch, size_t line_begin, std::string_view text,
                                     const DocumentInput& doc, bool changed) {
  if (!sketcher_) return;
  SketchedRecord& r = batch.add_sketched();
  std::string& out = batch.output;
  r.line_begin = line_begin;
  r.line_end = out.size();
  r.inside_object = cleaner_ && options_.annotate;
  // Before the record's closing brace, or before the closing brace of our own object.
  const size_t close = out.find_last_of('}');
  r.insert_at = r.inside_object ? out.rfind('}', close - 1) : close;
  r.id.assign(doc.id);
  r.source.assign(doc.source);
  r.date = kNoDate;
  if (options_.date_orders_duplicates) r.date = parse_news_date(doc.date).value_or(kNoDate);
  if (cleaner_) {
    sketch_content(changed, r.sketch);
  } else {
    content_spans_.clear();
    split_paragraphs(text, content_spans_);
    sketcher_->sketch(text, content_spans_, r.sketch);
  }
}

// The content paragraphs' words as the cleaner read them, moved to where they are
// written: into the kept text when it `changed`, else where they were.
void RecordProcessor::sketch_content(bool changed, ContentSketch& out) {
  const DocumentCleaner::ReadWords read = cleaner_->words();
  pieces_.clear();
  size_t kept = 0;
  for (size_t i = 0; i < decisions_.size(); ++i) {
    if (decisions_[i].label != Label::content) continue;
    const int64_t start = decisions_[i].span.start;
    const int64_t written = changed ? kept_starts_[kept++] : start;
    const uint32_t first = read.first_word[i];
    pieces_.push_back({read.words.subspan(first, read.first_word[i + 1] - first), written - start});
  }
  sketcher_->sketch_normalized(read.normalized, pieces_, read.seed, out);
}

void RecordProcessor::append_annotation(std::string& out, const DocumentInput& doc) {
  out += ",\"winnow\":{\"id\":";
  append_json_string(out, doc.id);
  out += ",\"source\":";
  append_json_string(out, doc.source);
  out += ",\"paragraphs\":[";
  for (size_t i = 0; i < decisions_.size(); ++i) {
    const ParagraphDecision& d = decisions_[i];
    if (i > 0) out += ',';
    out += "{\"start\":";
    out += std::to_string(d.span.start);
    out += ",\"end\":";
    out += std::to_string(d.span.end);
    out += ",\"label\":\"";
    out += label_name(d.label);
    out += "\",\"reason\":";
    append_json_string(out, d.reason);
    out += '}';
  }
  out += "]}";
}

}  // namespace winnow
