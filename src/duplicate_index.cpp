#include "winnow/duplicate_index.hpp"

#include "quarter_growth.hpp"
#include "xxhash_inline.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

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

TextSpan cover_here(const ContentSketch& sketch, uint32_t first, uint32_t count) {
  return {sketch.words.spans[first].start, sketch.words.spans[first + count - 1].end};
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

uint32_t DuplicateIndex::canonical(uint32_t record) {
  while (at(record).canonical != record) {
    uint32_t& up = at(record).canonical;
    up = at(up).canonical;  // path halving keeps later walks short
    record = up;
  }
  return record;
}

std::string_view DuplicateIndex::id(uint32_t record) const {
  const Record& r = at(record);
  return std::string_view(ids_).substr(r.id_offset - ids_base_, r.id_length);
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
  return options_.within_source || at(record).source != source;
}

bool DuplicateIndex::find(const ContentSketch& sketch, std::string_view source, Relation& out) {
  // Here, not in add(): what a relation names must stay until the next find().
  if (budget_ != 0 && records_.size() >= 4 && record_bytes() > budget_ / 2) {
    forget_before(static_cast<uint32_t>(first_ + records_.size() / 4));
  }
  out.passages.clear();
  out.earlier = false;
  runs_.clear();
  candidates_.clear();
  here_shingles_.clear();
  if (sketch.empty() || records_.empty()) return false;
  const uint32_t src = lookup_source(source);
  here_words_.resize(sketch.words.size());
  for (size_t i = 0; i < here_words_.size(); ++i) here_words_[i] = short_word_hash(sketch.words.hashes[i]);
  if (find_exact(sketch, src, out)) return true;

  find_runs(sketch, src);
  find_candidates(sketch, src);
  uint32_t best = 0;
  double similarity = best_near(sketch, best);
  if (similarity >= options_.threshold) {
    out.kind = DupKind::near;
    out.match = best;
    out.canonical = canonical(best);
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
  out.match = longest->other;
  out.canonical = canonical(longest->other);
  collect_passages(sketch, KeyChains::kEnd, out);
  uint64_t shared = 0;
  for (const PassageMatch& p : out.passages) shared += p.words;
  out.similarity = std::min(1.0, static_cast<double>(shared) / sketch.words.size());
  return true;
}

// Keys are truncated hashes: a copy counts only when every word agrees.
bool DuplicateIndex::find_exact(const ContentSketch& sketch, uint32_t source, Relation& out) {
  bool found = false;
  exact_.visit(posting_key(sketch.exact), kMaxChainVisits, [&](const DocPosting& p) {
    if (found || !comparable(p.doc, source) || !same_content(p.doc, sketch)) return;
    found = true;
    out.match = p.doc;
  });
  if (!found) return false;
  const auto count = static_cast<uint32_t>(sketch.words.size());
  out.kind = DupKind::exact;
  out.canonical = canonical(out.match);
  out.similarity = 1.0;
  out.passages.push_back({cover_here(sketch, 0, count), out.match, at(out.match).content, count});
  return true;
}

// Word by word where the words are kept; by the 64-bit content hash past the horizon.
bool DuplicateIndex::same_content(uint32_t record, const ContentSketch& sketch) const {
  const Record& r = at(record);
  if (r.words.count != sketch.words.size()) return false;
  if (record < horizon_) return r.exact == sketch.exact;
  const std::span<const uint16_t> words = words_.hashes(r.words);
  return std::equal(words.begin(), words.end(), here_words_.begin(), here_words_.end());
}

void DuplicateIndex::find_runs(const ContentSketch& sketch, uint32_t source) {
  for (const PassagePrint& p : sketch.prints) {
    prints_.visit(posting_key(p.hash), kMaxChainVisits, [&](const WordPosting& e) {
      if (!comparable(e.doc, source)) return;
      // A fingerprint inside a run already found on the same diagonal adds nothing.
      bool covered = std::any_of(runs_.begin(), runs_.end(), [&](const Run& r) {
        return r.other == e.doc && r.here_word - r.there_word == p.word - e.word &&
               p.word >= r.here_word && p.word < r.here_word + r.length;
      });
      if (!covered && runs_.size() < kMaxRuns) extend(sketch, p.word, e.doc, e.word);
    });
  }
}

// Grows a shared gram into the longest aligned run of equal words around it.
bool DuplicateIndex::extend(const ContentSketch& sketch, uint32_t here, uint32_t other, uint32_t there) {
  const uint16_t* a = here_words_.data();
  const size_t na = sketch.words.size();
  const std::span<const uint16_t> stored = words_.hashes(at(other).words);
  const uint16_t* b = stored.data();
  const size_t nb = stored.size();
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

// Records sharing a band or long runs with this one, the best evidenced first: a near copy
// collides in a band or shares most of its words in runs (a short story inside a longer
// one), so others are not compared, which keeps text full of stock phrases cheap.
void DuplicateIndex::find_candidates(const ContentSketch& sketch, uint32_t source) {
  for (uint64_t key : sketch.band_keys) {
    bands_.visit(posting_key(key), kMaxChainVisits, [&](const DocPosting& p) {
      if (comparable(p.doc, source)) candidates_.push_back({p.doc, 1, 0, 0.0});
    });
  }
  for (const Run& r : runs_) candidates_.push_back({r.other, 0, r.length, 0.0});
  const auto by_doc = [](const Candidate& x, const Candidate& y) { return x.doc < y.doc; };
  std::sort(candidates_.begin(), candidates_.end(), by_doc);
  // The share of bands hit and the share of the smaller text in runs weigh alike, so a
  // short story inside a longer one (few bands) ranks with copies of the whole.
  const double bands = static_cast<double>(std::max<size_t>(1, sketch.band_keys.size()));
  size_t kept = 0;
  for (size_t i = 0; i < candidates_.size();) {
    Candidate c{candidates_[i].doc, 0, 0, 0.0};
    for (; i < candidates_.size() && candidates_[i].doc == c.doc; ++i) {
      c.band_hits += candidates_[i].band_hits;
      c.run_words += candidates_[i].run_words;
    }
    const size_t smaller = std::min<size_t>(sketch.words.size(), at(c.doc).words.count);
    if (c.band_hits == 0 && 2 * size_t{c.run_words} < smaller) continue;
    c.evidence = c.band_hits / bands + static_cast<double>(c.run_words) / static_cast<double>(std::max<size_t>(1, smaller));
    candidates_[kept++] = c;
  }
  candidates_.resize(kept);
  if (candidates_.size() > kMaxCandidates) {
    std::stable_sort(candidates_.begin(), candidates_.end(),
                     [](const Candidate& x, const Candidate& y) { return x.evidence > y.evidence; });
    candidates_.resize(kMaxCandidates);
    // Compared oldest first, so of equally similar records the earliest is named.
    std::sort(candidates_.begin(), candidates_.end(), by_doc);
  }
}

// Shingles of stored words: the new record's are made from the same 16-bit word hashes,
// so both sides of a comparison are hashed alike.
void DuplicateIndex::short_shingles(std::span<const uint16_t> words, std::vector<uint64_t>& out) {
  widened_.assign(words.begin(), words.end());
  shingle_set(widened_, options_.shingle_words, out);
}

// The candidate most similar by exact shingle sets: Jaccard, or the containment of the
// smaller text in the larger (a short story inside a longer one).
double DuplicateIndex::best_near(const ContentSketch& sketch, uint32_t& best) {
  double best_similarity = 0.0;
  if (!candidates_.empty()) short_shingles(here_words_, here_shingles_);
  for (const Candidate& candidate : candidates_) {
    const uint32_t other = candidate.doc;
    const StoredWords& words = at(other).words;
    short_shingles(words_.hashes(words), other_shingles_);
    double similarity = jaccard(here_shingles_, other_shingles_);
    const size_t smaller_words = std::min<size_t>(sketch.words.size(), words.count);
    if (smaller_words >= kMinContainedWords) {
      const bool here_smaller = here_shingles_.size() <= other_shingles_.size();
      similarity = std::max(similarity, here_smaller ? containment(here_shingles_, other_shingles_)
                                                     : containment(other_shingles_, here_shingles_));
    }
    if (similarity > best_similarity) {
      best_similarity = similarity;
      best = other;
    }
  }
  return best_similarity;
}

// Runs turned into byte spans, longest first; `only_other` limits them to one record.
void DuplicateIndex::collect_passages(const ContentSketch& sketch, uint32_t only_other, Relation& out) {
  for (const Run& r : runs_) {
    if (only_other != KeyChains::kEnd && r.other != only_other) continue;
    // The same passage in a copy of the same story adds nothing: keep the earliest copy.
    bool repeated = std::any_of(runs_.begin(), runs_.end(), [&](const Run& q) {
      return q.other < r.other && q.here_word == r.here_word && q.length == r.length &&
             canonical(q.other) == canonical(r.other);
    });
    if (repeated) continue;
    out.passages.push_back({cover_here(sketch, r.here_word, r.length), r.other,
                            cover(r.other, r.there_word, r.length), r.length});
  }
  std::stable_sort(out.passages.begin(), out.passages.end(), [](const PassageMatch& x, const PassageMatch& y) {
    return x.words != y.words ? x.words > y.words : x.here.start < y.here.start;
  });
  if (out.passages.size() > kMaxReportedPassages) out.passages.resize(kMaxReportedPassages);
}

void DuplicateIndex::add(const ContentSketch& sketch, std::string_view id, std::string_view source,
                         const Relation* related, int64_t date) {
  if (records() >= kMaxRecords) {
    throw std::length_error("the duplicate index numbers at most " + std::to_string(kMaxRecords) +
                            " records; start a new index");
  }
  const auto self = static_cast<uint32_t>(records());
  Record r{ids_base_ + ids_.size(), static_cast<uint32_t>(id.size()), intern_source(source), words_.end(), self, date,
           sketch.exact, {}};
  detail::reserve_quarter_more(ids_, ids_.size() + id.size());
  ids_.append(id);
  if (!sketch.empty()) {
    r.words = words_.add(sketch.words);
    r.content = cover_here(sketch, 0, r.words.count);
  }
  const bool joins = related != nullptr && related->kind != DupKind::passage;
  const uint32_t cluster = joins ? canonical(related->canonical) : self;
  if (joins && !related->earlier) r.canonical = cluster;
  detail::reserve_quarter_more(records_, records_.size() + 1);
  records_.push_back(r);
  if (joins && related->earlier) at(cluster).canonical = self;  // the older copy leads
  if (sketch.empty()) return;
  exact_.add({posting_key(sketch.exact), self});
  for (uint64_t key : sketch.band_keys) bands_.add({posting_key(key), self});
  for (const PassagePrint& p : sketch.prints) prints_.add({posting_key(p.hash), self, p.word});
  bound_memory();
}

size_t DuplicateIndex::live_bytes() const {
  return records_.size() * sizeof(Record) + ids_.size() + source_lookup_.memory_bytes() + exact_.live_bytes() +
         bands_.live_bytes() + prints_.live_bytes() + words_.live_bytes();
}

// Evicts the oldest quarter of the words held, with their bands and fingerprints, once
// what is held passes 7/10 of the budget: tables grow by a quarter and their shares shift,
// so the room they reserve stays within it. Only while they are worth evicting: a budget
// smaller than the per-record tables alone would otherwise make every record start one.
void DuplicateIndex::bound_memory() {
  if (budget_ == 0 || live_bytes() <= budget_ / 10 * 7) return;
  const size_t evictable = bands_.live_bytes() + prints_.live_bytes() + words_.live_bytes();
  if (evictable < budget_ / 8) return;
  const uint64_t held = words_.end().first_word - at(horizon_).words.first_word;
  const uint64_t cut = at(horizon_).words.first_word + std::max<uint64_t>(1, held / 4);
  uint32_t horizon = horizon_;
  while (horizon + 1 < records() && at(horizon).words.first_word < cut) ++horizon;
  if (horizon != horizon_) evict_before(horizon);
}

void DuplicateIndex::evict_before(uint32_t record) {
  horizon_ = record;
  words_.erase_before(at(horizon_).words);
  bands_.erase_docs_before(horizon_);
  prints_.erase_docs_before(horizon_);
}

size_t DuplicateIndex::record_bytes() const {
  return records_.size() * sizeof(Record) + ids_.size() + exact_.live_bytes();
}

// Clusters that reach back past `record` are led from then on by their earliest member left.
void DuplicateIndex::forget_before(uint32_t record) {
  if (record > horizon_) evict_before(record);
  std::vector<uint32_t> heir(record - first_, UINT32_MAX);  // by forgotten canonical
  for (uint32_t r = record; r < records(); ++r) {
    const uint32_t root = canonical(r);
    if (root >= record) {
      at(r).canonical = root;
      continue;
    }
    uint32_t& leader = heir[root - first_];
    if (leader == UINT32_MAX) leader = r;
    at(r).canonical = leader;
  }
  exact_.erase_docs_before(record);
  const uint64_t id_cut = at(record).id_offset;
  ids_.erase(0, id_cut - ids_base_);
  ids_base_ = id_cut;
  records_.erase(records_.begin(), records_.begin() + (record - first_));
  first_ = record;
}

DuplicateIndex::Footprint DuplicateIndex::footprint() const {
  size_t sources = source_lookup_.memory_bytes();
  for (const std::string& s : sources_) sources += sizeof s + s.capacity();
  return {records_.capacity() * sizeof(Record) + sources,
          ids_.capacity(),
          exact_.memory_bytes(),
          bands_.memory_bytes(),
          prints_.memory_bytes(),
          words_.memory_bytes()};
}

}  // namespace winnow
