#include "winnow/record_processor.hpp"

#include "winnow/json_escape.hpp"

namespace winnow {

namespace {

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

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
    : options_(options),
      file_names_(file_names),
      parser_(options.fields),
      fingerprinter_(options.fingerprint) {}

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
  w += file_names_[item.file];
  if (item.line > 0) {
    w += ':';
    w += std::to_string(item.line);
  }
  w += ": ";
  w += reason;
  w += '\n';
  ++batch.warning_count;
}

void RecordProcessor::report_failure(Batch& batch, const BatchItem& item) {
  ++batch.stats.input_failures;
  warn(batch, item, item.message);
}

void RecordProcessor::reject(Batch& batch, const BatchItem& item, RecordError error,
                             std::string_view detail, std::string_view raw) {
  batch.stats.count_error(error);
  std::string reason = record_error_reason(error);
  if (!detail.empty()) reason.append(" (").append(detail).append(")");
  if (options_.on_error == OnError::fail) {
    batch.stop = true;
    batch.stop_message = file_names_[item.file] + ":" + std::to_string(item.line) + ": " + reason;
  } else {
    warn(batch, item, reason + "; " + action_words(options_.on_error));
  }
  if (options_.write_rejects) {
    batch.rejects.append(raw);
    if (item.kind != ItemKind::fragment || item.last_fragment) batch.rejects += '\n';
  }
  if (options_.on_error == OnError::keep) {
    ++batch.stats.records_out;
    ++batch.stats.unchanged_on_error;
    batch.output.append(raw);
    end_line(batch.output, item);
  } else {
    ++batch.stats.rejected;
  }
}

void RecordProcessor::process_line(Batch& batch, const BatchItem& item) {
  const char* start = batch.data.data() + item.offset;
  std::string_view raw(start, item.length);
  if (item.preset_error == RecordError::none && is_blank(raw)) {
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
  if (error != RecordError::none) {
    reject(batch, item, error, record_.detail, raw);
    return;
  }
  if (options_.strip) clean_text(batch, record_.text);
  ++batch.stats.records_out;
  batch.output.append(raw);
  end_line(batch.output, item);
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
  const Document& doc = batch.documents[item.document];
  ++batch.stats.records_in;
  if (options_.strip) clean_text(batch, doc.text);
  std::string& out = batch.output;
  const FieldNames& f = options_.fields;
  out += '{';
  append_field(out, f.id, doc.id);
  if (!doc.url.empty()) append_field(out, f.url, doc.url);
  if (!doc.source.empty()) append_field(out, f.source, doc.source);
  if (!doc.date.empty()) append_field(out, "date", doc.date);
  out += ',';
  append_json_string(out, f.text);
  out += ':';
  batch.stats.invalid_utf8 += append_json_string(out, doc.text);
  out += "}\n";
  ++batch.stats.records_out;
}

void RecordProcessor::clean_text(Batch& batch, std::string_view text) {
  split_paragraphs(text, paragraphs_, options_.split);
  fingerprinter_.compute(text, paragraphs_, prints_);
  batch.stats.paragraphs += paragraphs_.size();
  batch.stats.paragraphs_kept += paragraphs_.size();
}

}  // namespace winnow
