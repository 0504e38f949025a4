#include "winnow/duplicate_marker.hpp"

#include <cstdio>

#include "winnow/json_escape.hpp"

namespace winnow {
namespace {

void append_number(std::string& out, uint64_t n) { out += std::to_string(n); }

}  // namespace

void DuplicateMarker::mark(Batch& batch) {
  std::string& out = batch.output;
  rebuilt_.clear();
  size_t copied = 0;
  for (size_t i = 0; i < batch.sketched_count; ++i) {
    const SketchedRecord& r = batch.sketched[i];
    const bool related = index_.find(r.sketch, r.source, relation_);
    const bool copy = related && relation_.kind != DupKind::passage;
    // An older copy than the cluster's canonical leads it from now on, so it is kept.
    relation_.earlier = copy && r.date < index_.date(relation_.canonical);
    index_.add(r.sketch, r.id, r.source, related ? &relation_ : nullptr, r.date);
    if (!related) continue;
    if (sink_ != nullptr) sink_->related(static_cast<uint32_t>(index_.records() - 1), relation_, index_);
    ++batch.stats.duplicates[static_cast<size_t>(relation_.kind)];
    const bool drop = action_ == DupAction::drop && copy && !relation_.earlier;
    rebuilt_.append(out, copied, r.line_begin - copied);
    std::string& line = drop ? batch.dropped : rebuilt_;
    line.append(out, r.line_begin, r.insert_at - r.line_begin);
    append_findings(line, r);
    line.append(out, r.insert_at, r.line_end - r.insert_at);
    copied = r.line_end;
    if (drop) {
      // The line's break goes with it; a last line without one gets one in the dropped file.
      if (copied < out.size() && out[copied] == '\n') ++copied;
      batch.dropped += '\n';
      ++batch.stats.dropped;
      --batch.stats.records_out;
    }
  }
  if (copied == 0) return;
  rebuilt_.append(out, copied, std::string::npos);
  out.swap(rebuilt_);
}

void DuplicateMarker::append_findings(std::string& out, const SketchedRecord& record) const {
  out += record.inside_object ? "," : ",\"winnow\":{";
  out += "\"dup_of\":";
  append_json_string(out, index_.id(relation_.canonical));
  out += ",\"kind\":\"";
  out += dup_kind_name(relation_.kind);
  char similarity[32];
  std::snprintf(similarity, sizeof similarity, "\",\"similarity\":%.3f", relation_.similarity);
  out += similarity;
  if (relation_.earlier) out += ",\"earlier\":true";
  out += ",\"passages\":[";
  for (size_t i = 0; i < relation_.passages.size(); ++i) {
    const PassageMatch& p = relation_.passages[i];
    out += i == 0 ? "{\"start\":" : ",{\"start\":";
    append_number(out, p.here.start);
    out += ",\"end\":";
    append_number(out, p.here.end);
    out += ",\"other\":";
    append_json_string(out, index_.id(p.other));
    out += ",\"other_start\":";
    append_number(out, p.there.start);
    out += ",\"other_end\":";
    append_number(out, p.there.end);
    out += '}';
  }
  out += ']';
  if (!record.inside_object) out += '}';
}

}  // namespace winnow
