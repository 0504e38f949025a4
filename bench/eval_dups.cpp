// winnow_eval_dups: scores the duplicate and passage relations `winnow clean` reports against
// the truth sidecar of bench/gen_feed.cpp.
//
//   winnow_eval_dups --truth TRUTH.jsonl OUTPUT.jsonl [--sample N] [--json] [--misses N]
//
// OUTPUT is what `winnow clean` wrote: records keep "id" and "text" (the cleaned text); a
// related record carries "winnow": {"dup_of": id, "kind": "exact"|"near"|"passage",
// "similarity": x, "passages": [{"start","end","other","other_start","other_end"}]}, byte
// offsets into this record's text and into the text of the record named by "other". Other
// keys of "winnow" (paragraphs, from --annotate) are ignored. TRUTH has one line per
// generated record: {"id","labels","copy_of","copy_kind","quotes":[{"of","text"}]}.
//
// Figures:
//   copies    per copy_kind, the copies whose dup_of is their truth copy_of ("linked"; of
//             those, how many with kind "passage" rather than exact or near), whose dup_of
//             names another record ("wrong"), or that have none.
//   quotes    a quote of A in B is "found" when one of B's passages names other = A and
//             both of its spans match the quote's occurrence (found by string search in
//             B's and in A's output text) at each end within one word. Precisely: words
//             are winnow's (runs of non-whitespace, as the normalizer splits them); both
//             spans are widened to whole words (a boundary inside a word takes the word
//             in, so a quotation mark or full stop glued to the passage changes nothing);
//             then the starts may differ by at most one word, and so may the ends.
//             "overlapping": both spans merely overlap the occurrences. A quote missing from
//             either output text (the cleaner cut its paragraph) is "not in output" and
//             left out of the found ratio.
//   precision a relation is planted when it joins a copy and its original (a dup_of pair or
//             a passage between them), or is a passage naming a record this one quotes and
//             overlapping that quote. Every reported relation not planted is checked: a
//             dup_of pair (kind exact or near) is truly similar when the exact Jaccard of the
//             two texts' normalized 5-word shingle sets is >= 0.5 or the smaller set lies
//             >= 0.8 in the larger; a passage when the normalized text of its two spans is
//             equal, or (both spans of 5 words or more) their shingle Jaccard is >= 0.8.
//             A passage with spans outside its texts, or naming an id not in the output,
//             is wrong. --sample N checks N of them, evenly spaced, and scales the count.
//
// The whole output is held in memory: the tool is for generated feeds of benchmark size.
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "winnow/fingerprint.hpp"
#include "winnow/normalize.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/text_span.hpp"

namespace {

namespace dom = simdjson::dom;
using winnow::TextSpan;

// ---------------------------------------------------------------------------------------
// Records.

struct ReportedPassage {
  uint64_t start = 0, end = 0;
  std::string other;
  uint64_t other_start = 0, other_end = 0;
  bool well_formed = true;  // all five fields present with the right types
};

struct OutputRecord {
  std::string id, text;
  std::string dup_of, kind;  // empty when not reported
  std::vector<ReportedPassage> passages;
};

struct TruthQuote {
  std::string of, text;
};

struct TruthRecord {
  std::string id, copy_of, copy_kind;
  std::vector<TruthQuote> quotes;
};

template <typename Record>
struct RecordSet {
  std::vector<Record> records;
  std::unordered_map<std::string, size_t> index;  // id -> position in records
  uint64_t unreadable = 0;                        // lines that were not a JSON object with an id

  const Record* find(const std::string& id) const {
    const auto it = index.find(id);
    return it == index.end() ? nullptr : &records[it->second];
  }
};

// A string member, or empty when absent, null or not a string.
std::string string_field(dom::object object, std::string_view key) {
  std::string_view value;
  if (object[key].get_string().get(value)) return {};
  return std::string(value);
}

uint64_t offset_field(dom::object object, std::string_view key, bool& ok) {
  uint64_t value = 0;
  if (object[key].get_uint64().get(value)) ok = false;
  return value;
}

ReportedPassage read_passage(dom::element element) {
  ReportedPassage p;
  dom::object object;
  if (element.get_object().get(object)) {
    p.well_formed = false;
    return p;
  }
  p.start = offset_field(object, "start", p.well_formed);
  p.end = offset_field(object, "end", p.well_formed);
  p.other_start = offset_field(object, "other_start", p.well_formed);
  p.other_end = offset_field(object, "other_end", p.well_formed);
  std::string_view other;
  if (object["other"].get_string().get(other)) p.well_formed = false;
  p.other = std::string(other);
  return p;
}

void read_relations(dom::object record, OutputRecord& out) {
  dom::object winnow;
  if (record["winnow"].get_object().get(winnow)) return;  // no relations
  out.dup_of = string_field(winnow, "dup_of");
  out.kind = string_field(winnow, "kind");
  dom::array passages;
  if (winnow["passages"].get_array().get(passages)) return;
  for (dom::element p : passages) out.passages.push_back(read_passage(p));
}

std::optional<OutputRecord> read_output(dom::object object) {
  OutputRecord r;
  r.id = string_field(object, "id");
  std::string_view text;
  if (r.id.empty() || object["text"].get_string().get(text)) return std::nullopt;
  r.text = std::string(text);
  read_relations(object, r);
  return r;
}

std::optional<TruthRecord> read_truth(dom::object object) {
  TruthRecord r;
  r.id = string_field(object, "id");
  if (r.id.empty()) return std::nullopt;
  r.copy_of = string_field(object, "copy_of");
  r.copy_kind = string_field(object, "copy_kind");
  dom::array quotes;
  if (object["quotes"].get_array().get(quotes)) return r;
  for (dom::element q : quotes) {
    dom::object quote;
    if (q.get_object().get(quote)) continue;
    TruthQuote t{string_field(quote, "of"), string_field(quote, "text")};
    if (!t.of.empty() && !t.text.empty()) r.quotes.push_back(std::move(t));
  }
  return r;
}

// Reads a JSONL file with `read(object)` per non-blank line; throws when it cannot be opened.
template <typename Record, typename Reader>
RecordSet<Record> load(const std::string& path, Reader read) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  RecordSet<Record> set;
  dom::parser parser;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    dom::object object;
    std::optional<Record> record;
    if (!parser.parse(line).get_object().get(object)) record = read(object);
    if (!record) {
      ++set.unreadable;
      continue;
    }
    set.index.emplace(record->id, set.records.size());
    set.records.push_back(std::move(*record));
  }
  return set;
}

// ---------------------------------------------------------------------------------------
// Words and shingles, as the engine sees them.

class TextMeasure {
 public:
  TextMeasure() : words_({.shingle_words = 1}), shingles_({.shingle_words = 5}) {}

  // Byte spans of the words of `text`, in order.
  std::vector<TextSpan> words(std::string_view text) {
    compute(words_, text);
    return prints_.shingle_spans;
  }

  // The distinct 5-word shingles of `text`, sorted; `word_count` receives its words.
  std::vector<uint64_t> shingles(std::string_view text, uint64_t* word_count = nullptr) {
    compute(shingles_, text);
    if (word_count != nullptr) {
      *word_count = 0;
      for (const auto& p : prints_.paragraphs) *word_count += p.words;
    }
    std::vector<uint64_t> set = prints_.shingles;
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    return set;
  }

 private:
  void compute(winnow::Fingerprinter& f, std::string_view text) {
    winnow::split_paragraphs(text, paragraphs_);
    f.compute(text, paragraphs_, prints_);
  }

  winnow::Fingerprinter words_, shingles_;
  std::vector<TextSpan> paragraphs_;
  winnow::DocumentPrints prints_;
};

// Boundaries in word units, a span widened to whole words: a start is the number of words
// wholly before it, an end the number of words that begin before it.
int64_t start_in_words(const std::vector<TextSpan>& words, uint64_t x) {
  return std::partition_point(words.begin(), words.end(),
                              [x](const TextSpan& w) { return w.end <= x; }) - words.begin();
}

int64_t end_in_words(const std::vector<TextSpan>& words, uint64_t x) {
  return std::partition_point(words.begin(), words.end(),
                              [x](const TextSpan& w) { return w.start < x; }) - words.begin();
}

struct Span {
  uint64_t start = 0, end = 0;
};

// Each end of `reported` within one word of the same end of `truth`, both widened to words.
bool span_matches(const std::vector<TextSpan>& words, Span reported, Span truth) {
  return std::abs(start_in_words(words, reported.start) - start_in_words(words, truth.start)) <= 1 &&
         std::abs(end_in_words(words, reported.end) - end_in_words(words, truth.end)) <= 1;
}

bool overlaps(Span a, Span b) { return a.start < b.end && b.start < a.end; }

// Every occurrence of `needle` in `text`.
std::vector<Span> occurrences(std::string_view text, std::string_view needle) {
  std::vector<Span> found;
  for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1))
    found.push_back({at, at + needle.size()});
  return found;
}

struct Overlap {
  size_t common = 0, a = 0, b = 0;
  double jaccard() const {
    const size_t all = a + b - common;
    return all == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(all);
  }
  double containment() const {
    const size_t smaller = std::min(a, b);
    return smaller == 0 ? (a == b ? 1.0 : 0.0)
                        : static_cast<double>(common) / static_cast<double>(smaller);
  }
};

Overlap overlap(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  Overlap o{0, a.size(), b.size()};
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++o.common, ++i, ++j;
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------
// Figures.

struct CopyFigures {
  uint64_t planted = 0, linked = 0, wrong = 0, none = 0, missing = 0;  // missing: not in output
  uint64_t linked_as_passage = 0;  // linked, but with kind "passage" rather than a duplicate
};

struct QuoteFigures {
  uint64_t planted = 0, not_in_output = 0, found = 0, overlapping = 0, elsewhere = 0;
};

struct PrecisionFigures {
  uint64_t reported = 0, planted = 0, unplanted = 0, checked = 0, wrong = 0, invalid = 0;
  double wrong_rate() const {  // wrong among all reported, scaled up from the sample
    if (reported == 0) return 0.0;
    const double wrong_unplanted =
        checked == 0 ? 0.0
                     : static_cast<double>(wrong) * static_cast<double>(unplanted) /
                           static_cast<double>(checked);
    return wrong_unplanted / static_cast<double>(reported);
  }
};

// The first few misses of each kind, for whoever debugs the detector.
class Misses {
 public:
  explicit Misses(size_t limit) : limit_(limit) {}
  void add(const std::string& kind, std::string line) {
    if (limit_ == 0) return;
    std::vector<std::string>& list = lists_[kind];
    if (list.size() < limit_) list.push_back(std::move(line));
  }
  void print(FILE* to) const {
    for (const auto& [kind, lines] : lists_) {
      std::fprintf(to, "first misses, %s:\n", kind.c_str());
      for (const std::string& line : lines) std::fprintf(to, "  %s\n", line.c_str());
    }
  }

 private:
  size_t limit_;
  std::map<std::string, std::vector<std::string>> lists_;
};

std::string span_text(Span s) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "[%llu,%llu)", static_cast<unsigned long long>(s.start),
                static_cast<unsigned long long>(s.end));
  return buf;
}

// The generator's copy kinds in order of difficulty, then any others the truth names.
std::vector<std::string> copy_kinds(const std::map<std::string, CopyFigures>& copies) {
  std::vector<std::string> kinds = {"exact", "light", "heavy"};
  for (const auto& entry : copies) {
    if (std::find(kinds.begin(), kinds.end(), entry.first) == kinds.end())
      kinds.push_back(entry.first);
  }
  return kinds;
}

class Evaluator {
 public:
  Evaluator(const RecordSet<OutputRecord>& output, const RecordSet<TruthRecord>& truth,
            size_t sample, Misses& misses)
      : output_(output), truth_(truth), sample_(sample), misses_(misses) {}

  void run();

  std::map<std::string, CopyFigures> copies;  // by copy_kind; see copy_kinds() for the order
  QuoteFigures quotes;
  PrecisionFigures precision;
  uint64_t truth_missing_from_output = 0;

 private:
  // A reported relation that was not planted: a record's dup_of, or one of its passages.
  struct Relation {
    const OutputRecord* record;
    const ReportedPassage* passage;  // null: the dup_of pair
  };

  void score_copy(const TruthRecord& t);
  void score_quote(const TruthRecord& t, const TruthQuote& q);
  bool passage_found(const OutputRecord& b, const OutputRecord& a, const TruthQuote& q);
  void collect_relations(const OutputRecord& r, std::vector<Relation>& unplanted);
  bool passage_valid(const OutputRecord& r, const ReportedPassage& p) const;
  bool is_planted_copy(const std::string& id, const std::string& other) const;
  bool is_planted_passage(const OutputRecord& r, const ReportedPassage& p) const;
  void check(const Relation& relation);
  bool document_similar(const OutputRecord& r);
  bool passage_similar(const OutputRecord& r, const ReportedPassage& p);

  const RecordSet<OutputRecord>& output_;
  const RecordSet<TruthRecord>& truth_;
  size_t sample_;
  Misses& misses_;
  TextMeasure measure_;
};

void Evaluator::run() {
  for (const char* kind : {"exact", "light", "heavy"}) copies[kind];
  for (const TruthRecord& t : truth_.records) {
    if (output_.find(t.id) == nullptr) ++truth_missing_from_output;
    if (!t.copy_of.empty()) score_copy(t);
    for (const TruthQuote& q : t.quotes) score_quote(t, q);
  }
  std::vector<Relation> unplanted;
  for (const OutputRecord& r : output_.records) collect_relations(r, unplanted);
  precision.unplanted = unplanted.size();
  const size_t n = std::min(sample_, unplanted.size());
  for (size_t i = 0; i < n; ++i) check(unplanted[i * unplanted.size() / n]);  // evenly spaced
  precision.checked = n;
}

void Evaluator::score_copy(const TruthRecord& t) {
  CopyFigures& f = copies[t.copy_kind.empty() ? "unknown" : t.copy_kind];
  ++f.planted;
  const OutputRecord* r = output_.find(t.id);
  if (r == nullptr) {
    ++f.missing;
    return;
  }
  if (r->dup_of == t.copy_of) {
    ++f.linked;
    f.linked_as_passage += r->kind == "passage";
    return;
  }
  ++(r->dup_of.empty() ? f.none : f.wrong);
  misses_.add("copy " + t.copy_kind, t.id + " is a copy of " + t.copy_of + ": dup_of " +
                                         (r->dup_of.empty() ? "none" : r->dup_of));
}

void Evaluator::score_quote(const TruthRecord& t, const TruthQuote& q) {
  ++quotes.planted;
  const OutputRecord* b = output_.find(t.id);
  const OutputRecord* a = output_.find(q.of);
  const bool present = b != nullptr && a != nullptr &&
                       b->text.find(q.text) != std::string::npos &&
                       a->text.find(q.text) != std::string::npos;
  if (!present) {
    ++quotes.not_in_output;
    misses_.add("quote not in output", t.id + " quoting " + q.of + ": \"" +
                                           q.text.substr(0, 60) + "...\" is cut from " +
                                           (b != nullptr && b->text.find(q.text) != std::string::npos
                                                ? q.of
                                                : t.id));
    return;
  }
  if (passage_found(*b, *a, q)) ++quotes.found;
}

// Scores one planted quote present in both texts; records the miss if it is not found.
bool Evaluator::passage_found(const OutputRecord& b, const OutputRecord& a, const TruthQuote& q) {
  const std::vector<Span> in_b = occurrences(b.text, q.text), in_a = occurrences(a.text, q.text);
  const std::vector<TextSpan> words_b = measure_.words(b.text), words_a = measure_.words(a.text);
  bool found = false, overlapping = false, elsewhere = false;
  std::string reported;
  for (const ReportedPassage& p : b.passages) {
    const Span here{p.start, p.end}, there{p.other_start, p.other_end};
    for (Span sb : in_b) {
      const bool matches_b = span_matches(words_b, here, sb);
      if (p.other != a.id) {
        elsewhere = elsewhere || matches_b;
        continue;
      }
      for (Span sa : in_a) {
        found = found || (matches_b && span_matches(words_a, there, sa));
        overlapping = overlapping || (overlaps(here, sb) && overlaps(there, sa));
      }
    }
    if (p.other == a.id || reported.size() < 200)
      reported += " " + p.other + span_text(here) + "~" + span_text(there);
  }
  quotes.overlapping += overlapping;
  quotes.elsewhere += !found && elsewhere;
  if (!found) {
    misses_.add("quote", b.id + " quoting " + a.id + " at " + span_text(in_b[0]) + "~" +
                             span_text(in_a[0]) + "; dup_of " +
                             (b.dup_of.empty() ? "none" : b.dup_of) + "; passages:" +
                             (reported.empty() ? " none" : reported));
  }
  return found;
}

// All fields present, the other record in the output, both spans inside their texts.
bool Evaluator::passage_valid(const OutputRecord& r, const ReportedPassage& p) const {
  const OutputRecord* other = output_.find(p.other);
  return p.well_formed && other != nullptr && p.start <= p.end && p.end <= r.text.size() &&
         p.other_start <= p.other_end && p.other_end <= other->text.size();
}

// Whether one of the two records is a planted copy of the other.
bool Evaluator::is_planted_copy(const std::string& id, const std::string& other) const {
  const TruthRecord* mine = truth_.find(id);
  const TruthRecord* theirs = truth_.find(other);
  return (mine != nullptr && mine->copy_of == other) || (theirs != nullptr && theirs->copy_of == id);
}

// A passage is planted when it joins a copy and its original, or when it names a record this
// one quotes and overlaps that quote here.
bool Evaluator::is_planted_passage(const OutputRecord& r, const ReportedPassage& p) const {
  const TruthRecord* t = truth_.find(r.id);
  if (t == nullptr || !passage_valid(r, p)) return false;
  if (is_planted_copy(r.id, p.other)) return true;
  for (const TruthQuote& q : t->quotes) {
    if (q.of != p.other) continue;
    for (Span s : occurrences(r.text, q.text)) {
      if (overlaps({p.start, p.end}, s)) return true;
    }
  }
  return false;
}

// Counts the record's relations and queues those not planted for checking. A "passage"
// kind's dup_of only names the record its passages mostly come from: not a claim of its own.
void Evaluator::collect_relations(const OutputRecord& r, std::vector<Relation>& unplanted) {
  if (!r.dup_of.empty() && r.kind != "passage") {
    ++precision.reported;
    if (is_planted_copy(r.id, r.dup_of))
      ++precision.planted;
    else
      unplanted.push_back({&r, nullptr});
  }
  for (const ReportedPassage& p : r.passages) {
    ++precision.reported;
    if (is_planted_passage(r, p))
      ++precision.planted;
    else
      unplanted.push_back({&r, &p});
  }
}

void Evaluator::check(const Relation& relation) {
  const OutputRecord& r = *relation.record;
  const bool similar = relation.passage == nullptr ? document_similar(r)
                                                   : passage_similar(r, *relation.passage);
  precision.wrong += !similar;
}

bool Evaluator::document_similar(const OutputRecord& r) {
  const OutputRecord* found = output_.find(r.dup_of);
  if (found == nullptr) {
    ++precision.invalid;
    misses_.add("wrong relation", r.id + " dup_of " + r.dup_of + ": no such record in the output");
    return false;
  }
  const OutputRecord& other = *found;
  const Overlap o = overlap(measure_.shingles(r.text), measure_.shingles(other.text));
  if (o.jaccard() >= 0.5 || o.containment() >= 0.8) return true;
  char line[160];
  std::snprintf(line, sizeof line, "%s dup_of %s (%s): shingle Jaccard %.3f, containment %.3f",
                r.id.c_str(), other.id.c_str(), r.kind.c_str(), o.jaccard(), o.containment());
  misses_.add("wrong relation", line);
  return false;
}

bool Evaluator::passage_similar(const OutputRecord& r, const ReportedPassage& p) {
  const OutputRecord* other = output_.find(p.other);
  const std::string where = r.id + span_text({p.start, p.end}) + " ~ " + p.other +
                            span_text({p.other_start, p.other_end});
  if (!passage_valid(r, p)) {
    ++precision.invalid;
    misses_.add("wrong relation", "passage " + where + ": malformed, unknown id or outside the text");
    return false;
  }
  const std::string_view here = std::string_view(r.text).substr(p.start, p.end - p.start);
  const std::string_view there =
      std::string_view(other->text).substr(p.other_start, p.other_end - p.other_start);
  if (winnow::normalize(here) == winnow::normalize(there)) return true;
  uint64_t words_here = 0, words_there = 0;
  const std::vector<uint64_t> a = measure_.shingles(here, &words_here);
  const std::vector<uint64_t> b = measure_.shingles(there, &words_there);
  const double jaccard = overlap(a, b).jaccard();
  if (words_here >= 5 && words_there >= 5 && jaccard >= 0.8) return true;
  char figure[64];
  std::snprintf(figure, sizeof figure, ": shingle Jaccard %.3f", jaccard);
  misses_.add("wrong relation", "passage " + where + figure);
  return false;
}

// ---------------------------------------------------------------------------------------
// Reports.

std::string percent(uint64_t n, uint64_t d) {
  if (d == 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * static_cast<double>(n) / static_cast<double>(d));
  return buf;
}

std::string wrong_percent(const PrecisionFigures& p) {
  if (p.reported == 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * p.wrong_rate());
  return buf;
}

void print_text(const Evaluator& e, uint64_t output_records, uint64_t truth_records) {
  std::printf("records in output: %llu\n", static_cast<unsigned long long>(output_records));
  std::printf("truth records missing from output: %llu of %llu\n",
              static_cast<unsigned long long>(e.truth_missing_from_output),
              static_cast<unsigned long long>(truth_records));
  for (const std::string& kind : copy_kinds(e.copies)) {
    const CopyFigures& f = e.copies.at(kind);
    const char* k = kind.c_str();
    const auto planted = static_cast<unsigned long long>(f.planted);
    std::printf("copies %s linked: %llu / %llu (%s)\n", k,
                static_cast<unsigned long long>(f.linked), planted,
                percent(f.linked, f.planted).c_str());
    std::printf("copies %s linked with kind passage: %llu\n", k,
                static_cast<unsigned long long>(f.linked_as_passage));
    std::printf("copies %s wrong dup_of: %llu\n", k, static_cast<unsigned long long>(f.wrong));
    std::printf("copies %s not linked: %llu\n", k, static_cast<unsigned long long>(f.none));
    if (f.missing != 0)
      std::printf("copies %s not in output: %llu\n", k, static_cast<unsigned long long>(f.missing));
  }
  const QuoteFigures& q = e.quotes;
  const uint64_t present = q.planted - q.not_in_output;
  std::printf("quotes planted: %llu\n", static_cast<unsigned long long>(q.planted));
  std::printf("quotes not in output: %llu\n", static_cast<unsigned long long>(q.not_in_output));
  std::printf("quotes found: %llu / %llu (%s)\n", static_cast<unsigned long long>(q.found),
              static_cast<unsigned long long>(present), percent(q.found, present).c_str());
  std::printf("quotes overlapping: %llu / %llu (%s)\n",
              static_cast<unsigned long long>(q.overlapping),
              static_cast<unsigned long long>(present), percent(q.overlapping, present).c_str());
  std::printf("quotes matched under another id: %llu\n",
              static_cast<unsigned long long>(q.elsewhere));
  const PrecisionFigures& p = e.precision;
  std::printf("relations reported: %llu\n", static_cast<unsigned long long>(p.reported));
  std::printf("relations planted: %llu\n", static_cast<unsigned long long>(p.planted));
  std::printf("relations not planted: %llu\n", static_cast<unsigned long long>(p.unplanted));
  std::printf("relations not planted, checked: %llu\n", static_cast<unsigned long long>(p.checked));
  std::printf("relations checked and wrong: %llu\n", static_cast<unsigned long long>(p.wrong));
  std::printf("relations malformed or out of range: %llu\n",
              static_cast<unsigned long long>(p.invalid));
  std::printf("wrong relations / reported: %s%s\n", wrong_percent(p).c_str(),
              p.checked < p.unplanted ? " (estimated from the sample)" : "");
}

std::string json_ratio(uint64_t n, uint64_t d) {
  if (d == 0) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(n) / static_cast<double>(d));
  return buf;
}

void print_json(const Evaluator& e, uint64_t output_records, uint64_t truth_records) {
  const auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf("{\"records\": %llu, \"truth_records\": %llu, \"truth_missing_from_output\": %llu,",
              u(output_records), u(truth_records), u(e.truth_missing_from_output));
  std::printf("\n \"copies\": {");
  const char* separator = "";
  for (const std::string& kind : copy_kinds(e.copies)) {
    const CopyFigures& f = e.copies.at(kind);
    std::printf("%s\"%s\": {\"planted\": %llu, \"linked\": %llu, \"wrong\": %llu, \"none\": %llu, "
                "\"not_in_output\": %llu, \"linked_ratio\": %s, \"linked_as_passage\": %llu}",
                separator, kind.c_str(), u(f.planted), u(f.linked), u(f.wrong), u(f.none),
                u(f.missing), json_ratio(f.linked, f.planted).c_str(), u(f.linked_as_passage));
    separator = ", ";
  }
  const QuoteFigures& q = e.quotes;
  const uint64_t present = q.planted - q.not_in_output;
  std::printf("},\n \"quotes\": {\"planted\": %llu, \"not_in_output\": %llu, \"found\": %llu, "
              "\"found_ratio\": %s, \"overlapping\": %llu, \"matched_under_another_id\": %llu},",
              u(q.planted), u(q.not_in_output), u(q.found), json_ratio(q.found, present).c_str(),
              u(q.overlapping), u(q.elsewhere));
  const PrecisionFigures& p = e.precision;
  std::printf("\n \"precision\": {\"reported\": %llu, \"planted\": %llu, \"not_planted\": %llu, "
              "\"checked\": %llu, \"wrong\": %llu, \"malformed\": %llu, \"wrong_ratio\": %s}}\n",
              u(p.reported), u(p.planted), u(p.unplanted), u(p.checked), u(p.wrong), u(p.invalid),
              p.reported == 0 ? "null" : std::to_string(p.wrong_rate()).c_str());
}

// ---------------------------------------------------------------------------------------
// Command line.

struct Options {
  std::string truth, output;
  size_t sample = SIZE_MAX;
  size_t misses = 10;
  bool json = false;
};

void usage(FILE* to) {
  std::fputs(
      "usage: winnow_eval_dups --truth TRUTH.jsonl OUTPUT.jsonl [--sample N] [--json] "
      "[--misses N]\n"
      "  --truth FILE  the generator's truth sidecar (winnow_gen_feed --truth)\n"
      "  OUTPUT        what `winnow clean` wrote for the generated feed\n"
      "  --sample N    check at most N relations that were not planted (default: all)\n"
      "  --json        print one JSON object instead of text\n"
      "  --misses N    print the first N misses of each kind to stderr (default 10, 0: none)\n",
      to);
}

size_t parse_count(const std::string& text) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || *end != '\0') throw std::invalid_argument(text);
  return static_cast<size_t>(value);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      usage(stdout);
      std::exit(0);
    }
    if (arg == "--json") {
      o.json = true;
    } else if (arg == "--truth" || arg == "--sample" || arg == "--misses") {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      const std::string value = argv[++i];
      if (arg == "--truth") o.truth = value;
      if (arg == "--sample") o.sample = parse_count(value);
      if (arg == "--misses") o.misses = parse_count(value);
    } else if (arg.starts_with("-") || !o.output.empty()) {
      throw std::invalid_argument("unexpected argument " + arg);
    } else {
      o.output = arg;
    }
  }
  if (o.truth.empty() || o.output.empty()) throw std::invalid_argument("need --truth and OUTPUT");
  return o;
}

int evaluate(const Options& o) {
  const auto output = load<OutputRecord>(o.output, read_output);
  const auto truth = load<TruthRecord>(o.truth, read_truth);
  if (output.unreadable != 0)
    std::fprintf(stderr, "winnow_eval_dups: %llu output lines without id and text skipped\n",
                 static_cast<unsigned long long>(output.unreadable));
  if (truth.unreadable != 0)
    std::fprintf(stderr, "winnow_eval_dups: %llu truth lines without id skipped\n",
                 static_cast<unsigned long long>(truth.unreadable));
  Misses misses(o.misses);
  Evaluator e(output, truth, o.sample, misses);
  e.run();
  if (o.json)
    print_json(e, output.records.size(), truth.records.size());
  else
    print_text(e, output.records.size(), truth.records.size());
  std::fflush(stdout);  // the figures first, then the misses, also on a shared terminal
  misses.print(stderr);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "winnow_eval_dups: bad argument: %s\n", e.what());
    usage(stderr);
    return 2;
  }
  try {
    return evaluate(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow_eval_dups: %s\n", e.what());
    return 1;
  }
}
