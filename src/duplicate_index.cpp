#include "winnow/duplicate_index.hpp"

#include <xxhash.h>

#include <algorithm>

#include "winnow/minhash.hpp"

namespace winnow {
namespace {

// A key shared by more records than this is furniture, not a story: its older entries are
// not visited, which keeps a lookup bounded whatever the corpus.
constexpr unsigned kMaxChainVisits = 64;
constexpr size_t kMaxRuns = 256;
constexpr size_t kMaxCandidates = 64;
constexpr size_t kMaxReportedPassages = 64;
// Containment alone makes a near duplicate only when the smaller text is a real article.
constexpr size_t kMinContainedWords = 25;

TextSpan cover(const TextSpan* spans, uint32_t first, uint32_t count) {
  return {spans[first].start, spans[first + count - 1].end};
}

}  // namespace

const char* dup_kind_name(DupKind kind) {
  switch (kind) {
    case DupKind::exact: return "exact";
    case DupKind::near: return "near";
    case DupKind::passage: return "passage";
  }
  return "?";
}

DuplicateIndex::DuplicateIndex(const DuplicateOptions& options)
    : options_(options),
      passage_gram_words_(WinnowParams::for_min_passage(options.min_passage_words).gram_words) {}

std::string_view DuplicateIndex::id(uint32_t record) const {
  const Record& r = records_[record];
  return std::string_view(ids_).substr(r.id_offset, r.id_length);
}

uint32_t DuplicateIndex::lookup_source(std::string_view source) const {
  const uint64_t key = XXH3_64bits(source.data(), source.size());
  for (uint32_t i = source_lookup_.head(key); i != KeyChains::kEnd; i = source_lookup_.entry(i).next) {
    uint32_t s = source_lookup_.entry(i).doc;
    if (sources_[s] == source) return s;
  }
  return KeyChains::kEnd;
}

uint32_t DuplicateIndex::intern_source(std::string_view source) {
  uint32_t s = lookup_source(source);
  if (s != KeyChains::kEnd) return s;
  sources_.emplace_back(source);
  s = static_cast<uint32_t>(sources_.size() - 1);
  source_lookup_.add(XXH3_64bits(source.data(), source.size()), s, 0);
  return s;
}

bool DuplicateIndex::comparable(uint32_t record, uint32_t source) const {
  return options_.within_source || records_[record].source != source;
}

bool DuplicateIndex::find(const ContentSketch& sketch, std::string_view source, Relation& out) {
  out.passages.clear();
  runs_.clear();
  candidates_.clear();
  if (sketch.empty() || records_.empty()) return false;
  const uint32_t src = lookup_source(source);

  for (uint32_t i = exact_.head(sketch.exact); i != KeyChains::kEnd; i = exact_.entry(i).next) {
    uint32_t other = exact_.entry(i).doc;
    if (!comparable(other, src)) continue;
    const Record& r = records_[other];
    out.kind = DupKind::exact;
    out.canonical = r.canonical;
    out.similarity = 1.0;
    out.passages.push_back({cover(sketch.words.spans.data(), 0, static_cast<uint32_t>(sketch.words.size())),
                            other, cover(spans_.data() + r.first_word, 0, r.word_count), r.word_count});
    return true;
  }

  find_runs(sketch, src);
  find_candidates(sketch, src);
  uint32_t best = 0;
  double similarity = best_near(sketch, best);
  if (similarity >= options_.threshold) {
    out.kind = DupKind::near;
    out.canonical = records_[best].canonical;
    out.similarity = similarity;
    collect_passages(sketch, best, out);
    return true;
  }
  if (runs_.empty()) return false;
  const Run* longest = &runs_[0];
  for (const Run& r : runs_) {
    if (r.length > longest->length) longest = &r;
  }
  out.kind = DupKind::passage;
  out.canonical = records_[longest->other].canonical;
  collect_passages(sketch, KeyChains::kEnd, out);
  uint64_t shared = 0;
  for (const PassageMatch& p : out.passages) shared += p.words;
  out.similarity = std::min(1.0, static_cast<double>(shared) / sketch.words.size());
  return true;
}

void DuplicateIndex::find_runs(const ContentSketch& sketch, uint32_t source) {
  for (const PassagePrint& p : sketch.prints) {
    unsigned visits = 0;
    for (uint32_t i = prints_.head(p.hash); i != KeyChains::kEnd && visits < kMaxChainVisits;
         i = prints_.entry(i).next, ++visits) {
      const KeyChains::Entry& e = prints_.entry(i);
      if (!comparable(e.doc, source)) continue;
      // A fingerprint inside a run already found on the same diagonal adds nothing.
      bool covered = std::any_of(runs_.begin(), runs_.end(), [&](const Run& r) {
        return r.other == e.doc && r.here_word - r.there_word == p.word - e.word &&
               p.word >= r.here_word && p.word < r.here_word + r.length;
      });
      if (!covered && runs_.size() < kMaxRuns) extend(sketch, p.word, e.doc, e.word);
    }
  }
}

// Grows a shared gram into the longest aligned run of equal words around it.
bool DuplicateIndex::extend(const ContentSketch& sketch, uint32_t here, uint32_t other, uint32_t there) {
  const uint32_t* a = sketch.words.hashes.data();
  const size_t na = sketch.words.size();
  const Record& r = records_[other];
  const uint32_t* b = words_.data() + r.first_word;
  const size_t nb = r.word_count;
  const uint32_t k = passage_gram_words_;
  if (here + k > na || there + k > nb) return false;
  if (!std::equal(a + here, a + here + k, b + there)) return false;  // a hash collision
  uint32_t length = k;
  while (here + length < na && there + length < nb && a[here + length] == b[there + length]) ++length;
  while (here > 0 && there > 0 && a[here - 1] == b[there - 1]) {
    --here;
    --there;
    ++length;
  }
  if (length < options_.min_passage_words) return false;
  runs_.push_back({other, here, there, length});
  return true;
}

void DuplicateIndex::find_candidates(const ContentSketch& sketch, uint32_t source) {
  for (uint64_t key : sketch.band_keys) {
    unsigned visits = 0;
    for (uint32_t i = bands_.head(key); i != KeyChains::kEnd && visits < kMaxChainVisits;
         i = bands_.entry(i).next, ++visits) {
      uint32_t other = bands_.entry(i).doc;
      if (comparable(other, source)) candidates_.push_back(other);
    }
  }
  for (const Run& r : runs_) candidates_.push_back(r.other);
  std::sort(candidates_.begin(), candidates_.end());
  candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
  if (candidates_.size() > kMaxCandidates) candidates_.resize(kMaxCandidates);
}

// The candidate most similar by exact shingle sets: Jaccard, or the containment of the
// smaller text in the larger (a short story inside a longer one).
double DuplicateIndex::best_near(const ContentSketch& sketch, uint32_t& best) {
  double best_similarity = 0.0;
  for (uint32_t other : candidates_) {
    const Record& r = records_[other];
    shingle_set(std::span<const uint32_t>(words_.data() + r.first_word, r.word_count),
                options_.shingle_words, other_shingles_);
    double similarity = jaccard(sketch.shingles, other_shingles_);
    const size_t smaller_words = std::min<size_t>(sketch.words.size(), r.word_count);
    if (smaller_words >= kMinContainedWords) {
      const bool here_smaller = sketch.shingles.size() <= other_shingles_.size();
      similarity = std::max(similarity, here_smaller ? containment(sketch.shingles, other_shingles_)
                                                     : containment(other_shingles_, sketch.shingles));
    }
    if (similarity > best_similarity) {
      best_similarity = similarity;
      best = other;
    }
  }
  return best_similarity;
}

// Runs turned into byte spans, longest first; `only_other` limits them to one record.
void DuplicateIndex::collect_passages(const ContentSketch& sketch, uint32_t only_other,
                                      Relation& out) const {
  for (const Run& r : runs_) {
    if (only_other != KeyChains::kEnd && r.other != only_other) continue;
    // The same passage in a copy of the same story adds nothing: keep the earliest copy.
    bool repeated = std::any_of(runs_.begin(), runs_.end(), [&](const Run& q) {
      return q.other < r.other && q.here_word == r.here_word && q.length == r.length &&
             records_[q.other].canonical == records_[r.other].canonical;
    });
    if (repeated) continue;
    const Record& o = records_[r.other];
    out.passages.push_back({cover(sketch.words.spans.data(), r.here_word, r.length), r.other,
                            cover(spans_.data() + o.first_word, r.there_word, r.length), r.length});
  }
  std::stable_sort(out.passages.begin(), out.passages.end(), [](const PassageMatch& x, const PassageMatch& y) {
    return x.words != y.words ? x.words > y.words : x.here.start < y.here.start;
  });
  if (out.passages.size() > kMaxReportedPassages) out.passages.resize(kMaxReportedPassages);
}

void DuplicateIndex::add(const ContentSketch& sketch, std::string_view id, std::string_view source,
                         const Relation* related) {
  const auto self = static_cast<uint32_t>(records_.size());
  Record r;
  r.id_offset = ids_.size();
  r.id_length = static_cast<uint32_t>(id.size());
  ids_.append(id);
  r.source = intern_source(source);
  r.first_word = words_.size();
  r.word_count = static_cast<uint32_t>(sketch.words.size());
  r.canonical = related != nullptr && related->kind != DupKind::passage ? related->canonical : self;
  records_.push_back(r);
  if (sketch.empty()) return;
  words_.insert(words_.end(), sketch.words.hashes.begin(), sketch.words.hashes.end());
  spans_.insert(spans_.end(), sketch.words.spans.begin(), sketch.words.spans.end());
  exact_.add(sketch.exact, self, 0);
  for (uint64_t key : sketch.band_keys) bands_.add(key, self, 0);
  for (const PassagePrint& p : sketch.prints) prints_.add(p.hash, self, p.word);
}

size_t DuplicateIndex::memory_bytes() const {
  return records_.capacity() * sizeof(Record) + ids_.capacity() + words_.capacity() * sizeof(uint32_t) +
         spans_.capacity() * sizeof(TextSpan) + exact_.memory_bytes() + bands_.memory_bytes() +
         prints_.memory_bytes() + source_lookup_.memory_bytes();
}

}  // namespace winnow
