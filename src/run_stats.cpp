#include "winnow/run_stats.hpp"

#include <cstdio>

namespace winnow {

void RunStats::add(const RunStats& o) {
  records_in += o.records_in;
  records_out += o.records_out;
  rejected += o.rejected;
  dropped += o.dropped;
  unchanged_on_error += o.unchanged_on_error;
  blank_lines += o.blank_lines;
  skipped_warc_records += o.skipped_warc_records;
  bytes_in += o.bytes_in;
  compressed_bytes_in += o.compressed_bytes_in;
  bytes_out += o.bytes_out;
  paragraphs += o.paragraphs;
  paragraphs_kept += o.paragraphs_kept;
  invalid_utf8 += o.invalid_utf8;
  input_failures += o.input_failures;
  records_changed += o.records_changed;
  for (size_t i = 0; i < errors.size(); ++i) errors[i] += o.errors[i];
  for (size_t i = 0; i < removed.size(); ++i) removed[i] += o.removed[i];
  for (size_t i = 0; i < duplicates.size(); ++i) duplicates[i] += o.duplicates[i];
}

uint64_t RunStats::error_total() const {
  uint64_t total = 0;
  for (uint64_t n : errors) total += n;
  return total;
}

namespace {

void field(std::string& out, const char* name, uint64_t value) {
  out += '"';
  out += name;
  out += "\":";
  out += std::to_string(value);
  out += ',';
}

}  // namespace

std::string RunStats::to_json(double wall_seconds) const {
  std::string out = "{";
  field(out, "records_in", records_in);
  field(out, "records_out", records_out);
  field(out, "rejected", rejected);
  field(out, "dropped", dropped);
  field(out, "unchanged_on_error", unchanged_on_error);
  field(out, "blank_lines", blank_lines);
  field(out, "skipped_warc_records", skipped_warc_records);
  field(out, "bytes_in", bytes_in);
  field(out, "compressed_bytes_in", compressed_bytes_in);
  field(out, "bytes_out", bytes_out);
  field(out, "records_changed", records_changed);
  out += "\"paragraphs\":{";
  field(out, "total", paragraphs);
  field(out, "kept", paragraphs_kept);
  field(out, "removed", paragraphs - paragraphs_kept);
  out += "\"removed_by_label\":{";
  for (size_t i = 1; i < removed.size(); ++i) field(out, label_name(static_cast<Label>(i)), removed[i]);
  out.back() = '}';
  out += "},";
  out += "\"duplicates\":{";
  field(out, "exact", duplicates[0]);
  field(out, "near", duplicates[1]);
  field(out, "passage", duplicates[2]);
  field(out, "index_records", index_records);
  field(out, "index_bytes", index_bytes);
  field(out, "index_exact_only", index_exact_only);
  field(out, "index_forgotten", index_forgotten);
  out.back() = '}';
  out += ',';
  field(out, "model_forgotten", model_forgotten);
  out += "\"errors\":{";
  field(out, "total", error_total());
  for (size_t i = 1; i < errors.size(); ++i) {
    field(out, record_error_name(static_cast<RecordError>(i)), errors[i]);
  }
  field(out, "invalid_utf8_sequences_repaired", invalid_utf8);
  field(out, "input_failures", input_failures);
  out.back() = '}';
  char tail[128];
  double mb_per_s = wall_seconds > 0 ? static_cast<double>(bytes_in) / 1e6 / wall_seconds : 0.0;
  std::snprintf(tail, sizeof tail, ",\"wall_seconds\":%.3f,\"mb_per_s\":%.1f}", wall_seconds,
                mb_per_s);
  out += tail;
  return out;
}

}  // namespace winnow
