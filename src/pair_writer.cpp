#include "winnow/pair_writer.hpp"

#include <algorithm>
#include <cstdio>

#include "winnow/json_escape.hpp"

namespace winnow {
namespace {

constexpr size_t kFlushBytes = 1 << 20;

void append_similarity(std::string& out, double similarity) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", similarity);
  out += text;
}

}  // namespace

void PairWriter::related(uint32_t record, const Relation& relation, DuplicateIndex& index) {
  if (clusters_) return;
  if (relation.kind != DupKind::passage) {
    write_pair(index, relation.match, record, relation.kind, relation.similarity, relation.passages,
               relation.match);
    return;
  }
  // Passage reuse may draw on several records: a pair for each, in order of longest passage.
  std::vector<uint32_t> others;
  for (const PassageMatch& p : relation.passages) {
    if (std::find(others.begin(), others.end(), p.other) == others.end()) others.push_back(p.other);
  }
  for (uint32_t other : others) {
    uint64_t shared = 0;
    for (const PassageMatch& p : relation.passages) shared += p.other == other ? p.words : 0;
    const double share = std::min(1.0, static_cast<double>(shared) / std::max(1u, index.words(record)));
    write_pair(index, other, record, DupKind::passage, share, relation.passages, other);
  }
  flush_when_full();
}

void PairWriter::write_pair(DuplicateIndex& index, uint32_t a, uint32_t b, DupKind kind, double similarity,
                            const std::vector<PassageMatch>& passages, uint32_t only_other) {
  std::string& out = buffer_;
  out += "{\"a\":";
  append_json_string(out, index.id(a));
  out += ",\"b\":";
  append_json_string(out, index.id(b));
  out += ",\"kind\":\"";
  out += dup_kind_name(kind);
  out += "\",\"similarity\":";
  append_similarity(out, similarity);
  out += ",\"passages\":[";
  bool first = true;
  for (const PassageMatch& p : passages) {
    if (p.other != only_other) continue;
    out += first ? "{\"a_start\":" : ",{\"a_start\":";
    first = false;
    out += std::to_string(p.there.start) + ",\"a_end\":" + std::to_string(p.there.end);
    out += ",\"b_start\":" + std::to_string(p.here.start) + ",\"b_end\":" + std::to_string(p.here.end) + '}';
  }
  out += "]}\n";
  flush_when_full();
}

void PairWriter::finish(DuplicateIndex& index, uint32_t first_new) {
  if (clusters_) write_clusters(index, first_new);
  out_.write(buffer_);
  buffer_.clear();
}

// Members in the order they were indexed; clusters in the order of their first member.
void PairWriter::write_clusters(DuplicateIndex& index, uint32_t first_new) {
  const auto records = static_cast<uint32_t>(index.records());
  std::vector<std::pair<uint32_t, uint32_t>> by_cluster;  // (canonical, record), of the records held
  by_cluster.reserve(records - index.first());
  for (uint32_t r = index.first(); r < records; ++r) by_cluster.emplace_back(index.canonical(r), r);
  std::stable_sort(by_cluster.begin(), by_cluster.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::pair<size_t, size_t>> clusters;  // [begin, end) into by_cluster
  for (size_t begin = 0, end = 0; begin < by_cluster.size(); begin = end) {
    while (end < by_cluster.size() && by_cluster[end].first == by_cluster[begin].first) ++end;
    const bool has_new = by_cluster[end - 1].second >= first_new;  // records ascend within a cluster
    if (end - begin >= 2 && has_new) clusters.emplace_back(begin, end);
  }
  std::sort(clusters.begin(), clusters.end(), [&](const auto& x, const auto& y) {
    return by_cluster[x.first].second < by_cluster[y.first].second;
  });
  for (const auto& [begin, end] : clusters) {
    buffer_ += "{\"canonical\":";
    append_json_string(buffer_, index.id(by_cluster[begin].first));
    buffer_ += ",\"size\":" + std::to_string(end - begin) + ",\"members\":[";
    for (size_t i = begin; i < end; ++i) {
      if (i > begin) buffer_ += ',';
      append_json_string(buffer_, index.id(by_cluster[i].second));
    }
    buffer_ += "]}\n";
    flush_when_full();
  }
}

void PairWriter::flush_when_full() {
  if (buffer_.size() < kFlushBytes) return;
  out_.write(buffer_);
  buffer_.clear();
}

}  // namespace winnow
