// winnow_eval_dups: scores the duplicate and passage relations `winnow clean` reports against
// the truth sidecar of bench/gen_feed.cpp.
//
//   winnow_eval_dups --truth TRUTH.jsonl OUTPUT.jsonl [--json] [--misses N] [--sample N]
//                    [--threshold X] [--min-passage-words N] [--brute-sample N]
//
// OUTPUT is what `winnow clean` wrote: records keep "id", "source" (else "url", whose host
// names the source) and "text" (the cleaned text); a related record carries "winnow":
// {"dup_of": id, "kind": "exact"|"near"|"passage", "similarity": x, "passages": [{"start",
// "end","other","other_start","other_end"}]}, byte offsets into this record's text and into
// the text of the record named by "other". Other keys of "winnow" (paragraphs, from
// --annotate) are ignored. TRUTH has one line per generated record: {"id","labels",
// "copy_of","copy_kind","quotes":[{"of","text"}]}.
//
// Plain words: the precision and brute-force figures use a normalization of this tool's
// own, not the engine's, so the engine's normalizer is not what checks the engine. Words
// are runs of bytes other than ASCII whitespace, ASCII-lowercased, with punctuation trimmed
// from both ends (ASCII punctuation, typographic quotes, en and em dashes, the ellipsis);
// words left empty are dropped. Shingles are runs of 5 such words (a text of 1-4 words is
// one shingle); words and shingles are compared as 64-bit hashes.
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
//   pairs     every reported relation is a reported pair: a record and its dup_of, and each
//             passage and its other. The truth links two records when they are one story
//             (following copy_of, one copies the other or both copy one original) or one
//             plants a quote of the other's story. A pair is planted when the truth links
//             the two, with two refinements: a dup_of of kind exact or near must be one
//             story (a quote does not make a duplicate), and a passage joined by a quote
//             only must overlap an occurrence of that quote in the quoting record. A pair
//             not planted is checked on the output texts with plain words: a dup_of of kind
//             exact or near is truly similar when max(Jaccard, containment of the smaller
//             set in the larger) of the two 5-word shingle sets is >= --threshold (default
//             0.8); a passage when its span here and its span in the other text hold the
//             same word sequence of >= --min-passage-words words (default 10); a dup_of of
//             kind passage when at least one passage names that record and all of those
//             are truly similar. A pair neither planted nor truly similar is false; one
//             naming an id not in the output, or with a span outside its text, is
//             malformed and false. precision = 1 - false / reported. Planted pairs get the
//             same check; those failing it are counted apart, not as false. --sample N
//             checks N of the pairs not planted, evenly spaced, and scales false up for
//             precision.
//   brute     --brute-sample N (default 300, 0: off) records with plain words are drawn
//             (splitmix64 from the fixed seed 11), and each is compared with every other
//             record of another source (exact 5-word shingle sets; winnow compares across
//             sources only by default): the pairs at Jaccard >= 0.8, at Jaccard >= 0.9 and
//             at containment >= 0.8, and of each how many winnow "linked": one names the
//             other as dup_of (any kind), or both reach the same record following dup_of of
//             kind exact or near; "by passages only" counts the others that a passage
//             joins. Also: winnow's exact and near dup_of pairs with a drawn record on
//             either side, and how many of them have Jaccard and containment both < 0.5.
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
#include <unordered_set>
#include <vector>

#include "winnow/fingerprint.hpp"
#include "winnow/json_record.hpp"
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
  std::string id, source, text;  // source: the "source" field, else the url's host
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
  r.source = string_field(object, "source");
  if (r.source.empty()) r.source = winnow::url_host(string_field(object, "url"));
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
// Words, as the engine sees them, for matching quote spans.

class TextMeasure {
 public:
  TextMeasure() : words_({.shingle_words = 1}) {}

  // Byte spans of the words of `text`, in order.
  std::vector<TextSpan> words(std::string_view text) {
    winnow::split_paragraphs(text, paragraphs_);
    words_.compute(text, paragraphs_, prints_);
    return prints_.shingle_spans;
  }

 private:
  winnow::Fingerprinter words_;
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

// The overlap of `a` and `b`, or none as soon as the smaller set can no longer lie 80% in
// the larger: a brute force between unrelated texts then stops early in the merge.
std::optional<Overlap> overlap_if_contained(const std::vector<uint64_t>& a,
                                            const std::vector<uint64_t>& b) {
  const size_t need = (4 * std::min(a.size(), b.size()) + 4) / 5;  // ceil(0.8 * smaller)
  Overlap o{0, a.size(), b.size()};
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (o.common + std::min(a.size() - i, b.size() - j) < need) return std::nullopt;
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++o.common, ++i, ++j;
    }
  }
  if (o.common < need) return std::nullopt;
  return o;
}

// ---------------------------------------------------------------------------------------
// Plain words (see the top of the file): this tool's own normalization, for precision and
// the brute force, so that the engine's normalizer is not what checks the engine.

constexpr size_t kShingleWords = 5;

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// Typographic quotes, dashes and the ellipsis: some sites write them where others write ASCII.
constexpr std::string_view kWideMarks[] = {"\u2018", "\u2019", "\u201a", "\u201b", "\u201c",
                                           "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb",
                                           "\u2013", "\u2014", "\u2026"};

// Bytes of the punctuation mark that `word` starts with (ends with, when `at_end`); 0 if none.
size_t mark_length(std::string_view word, bool at_end) {
  if (word.empty()) return 0;
  if (is_ascii_punct(at_end ? word.back() : word.front())) return 1;
  for (std::string_view mark : kWideMarks) {
    if (at_end ? word.ends_with(mark) : word.starts_with(mark)) return mark.size();
  }
  return 0;
}

std::string_view trim_marks(std::string_view word) {
  while (const size_t n = mark_length(word, false)) word.remove_prefix(n);
  while (const size_t n = mark_length(word, true)) word.remove_suffix(n);
  return word;
}

// FNV-1a of the ASCII-lowercased bytes.
uint64_t word_hash(std::string_view word) {
  uint64_t h = 14695981039346656037ULL;
  for (char c : word) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return h;
}

// splitmix64's finalizer: spreads a combination of word hashes over all 64 bits.
uint64_t mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The plain words of `text`, hashed, in order.
std::vector<uint64_t> plain_words(std::string_view text) {
  std::vector<uint64_t> words;
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    while (i < text.size() && !is_ascii_space(text[i])) ++i;
    const std::string_view word = trim_marks(text.substr(start, i - start));
    if (!word.empty()) words.push_back(word_hash(word));
    while (i < text.size() && is_ascii_space(text[i])) ++i;
  }
  return words;
}

// The distinct 5-word shingles of `words`, sorted; 1-4 words make one shingle.
std::vector<uint64_t> shingle_set(const std::vector<uint64_t>& words) {
  const size_t width = std::min(words.size(), kShingleWords);
  std::vector<uint64_t> set;
  for (size_t i = 0; width > 0 && i + width <= words.size(); ++i) {
    uint64_t h = width;
    for (size_t k = 0; k < width; ++k) h = mix(h ^ words[i + k]);  // order matters
    set.push_back(h);
  }
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
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
  uint64_t reported = 0, dup_of = 0, passages = 0;  // reported = dup_of + passages
  uint64_t planted = 0, unplanted = 0, checked = 0;
  uint64_t planted_dissimilar = 0;  // planted, yet failing the check: not counted false
  uint64_t similar = 0, wrong = 0, malformed = 0;  // of those checked; malformed are wrong too

  // False pairs among all not planted, scaled up from the sample when not all were checked.
  double wrong_estimate() const {
    if (checked == 0) return 0.0;
    return static_cast<double>(wrong) * static_cast<double>(unplanted) /
           static_cast<double>(checked);
  }
  double precision() const {
    return reported == 0 ? 1.0 : 1.0 - wrong_estimate() / static_cast<double>(reported);
  }
};

// Pairs of one similarity level found by the brute force, and how winnow related them.
struct BruteLevel {
  uint64_t pairs = 0, linked = 0, by_passages_only = 0;
};

struct BruteFigures {
  uint64_t with_text = 0, sampled = 0, compared = 0;  // compared: pairs of different sources
  BruteLevel jaccard80, jaccard90, containment80;
  uint64_t reported_near = 0, false_near = 0;  // exact/near dup_of pairs with a sampled record
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

struct Settings {
  size_t sample = SIZE_MAX;       // pairs not planted to check (evenly spaced)
  double threshold = 0.8;         // max(Jaccard, containment) of a truly similar dup_of
  size_t min_passage_words = 10;  // equal plain words of a truly similar passage
  size_t brute_sample = 300;      // records compared with every other; 0: none
};

bool is_duplicate_kind(const std::string& kind) { return kind == "exact" || kind == "near"; }

// The plain-word shingle set of every output record, by position, computed once.
std::vector<std::vector<uint64_t>> shingle_sets(const RecordSet<OutputRecord>& output) {
  std::vector<std::vector<uint64_t>> sets;
  sets.reserve(output.records.size());
  for (const OutputRecord& r : output.records) sets.push_back(shingle_set(plain_words(r.text)));
  return sets;
}

class Evaluator {
 public:
  Evaluator(const RecordSet<OutputRecord>& output, const RecordSet<TruthRecord>& truth,
            const std::vector<std::vector<uint64_t>>& shingles, const Settings& settings,
            Misses& misses)
      : output_(output), truth_(truth), shingles_(shingles), settings_(settings),
        misses_(misses) {}

  void run();

  std::map<std::string, CopyFigures> copies;  // by copy_kind; see copy_kinds() for the order
  QuoteFigures quotes;
  PrecisionFigures precision;
  uint64_t truth_missing_from_output = 0;

 private:
  // A reported pair: a record and its dup_of, or one of its passages and that one's other.
  struct Relation {
    const OutputRecord* record;
    const ReportedPassage* passage;  // null: the dup_of pair
  };
  enum class Verdict { kSimilar, kFalse, kMalformed };
  struct Judgement {
    Verdict verdict = Verdict::kSimilar;
    std::string why;  // for the misses, when not similar
  };

  void score_copy(const TruthRecord& t);
  void score_quote(const TruthRecord& t, const TruthQuote& q);
  bool passage_found(const OutputRecord& b, const OutputRecord& a, const TruthQuote& q);
  void collect_relations(const OutputRecord& r, std::vector<Relation>& unplanted);
  bool passage_valid(const OutputRecord& r, const ReportedPassage& p) const;
  std::string truth_root(const std::string& id) const;
  bool same_story(const std::string& a, const std::string& b) const;
  bool quotes_story(const std::string& quoter, const std::string& quoted) const;
  bool quote_overlaps(const OutputRecord& quoter, Span span, const std::string& quoted) const;
  bool planted_dup_of(const OutputRecord& r) const;
  bool planted_passage(const OutputRecord& r, const ReportedPassage& p) const;
  void check_planted(const Relation& relation);
  void check(const Relation& relation);
  Judgement judge(const Relation& relation);
  Judgement judge_document(const OutputRecord& r);
  Judgement judge_anchor(const OutputRecord& r);
  Judgement judge_passage(const OutputRecord& r, const ReportedPassage& p);
  size_t position(const OutputRecord& r) const {
    return static_cast<size_t>(&r - output_.records.data());
  }

  const RecordSet<OutputRecord>& output_;
  const RecordSet<TruthRecord>& truth_;
  const std::vector<std::vector<uint64_t>>& shingles_;
  const Settings& settings_;
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
  const size_t n = std::min(settings_.sample, unplanted.size());
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

// The original that `id` copies, following copy_of; `id` itself when it copies none.
std::string Evaluator::truth_root(const std::string& id) const {
  std::string root = id;
  for (size_t step = 0; step <= truth_.records.size(); ++step) {  // a cycle cannot hang the tool
    const TruthRecord* t = truth_.find(root);
    if (t == nullptr || t->copy_of.empty()) break;
    root = t->copy_of;
  }
  return root;
}

// One copies the other, or both copy one original.
bool Evaluator::same_story(const std::string& a, const std::string& b) const {
  return truth_root(a) == truth_root(b);
}

// Whether `quoter` plants a quote of `quoted` or of another record of its story.
bool Evaluator::quotes_story(const std::string& quoter, const std::string& quoted) const {
  const TruthRecord* t = truth_.find(quoter);
  if (t == nullptr) return false;
  const std::string story = truth_root(quoted);
  return std::any_of(t->quotes.begin(), t->quotes.end(),
                     [&](const TruthQuote& q) { return truth_root(q.of) == story; });
}

// Whether `span` of the quoter's text overlaps an occurrence of a quote it plants of the
// story of `quoted`.
bool Evaluator::quote_overlaps(const OutputRecord& quoter, Span span,
                               const std::string& quoted) const {
  const TruthRecord* t = truth_.find(quoter.id);
  if (t == nullptr) return false;
  const std::string story = truth_root(quoted);
  for (const TruthQuote& q : t->quotes) {
    if (truth_root(q.of) != story) continue;
    for (Span s : occurrences(quoter.text, q.text)) {
      if (overlaps(span, s)) return true;
    }
  }
  return false;
}

// An exact or near dup_of must join one story: a quote does not make a duplicate.
bool Evaluator::planted_dup_of(const OutputRecord& r) const {
  if (same_story(r.id, r.dup_of)) return true;
  return r.kind == "passage" && (quotes_story(r.id, r.dup_of) || quotes_story(r.dup_of, r.id));
}

// A passage joins one story, or lies on a planted quote in whichever record quotes.
bool Evaluator::planted_passage(const OutputRecord& r, const ReportedPassage& p) const {
  if (!passage_valid(r, p)) return false;
  if (same_story(r.id, p.other)) return true;
  const OutputRecord& other = *output_.find(p.other);
  return quote_overlaps(r, {p.start, p.end}, other.id) ||
         quote_overlaps(other, {p.other_start, p.other_end}, r.id);
}

// Counts the record's pairs and queues those not planted for checking.
void Evaluator::collect_relations(const OutputRecord& r, std::vector<Relation>& unplanted) {
  if (!r.dup_of.empty()) {
    ++precision.reported, ++precision.dup_of;
    if (planted_dup_of(r))
      check_planted({&r, nullptr});
    else
      unplanted.push_back({&r, nullptr});
  }
  for (const ReportedPassage& p : r.passages) {
    ++precision.reported, ++precision.passages;
    if (planted_passage(r, p))
      check_planted({&r, &p});
    else
      unplanted.push_back({&r, &p});
  }
}

// A planted pair is not false, but one that fails the check shows where the check and the
// engine disagree.
void Evaluator::check_planted(const Relation& relation) {
  ++precision.planted;
  const Judgement j = judge(relation);
  if (j.verdict == Verdict::kSimilar) return;
  ++precision.planted_dissimilar;
  misses_.add("planted pair, not truly similar", j.why);
}

void Evaluator::check(const Relation& relation) {
  const Judgement j = judge(relation);
  precision.similar += j.verdict == Verdict::kSimilar;
  precision.wrong += j.verdict != Verdict::kSimilar;
  precision.malformed += j.verdict == Verdict::kMalformed;
  if (j.verdict != Verdict::kSimilar) misses_.add("false pair", j.why);
}

Evaluator::Judgement Evaluator::judge(const Relation& relation) {
  const OutputRecord& r = *relation.record;
  if (relation.passage != nullptr) return judge_passage(r, *relation.passage);
  return r.kind == "passage" ? judge_anchor(r) : judge_document(r);
}

// An exact or near dup_of: max(Jaccard, containment) of the plain shingle sets.
Evaluator::Judgement Evaluator::judge_document(const OutputRecord& r) {
  const auto other = output_.index.find(r.dup_of);
  if (other == output_.index.end())
    return {Verdict::kMalformed, r.id + " dup_of " + r.dup_of + ": no such record in the output"};
  const Overlap o = overlap(shingles_[position(r)], shingles_[other->second]);
  if (std::max(o.jaccard(), o.containment()) >= settings_.threshold) return {};
  char line[200];
  std::snprintf(line, sizeof line, "%s dup_of %s (%s): plain Jaccard %.3f, containment %.3f",
                r.id.c_str(), r.dup_of.c_str(), r.kind.c_str(), o.jaccard(), o.containment());
  return {Verdict::kFalse, line};
}

// A dup_of of kind passage names the record the passages come from: true when they do.
Evaluator::Judgement Evaluator::judge_anchor(const OutputRecord& r) {
  if (output_.find(r.dup_of) == nullptr)
    return {Verdict::kMalformed, r.id + " dup_of " + r.dup_of + ": no such record in the output"};
  size_t named = 0;
  for (const ReportedPassage& p : r.passages) {
    if (p.other != r.dup_of) continue;
    ++named;
    Judgement j = judge_passage(r, p);
    if (j.verdict != Verdict::kSimilar) return j;
  }
  if (named > 0) return {};
  return {Verdict::kFalse, r.id + " dup_of " + r.dup_of + " (passage): no passage names it"};
}

// Both spans hold the same plain words, at least --min-passage-words of them.
Evaluator::Judgement Evaluator::judge_passage(const OutputRecord& r, const ReportedPassage& p) {
  const std::string where = "passage " + r.id + span_text({p.start, p.end}) + " ~ " + p.other +
                            span_text({p.other_start, p.other_end});
  if (!passage_valid(r, p))
    return {Verdict::kMalformed, where + ": malformed, unknown id or outside the text"};
  const OutputRecord& other = *output_.find(p.other);
  const std::vector<uint64_t> here =
      plain_words(std::string_view(r.text).substr(p.start, p.end - p.start));
  const std::vector<uint64_t> there =
      plain_words(std::string_view(other.text).substr(p.other_start, p.other_end - p.other_start));
  if (here == there && here.size() >= settings_.min_passage_words) return {};
  char figure[96];
  std::snprintf(figure, sizeof figure, ": %zu and %zu plain words, %s", here.size(), there.size(),
                here == there ? "equal" : "different");
  return {Verdict::kFalse, where + figure};
}

// ---------------------------------------------------------------------------------------
// Brute force.

// The record reached from `at` following dup_of of kind exact or near (a passage is no copy).
size_t follow_dup_of(const RecordSet<OutputRecord>& output, size_t at) {
  for (size_t step = 0; step < output.records.size(); ++step) {  // a cycle cannot hang the tool
    const OutputRecord& r = output.records[at];
    const auto next = output.index.find(r.dup_of);
    if (!is_duplicate_kind(r.kind) || next == output.index.end()) break;
    at = next->second;
  }
  return at;
}

// Which records winnow's output relates, by position in the output.
class WinnowLinks {
 public:
  explicit WinnowLinks(const RecordSet<OutputRecord>& output);

  // One names the other as dup_of, or both reach one record following exact and near dup_of.
  bool linked(size_t a, size_t b) const {
    return canonical_[a] == canonical_[b] || dup_of_.contains(key(a, b));
  }
  // A passage of one names the other.
  bool by_passage(size_t a, size_t b) const { return passages_.contains(key(a, b)); }

 private:
  static uint64_t key(size_t a, size_t b) {
    return (static_cast<uint64_t>(std::min(a, b)) << 32) | static_cast<uint64_t>(std::max(a, b));
  }

  std::vector<size_t> canonical_;                  // by position
  std::unordered_set<uint64_t> dup_of_, passages_;  // keys of related pairs
};

WinnowLinks::WinnowLinks(const RecordSet<OutputRecord>& output) {
  for (size_t i = 0; i < output.records.size(); ++i) {
    const OutputRecord& r = output.records[i];
    canonical_.push_back(follow_dup_of(output, i));
    if (const auto other = output.index.find(r.dup_of); other != output.index.end())
      dup_of_.insert(key(i, other->second));
    for (const ReportedPassage& p : r.passages) {
      if (const auto other = output.index.find(p.other); other != output.index.end())
        passages_.insert(key(i, other->second));
    }
  }
}

constexpr uint64_t kSampleSeed = 11;

// splitmix64: the same sequence everywhere (std::shuffle's differs between libraries).
uint64_t next_random(uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  return mix(state);
}

class BruteForce {
 public:
  BruteForce(const RecordSet<OutputRecord>& output,
             const std::vector<std::vector<uint64_t>>& shingles, Misses& misses)
      : output_(output), shingles_(shingles), misses_(misses), links_(output) {}

  BruteFigures run(size_t sample);

 private:
  std::vector<size_t> draw_sample(size_t n);
  void compare_all(size_t s);
  void tally(size_t a, size_t b, const Overlap& o);
  void check_reported_near();

  const RecordSet<OutputRecord>& output_;
  const std::vector<std::vector<uint64_t>>& shingles_;
  Misses& misses_;
  WinnowLinks links_;
  std::vector<size_t> rank_;  // by position: place in the sample, SIZE_MAX when not drawn
  BruteFigures figures_;
};

BruteFigures BruteForce::run(size_t sample) {
  const std::vector<size_t> drawn = draw_sample(sample);
  figures_.sampled = drawn.size();
  rank_.assign(output_.records.size(), SIZE_MAX);
  for (size_t k = 0; k < drawn.size(); ++k) rank_[drawn[k]] = k;
  for (size_t s : drawn) compare_all(s);
  check_reported_near();
  return figures_;
}

// `n` records with plain words, drawn without replacement (a partial Fisher-Yates shuffle),
// in output order.
std::vector<size_t> BruteForce::draw_sample(size_t n) {
  std::vector<size_t> pool;
  for (size_t i = 0; i < shingles_.size(); ++i) {
    if (!shingles_[i].empty()) pool.push_back(i);
  }
  figures_.with_text = pool.size();
  n = std::min(n, pool.size());
  uint64_t state = kSampleSeed;
  for (size_t i = 0; i < n; ++i) {
    std::swap(pool[i], pool[i + next_random(state) % (pool.size() - i)]);
  }
  pool.resize(n);
  std::sort(pool.begin(), pool.end());
  return pool;
}

// `s` against every record of another source; a pair of two drawn records only once.
void BruteForce::compare_all(size_t s) {
  const std::string& source = output_.records[s].source;
  for (size_t o = 0; o < output_.records.size(); ++o) {
    if (o == s || shingles_[o].empty() || rank_[o] < rank_[s]) continue;
    if (output_.records[o].source == source) continue;  // winnow compares across sources only
    ++figures_.compared;
    const std::optional<Overlap> found = overlap_if_contained(shingles_[s], shingles_[o]);
    if (found) tally(s, o, *found);
  }
}

void count_pair(BruteLevel& level, bool linked, bool by_passage) {
  ++level.pairs;
  level.linked += linked;
  level.by_passages_only += !linked && by_passage;
}

// One pair whose smaller set lies at least 80% in the larger.
void BruteForce::tally(size_t a, size_t b, const Overlap& o) {
  const bool linked = links_.linked(a, b), by_passage = links_.by_passage(a, b);
  if (o.containment() >= 0.8) count_pair(figures_.containment80, linked, by_passage);
  if (o.jaccard() >= 0.8) count_pair(figures_.jaccard80, linked, by_passage);
  if (o.jaccard() >= 0.9) count_pair(figures_.jaccard90, linked, by_passage);
  if (linked) return;
  char line[200];
  std::snprintf(line, sizeof line, "%s ~ %s: plain Jaccard %.3f, containment %.3f%s",
                output_.records[a].id.c_str(), output_.records[b].id.c_str(), o.jaccard(),
                o.containment(), by_passage ? " (related by passages only)" : "");
  misses_.add("brute force, not linked", line);
}

// winnow's exact and near pairs with a drawn record on either side, and those far from similar.
void BruteForce::check_reported_near() {
  for (size_t i = 0; i < output_.records.size(); ++i) {
    const OutputRecord& r = output_.records[i];
    const auto other = output_.index.find(r.dup_of);
    if (!is_duplicate_kind(r.kind) || other == output_.index.end()) continue;
    if (rank_[i] == SIZE_MAX && rank_[other->second] == SIZE_MAX) continue;
    ++figures_.reported_near;
    const Overlap o = overlap(shingles_[i], shingles_[other->second]);
    if (o.jaccard() >= 0.5 || o.containment() >= 0.5) continue;
    ++figures_.false_near;
    char line[200];
    std::snprintf(line, sizeof line, "%s dup_of %s (%s): plain Jaccard %.3f, containment %.3f",
                  r.id.c_str(), r.dup_of.c_str(), r.kind.c_str(), o.jaccard(), o.containment());
    misses_.add("brute force, false near-dup", line);
  }
}

// ---------------------------------------------------------------------------------------
// Reports.

std::string percent(uint64_t n, uint64_t d) {
  if (d == 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * static_cast<double>(n) / static_cast<double>(d));
  return buf;
}

// Everything one run measured, for either printer.
struct Report {
  const Evaluator& evaluator;
  const BruteFigures* brute;  // null when --brute-sample 0
  const Settings& settings;
  uint64_t output_records, truth_records;
};

void print_precision_text(const PrecisionFigures& p, const Settings& s) {
  const auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf("pairs reported: %llu (dup_of %llu, passages %llu)\n", u(p.reported), u(p.dup_of),
              u(p.passages));
  std::printf("pairs planted: %llu (not truly similar by the same check, not counted false: "
              "%llu)\n",
              u(p.planted), u(p.planted_dissimilar));
  std::printf("pairs not planted: %llu, checked: %llu\n", u(p.unplanted), u(p.checked));
  std::printf("pairs truly similar, not planted: %llu\n", u(p.similar));
  std::printf("pairs false: %llu (malformed or out of range: %llu)\n", u(p.wrong), u(p.malformed));
  std::printf("precision: %.2f%% (1 - false / reported; similar: max(Jaccard, containment) "
              ">= %.2f, passages of >= %zu equal words)%s\n",
              100.0 * p.precision(), s.threshold, s.min_passage_words,
              p.checked < p.unplanted ? ", false estimated from the sample" : "");
}

void print_level_text(const char* name, const BruteLevel& level) {
  std::printf("brute force %s linked: %llu / %llu (%s), related by passages only: %llu\n", name,
              static_cast<unsigned long long>(level.linked),
              static_cast<unsigned long long>(level.pairs),
              percent(level.linked, level.pairs).c_str(),
              static_cast<unsigned long long>(level.by_passages_only));
}

void print_brute_text(const BruteFigures* b) {
  if (b == nullptr) {
    std::printf("brute force: off\n");
    return;
  }
  const auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf("brute force: %llu of %llu records with text drawn (seed %llu), %llu pairs of "
              "different sources compared\n",
              u(b->sampled), u(b->with_text), u(kSampleSeed), u(b->compared));
  print_level_text("Jaccard >= 0.8", b->jaccard80);
  print_level_text("Jaccard >= 0.9", b->jaccard90);
  print_level_text("containment >= 0.8", b->containment80);
  std::printf("brute force exact/near pairs with a drawn record: %llu, Jaccard and containment "
              "both < 0.5: %llu\n",
              u(b->reported_near), u(b->false_near));
}

void print_text(const Report& report) {
  const Evaluator& e = report.evaluator;
  std::printf("records in output: %llu\n", static_cast<unsigned long long>(report.output_records));
  std::printf("truth records missing from output: %llu of %llu\n",
              static_cast<unsigned long long>(e.truth_missing_from_output),
              static_cast<unsigned long long>(report.truth_records));
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
  print_precision_text(e.precision, report.settings);
  print_brute_text(report.brute);
}

std::string json_ratio(uint64_t n, uint64_t d) {
  if (d == 0) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(n) / static_cast<double>(d));
  return buf;
}

void print_precision_json(const PrecisionFigures& p, const Settings& s) {
  const auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf("\n \"precision\": {\"reported\": %llu, \"dup_of\": %llu, \"passages\": %llu, "
              "\"planted\": %llu, \"planted_not_similar\": %llu, \"not_planted\": %llu, "
              "\"checked\": %llu, \"similar_not_planted\": %llu, \"false\": %llu, "
              "\"malformed\": %llu, \"precision\": %.6f, \"threshold\": %.6g, "
              "\"min_passage_words\": %zu},",
              u(p.reported), u(p.dup_of), u(p.passages), u(p.planted), u(p.planted_dissimilar),
              u(p.unplanted), u(p.checked), u(p.similar), u(p.wrong), u(p.malformed),
              p.precision(), s.threshold, s.min_passage_words);
}

std::string level_json(const BruteLevel& level) {
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "{\"pairs\": %llu, \"linked\": %llu, \"linked_ratio\": %s, "
                "\"by_passages_only\": %llu}",
                static_cast<unsigned long long>(level.pairs),
                static_cast<unsigned long long>(level.linked),
                json_ratio(level.linked, level.pairs).c_str(),
                static_cast<unsigned long long>(level.by_passages_only));
  return buf;
}

void print_brute_json(const BruteFigures* b) {
  if (b == nullptr) {
    std::printf("\n \"brute_force\": null}\n");
    return;
  }
  const auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf("\n \"brute_force\": {\"sampled\": %llu, \"seed\": %llu, \"records_with_text\": "
              "%llu, \"compared\": %llu, \"jaccard_0.8\": %s, \"jaccard_0.9\": %s, "
              "\"containment_0.8\": %s, \"reported_near\": %llu, \"false_near\": %llu}}\n",
              u(b->sampled), u(kSampleSeed), u(b->with_text), u(b->compared),
              level_json(b->jaccard80).c_str(), level_json(b->jaccard90).c_str(),
              level_json(b->containment80).c_str(), u(b->reported_near), u(b->false_near));
}

void print_json(const Report& report) {
  const Evaluator& e = report.evaluator;
  const auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf("{\"records\": %llu, \"truth_records\": %llu, \"truth_missing_from_output\": %llu,",
              u(report.output_records), u(report.truth_records), u(e.truth_missing_from_output));
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
  print_precision_json(e.precision, report.settings);
  print_brute_json(report.brute);
}

// ---------------------------------------------------------------------------------------
// Command line.

struct Options {
  std::string truth, output;
  Settings settings;
  size_t misses = 10;
  bool json = false;
};

void usage(FILE* to) {
  std::fputs(
      "usage: winnow_eval_dups --truth TRUTH.jsonl OUTPUT.jsonl [--json] [--misses N] "
      "[--sample N]\n"
      "                        [--threshold X] [--min-passage-words N] [--brute-sample N]\n"
      "  --truth FILE             the generator's truth sidecar (winnow_gen_feed --truth)\n"
      "  OUTPUT                   what `winnow clean` wrote for the generated feed\n"
      "  --json                   print one JSON object instead of text\n"
      "  --misses N               print the first N misses of each kind to stderr (default 10,\n"
      "                           0: none)\n"
      "  --sample N               check at most N pairs that were not planted (default: all)\n"
      "  --threshold X            a dup_of is truly similar at max(Jaccard, containment) >= X\n"
      "                           (default 0.8)\n"
      "  --min-passage-words N    a passage is truly similar with N equal words or more\n"
      "                           (default 10)\n"
      "  --brute-sample N         records compared with every record of another source\n"
      "                           (default 300, 0: no brute force)\n",
      to);
}

size_t parse_count(const std::string& text) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || *end != '\0') throw std::invalid_argument(text);
  return static_cast<size_t>(value);
}

// A threshold in (0, 1].
double parse_fraction(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value > 0.0 && value <= 1.0))
    throw std::invalid_argument(text);
  return value;
}

// Stores the value of an option that takes one.
void set_option(Options& o, const std::string& arg, const std::string& value) {
  Settings& s = o.settings;
  if (arg == "--truth") o.truth = value;
  if (arg == "--misses") o.misses = parse_count(value);
  if (arg == "--sample") s.sample = parse_count(value);
  if (arg == "--threshold") s.threshold = parse_fraction(value);
  if (arg == "--min-passage-words") s.min_passage_words = parse_count(value);
  if (arg == "--brute-sample") s.brute_sample = parse_count(value);
}

bool takes_value(const std::string& arg) {
  for (const char* name : {"--truth", "--misses", "--sample", "--threshold", "--min-passage-words",
                           "--brute-sample"}) {
    if (arg == name) return true;
  }
  return false;
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
    } else if (takes_value(arg)) {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      set_option(o, arg, argv[++i]);
    } else if (arg.starts_with("-") || !o.output.empty()) {
      throw std::invalid_argument("unexpected argument " + arg);
    } else {
      o.output = arg;
    }
  }
  if (o.truth.empty() || o.output.empty()) throw std::invalid_argument("need --truth and OUTPUT");
  if (o.settings.min_passage_words == 0) throw std::invalid_argument("--min-passage-words 0");
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
  const std::vector<std::vector<uint64_t>> shingles = shingle_sets(output);
  Evaluator e(output, truth, shingles, o.settings, misses);
  e.run();
  std::optional<BruteFigures> brute;
  if (o.settings.brute_sample > 0)
    brute = BruteForce(output, shingles, misses).run(o.settings.brute_sample);
  const Report report{e, brute ? &*brute : nullptr, o.settings, output.records.size(),
                      truth.records.size()};
  if (o.json)
    print_json(report);
  else
    print_text(report);
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
