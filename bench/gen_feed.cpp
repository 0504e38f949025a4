// winnow_gen_feed: writes a deterministic synthetic feed of scraped news articles (JSONL),
// the input of the end-to-end benchmarks, and optionally a sidecar with the truth about it.
//
//   winnow_gen_feed [--seed N] [--bytes N[K|M|G]] [--sources N] [--truth FILE] [-o FILE]
//
// A record is {"id","source","url","title","author","date","text"}. The text is paragraphs
// separated by "\n\n": the article itself wrapped in its site's furniture (navigation,
// bylines, ads, newsletter prompts, related headlines, comments, footers), the mix a
// cleaner has to undo. About 6% of records re-publish an earlier original of another site
// under their own site's template, in equal shares verbatim ("exact"), lightly edited
// ("light": a few words changed, a paragraph dropped or a sentence added) or rewritten
// ("heavy": new headline, 1.5-4% of words replaced, 1-3 sentences or paragraphs added or
// dropped, two paragraphs swapped, a paragraph of the site's own inserted). About 4% are
// originals that quote 10-40 consecutive words of an earlier original of another site, once
// or twice, inside one of their paragraphs: attributed and in quotation marks (As the
// Ledger reported, "...".) or run into a sentence of their own.
//
// The truth sidecar (--truth) has one line per record, in the same order:
//   {"id": id, "labels": [one per paragraph of the text split on "\n\n"],
//    "copy_of": id of the original | null, "copy_kind": "exact" | "light" | "heavy" | null,
//    "quotes": [{"of": id of the quoted original, "text": the passage}, ...]}
// A quote's text occurs byte for byte in both records' texts. Copies and quoting records
// are never copied or quoted themselves; a quoted original may still be copied, so its
// passage can also occur in copies of it.
//
// Only the standard library, and our own PRNG: std::*_distribution output differs between
// library versions, and the same seed must give the same bytes everywhere.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------
// Random numbers: xoshiro256** seeded through splitmix64.

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& word : state_) word = splitmix64(seed);
  }

  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  // In [0, 1), from the top 53 bits: exact in IEEE doubles, so portable.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // In [0, n) for n <= 2^53; one IEEE multiplication, so the same result everywhere.
  uint64_t below(uint64_t n) { return static_cast<uint64_t>(uniform() * static_cast<double>(n)); }
  int range(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<size_t>(hi - lo + 1)));
  }
  bool chance(double p) { return uniform() < p; }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// Vose's alias method: O(1) draws from a fixed discrete distribution. Word choice is the
// hot loop, so a binary search over a cumulative table would cost several times more.
// Integer weights keep the table bit-identical everywhere: with floating point, -march=native
// may fuse multiply-adds and shift a threshold by an ulp, and with it the output.
class AliasTable {
 public:
  explicit AliasTable(const std::vector<uint64_t>& weights);
  size_t draw(Rng& rng) const {
    const size_t i = rng.below(threshold_.size());
    return rng.below(total_) < threshold_[i] ? i : alias_[i];
  }

 private:
  uint64_t total_ = 0;  // every slot holds `total_` units, split between itself and its alias
  std::vector<uint64_t> threshold_;
  std::vector<uint32_t> alias_;
};

AliasTable::AliasTable(const std::vector<uint64_t>& weights)
    : threshold_(weights.size()), alias_(weights.size()) {
  for (uint64_t w : weights) total_ += w;
  std::vector<uint64_t> scaled(weights.size());
  std::vector<uint32_t> small, large;
  for (uint32_t i = 0; i < weights.size(); ++i) {
    scaled[i] = weights[i] * weights.size();
    (scaled[i] < total_ ? small : large).push_back(i);
  }
  // Pair each under-full slot with an over-full one that tops it up to exactly `total_`.
  while (!small.empty() && !large.empty()) {
    const uint32_t s = small.back(), l = large.back();
    small.pop_back();
    threshold_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] -= total_ - scaled[s];
    if (scaled[l] < total_) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // The arithmetic is exact, so whatever is left is exactly full.
  for (uint32_t i : large) {
    threshold_[i] = total_;
    alias_[i] = i;
  }
}

// Weight of rank r is proportional to 1 / (r + 1). Sizes stay far below 2^53, where
// Rng::below is exact, and the products in AliasTable far below 2^64.
std::vector<uint64_t> zipf_weights(size_t n) {
  std::vector<uint64_t> weights(n);
  for (size_t rank = 0; rank < n; ++rank) weights[rank] = (uint64_t{1} << 32) / (rank + 1);
  return weights;
}

// ---------------------------------------------------------------------------------------
// Words. The top of the Zipf ranking is real English function words (about half of all
// tokens in news text, as with real English); the long tail is pronounceable pseudo-words.

const std::vector<std::string> kFunctionWords = {
    "the",   "of",     "and",    "to",    "a",     "in",      "that",  "is",      "for",   "it",
    "was",   "on",     "with",   "he",    "as",    "said",    "at",    "by",      "his",   "from",
    "be",    "have",   "has",    "an",    "but",   "not",     "are",   "they",    "this",  "who",
    "will",  "had",    "were",   "their", "been",  "would",   "which", "she",     "or",    "its",
    "her",   "after",  "about",  "more",  "we",    "one",     "also",  "up",      "year",  "there",
    "new",   "than",   "out",    "when",  "can",   "two",     "over",  "into",    "could", "if",
    "all",   "last",   "people", "what",  "first", "some",    "them",  "other",   "being", "our",
    "you",   "years",  "just",   "time",  "no",    "because", "so",    "only",    "most",  "him",
    "while", "before", "under",  "where", "since", "through", "those", "between", "how",   "these",
    "such",  "may",    "very",   "any",   "both",  "each",    "much",  "many",    "then",  "should",
    "did",   "do",     "during", "now",   "week",  "against", "like",  "still",   "made",  "say"};

// Single consonants repeat so that clusters stay the minority, as in English.
const std::vector<std::string> kOnsets = {
    "b", "c", "d", "f", "g", "h", "k", "l", "m",  "n",  "p",  "r",  "s",  "t",  "v",  "w", "b", "c",
    "d", "l", "m", "n", "p", "r", "s", "t", "br", "cr", "st", "tr", "sh", "ch", "th", "",  ""};
const std::vector<std::string> kVowels = {"a", "e", "i", "o",  "u",  "a",  "e",
                                          "o", "i", "a", "ai", "ea", "ou", "y"};
const std::vector<std::string> kCodas = {"",   "",   "",   "n", "r",  "s",  "t", "l",
                                         "nd", "st", "rt", "m", "ck", "ng", "x", "ss"};
// A few borrowed words carry accents, so the feed is not pure ASCII.
const std::vector<std::string> kAccented = {"é", "è", "ö", "ü", "ñ", "á", "ç"};

// Frequent words are short, rare ones long, as in real vocabularies.
int syllables_for_rank(Rng& rng, size_t rank) {
  if (rank < 300) return rng.range(1, 2);
  if (rank < 5000) return rng.range(1, 3);
  const int base = rng.range(2, 3);  // separate statements: operand order is unspecified
  return rng.chance(0.1) ? base + 1 : base;
}

std::string pseudo_word(Rng& rng, size_t rank) {
  std::string word;
  for (int i = syllables_for_rank(rng, rank); i > 0; --i) {
    word += rng.pick(kOnsets);
    word += rng.pick(kVowels);
    if (i == 1 || rng.chance(0.2)) word += rng.pick(kCodas);
  }
  if (word.size() > 3 && rng.chance(0.01)) word.replace(word.size() - 2, 1, rng.pick(kAccented));
  return word;
}

std::string capitalized(std::string word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 32);
  return word;
}

class Vocabulary {
 public:
  static constexpr size_t kPseudoWords = 40000;

  explicit Vocabulary(Rng& rng) : words_(make_words(rng)), zipf_(zipf_weights(words_.size())) {}
  const std::string& word(Rng& rng) const { return words_[zipf_.draw(rng)]; }
  // Title case leaves the commonest short words ("of", "the", "and") in lower case.
  std::string title_word(Rng& rng, bool title_case) const {
    const size_t rank = zipf_.draw(rng);
    return title_case && (rank >= 40 || words_[rank].size() > 3) ? capitalized(words_[rank])
                                                                 : words_[rank];
  }
  // Uniform over the rare tail: names of places, people and sites.
  std::string proper_noun(Rng& rng) const {
    return capitalized(words_[words_.size() / 2 + rng.below(words_.size() / 2)]);
  }

 private:
  static std::vector<std::string> make_words(Rng& rng) {
    std::vector<std::string> words = kFunctionWords;
    std::unordered_set<std::string> seen(words.begin(), words.end());
    while (words.size() < kFunctionWords.size() + kPseudoWords) {
      std::string word = pseudo_word(rng, words.size());
      if (word.size() > 1 && seen.insert(word).second) words.push_back(std::move(word));
    }
    return words;
  }

  std::vector<std::string> words_;
  AliasTable zipf_;
};

// ---------------------------------------------------------------------------------------
// Sentences, paragraphs, titles, people.

const std::vector<std::string> kFirstNames = {
    "James", "Maria", "Chen",  "Aisha", "Tom",    "Olga", "Rahul", "Emma",  "Lucas", "Fatima",
    "John",  "Sofia", "Kenji", "Grace", "Pedro",  "Anna", "Omar",  "Laura", "David", "Ingrid",
    "Mike",  "Sarah", "Ali",   "Nora",  "Daniel", "Yuki", "Paul",  "Elena", "Sam",   "Hannah"};

const std::vector<std::string> kCannedComments = {"Great article, thanks for sharing.",
                                                  "Totally agree with this.",
                                                  "This is exactly what I was thinking.",
                                                  "Well said!",
                                                  "Interesting read.",
                                                  "Does anyone have a link to the full report?",
                                                  "Thanks for the update."};

class TextMaker {
 public:
  TextMaker(Rng& rng, const Vocabulary& vocab) : rng_(rng), vocab_(vocab) {}

  // One draw per statement throughout: the operands of + may be evaluated in any order, and
  // compilers differ, which would make the output depend on the compiler.
  std::string person() {
    std::string name = rng_.pick(kFirstNames) + " ";
    return name + vocab_.proper_noun(rng_);
  }

  // One sentence of 4-28 words; `curly` picks typographic quotes for quoted speech.
  void sentence(std::string& out, bool curly) {
    const bool quote = rng_.chance(0.08);
    if (quote) out += curly ? "\u201c" : "\"";
    words(out, rng_.range(4, 28), true);
    if (!quote) {
      out += rng_.chance(0.95) ? '.' : (rng_.chance(0.6) ? '?' : '!');
      return;
    }
    out += curly ? ",\u201d said " : ",\" said ";
    out += person();
    out += '.';
  }

  std::string paragraph(int sentences, bool curly) {
    std::string out;
    for (int i = 0; i < sentences; ++i) {
      if (i > 0) out += ' ';
      sentence(out, curly);
    }
    return out;
  }

  std::string title(bool title_case) {
    std::string out;
    const int n = rng_.range(5, 12);
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += (i == n / 2 && rng_.chance(0.1)) ? ": " : " ";
      out += i == 0 ? capitalized(vocab_.word(rng_)) : vocab_.title_word(rng_, title_case);
    }
    return out;
  }

  std::string comment() {
    if (rng_.chance(0.2)) return rng_.pick(kCannedComments);
    return paragraph(rng_.range(1, 3), false);
  }

  const std::string& word() { return vocab_.word(rng_); }

 private:
  // `n` words with occasional commas, numbers, names and dashes.
  void words(std::string& out, int n, bool capitalize_first) {
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += rng_.chance(0.004) ? " \u2014 " : " ";
      const double kind = rng_.uniform();
      if (kind < 0.015) {
        out += std::to_string(rng_.range(2, 999));
        if (rng_.chance(0.2)) out += " percent";
      } else if (kind < 0.05) {
        out += vocab_.proper_noun(rng_);
      } else {
        const std::string& w = vocab_.word(rng_);
        out += (i == 0 && capitalize_first) ? capitalized(w) : w;
      }
      if (i + 1 < n && rng_.chance(0.06)) out += ',';
    }
  }

  Rng& rng_;
  const Vocabulary& vocab_;
};

// ---------------------------------------------------------------------------------------
// Dates: minutes since 2024-01-01T00:00Z, printed in several styles.

const char* const kMonthNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

constexpr uint64_t kMinutesPerDay = 60 * 24;

struct CivilDate {
  int year, month, day, hour, minute;  // month 1-12
};

CivilDate civil(uint64_t minutes) {
  CivilDate d{2024, 1, 1, static_cast<int>(minutes / 60 % 24), static_cast<int>(minutes % 60)};
  uint64_t days = minutes / kMinutesPerDay;
  for (;;) {
    const bool leap = d.year % 4 == 0 && (d.year % 100 != 0 || d.year % 400 == 0);
    const int lengths[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const uint64_t month_days = static_cast<uint64_t>(lengths[d.month - 1]);
    if (days < month_days) break;
    days -= month_days;
    if (++d.month > 12) {
      d.month = 1;
      ++d.year;
    }
  }
  d.day = static_cast<int>(days) + 1;
  return d;
}

std::string iso_date(uint64_t minutes) {
  const CivilDate d = civil(minutes);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00Z", d.year, d.month, d.day, d.hour,
                d.minute);
  return buf;
}

// The per-site style of the date lines under related headlines.
std::string display_date(uint64_t minutes, int style) {
  const CivilDate d = civil(minutes);
  const char* month = kMonthNames[d.month - 1];
  char buf[48];
  switch (style) {
    case 0:
      std::snprintf(buf, sizeof buf, "%s %d, %d", month, d.day, d.year);
      break;
    case 1:
      std::snprintf(buf, sizeof buf, "%d %s %d", d.day, month, d.year);
      break;
    case 2:
      std::snprintf(buf, sizeof buf, "%.3s %d, %d", month, d.day, d.year);
      break;
    default:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  }
  return buf;
}

// ---------------------------------------------------------------------------------------
// Sites: each has a fixed template, so its furniture repeats from page to page.

struct Source {
  std::string name, domain;
  std::vector<std::string> sections, authors;
  std::vector<std::string> navigation;      // paragraphs before the article; may be empty
  std::string byline_prefix;                // "By": byline line in the text; empty: none
  std::string ad_marker;                    // empty: no ads
  std::string newsletter;                   // empty: no prompt
  bool newsletter_mid = false;              // in the middle of the article, else after it
  std::vector<std::string> share_block;     // boilerplate after the article
  std::string related_header;               // empty: no related block
  bool related_date_own_paragraph = false;  // else "headline\ndate" in one paragraph
  int date_style = 0;
  std::string comment_header, sign_in;  // "#" in the header is the comment count
  bool feed_footer = false;
  std::string copyright;  // empty: none
  bool title_case = false, curly_quotes = false;
  std::vector<std::string> recent_titles;  // feeds the related block
};

const std::vector<std::string> kSiteSuffixes = {
    "Herald", "Times", "Post",    "Gazette", "Tribune",  "Observer", "Chronicle", "Journal",
    "Daily",  "News",  "Courier", "Ledger",  "Dispatch", "Record",   "Wire"};
const std::vector<std::string> kSections = {
    "world",   "politics", "business", "technology", "science",   "health", "sports",
    "culture", "opinion",  "local",    "climate",    "education", "travel", "economy"};
const std::vector<std::string> kAdMarkers = {"Advertisement", "Advertisement", "ADVERTISEMENT",
                                             "Story continues below advertisement"};
const std::vector<std::string> kRelatedHeaders = {"Related Articles", "More Stories",
                                                  "You May Also Like", "Read Next", "Most Popular"};
// "#" stands for the comment count.
const std::vector<std::string> kCommentHeaders = {"# Comments", "Comments (#)", "# Responses",
                                                  "Join the discussion: # comments"};
const std::vector<std::string> kSignIns = {
    "Log in to leave a comment.", "You must be logged in to post a comment.",
    "Sign in to join the conversation.", "Comments are moderated. Register or sign in to reply."};

// `n` different items in random order (a partial Fisher-Yates shuffle).
template <typename T>
std::vector<T> sample_distinct(Rng& rng, std::vector<T> items, size_t n) {
  for (size_t i = 0; i < n; ++i) std::swap(items[i], items[i + rng.below(items.size() - i)]);
  items.resize(n);
  return items;
}

// `n` different indices below `size`, in random order.
std::vector<size_t> sample_indices(Rng& rng, size_t size, size_t n) {
  std::vector<size_t> all(size);
  for (size_t i = 0; i < size; ++i) all[i] = i;
  return sample_distinct(rng, std::move(all), n);
}

std::string domain_of(const std::string& name, Rng& rng) {
  static const std::vector<std::string> tlds = {".com", ".com", ".net", ".org", ".co.uk", ".news"};
  std::string host;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') host += static_cast<char>(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) host += c;
  }
  return host + rng.pick(tlds);
}

std::vector<std::string> make_navigation(Rng& rng, const Source& s) {
  std::vector<std::string> nav;
  if (rng.chance(0.5)) nav.push_back("Skip to content");
  const std::string separator = rng.chance(0.5) ? "\n" : " | ";
  std::string menu = "Home";
  for (const std::string& section : s.sections) menu += separator + capitalized(section);
  nav.push_back(menu);
  if (rng.chance(0.4)) nav.push_back("Subscribe | Sign in");
  return nav;
}

std::string make_newsletter(Rng& rng, const std::string& site) {
  switch (rng.below(3)) {
    case 0:
      return "Sign up for the " + site + " newsletter to get the day's top stories in your inbox.";
    case 1:
      return "Get the latest news delivered daily. Subscribe to our free morning briefing.";
    default:
      return "Enjoying this article? Sign up for our newsletter and never miss a story.";
  }
}

std::vector<std::string> make_share_block(Rng& rng, const std::string& site) {
  std::vector<std::string> block;
  if (rng.chance(0.5)) block.push_back("Share this article:\nFacebook\nTwitter\nEmail");
  if (rng.chance(0.4))
    block.push_back("Follow " + site + " on Twitter and Facebook for more stories.");
  return block;
}

// Every template choice is drawn once per site, from the generator's own stream.
Source make_source(Rng& rng, TextMaker& text, const Vocabulary& vocab) {
  Source s;
  s.name = rng.chance(0.3) ? "The " : "";
  s.name += vocab.proper_noun(rng) + " ";
  s.name += rng.pick(kSiteSuffixes);
  s.domain = domain_of(s.name, rng);
  s.sections = sample_distinct(rng, kSections, static_cast<size_t>(rng.range(4, 8)));
  for (int i = rng.range(3, 20); i > 0; --i) s.authors.push_back(text.person());
  if (rng.chance(0.5)) s.navigation = make_navigation(rng, s);
  if (rng.chance(0.4)) s.byline_prefix = "By";
  if (rng.chance(0.5)) s.ad_marker = rng.pick(kAdMarkers);
  if (rng.chance(0.5)) s.newsletter = make_newsletter(rng, s.name);
  s.newsletter_mid = rng.chance(0.5);
  s.share_block = make_share_block(rng, s.name);
  if (rng.chance(0.5)) s.related_header = rng.pick(kRelatedHeaders);
  s.related_date_own_paragraph = rng.chance(0.5);
  s.date_style = rng.range(0, 3);
  s.comment_header = rng.pick(kCommentHeaders);
  s.sign_in = rng.pick(kSignIns);
  s.feed_footer = rng.chance(0.4);
  if (rng.chance(0.7)) {
    s.copyright = rng.chance(0.5) ? "\u00a9 2024 " + s.name + ". All rights reserved."
                                  : "Copyright \u00a9 " + s.name + " Media Group";
  }
  s.title_case = rng.chance(0.5);
  s.curly_quotes = rng.chance(0.4);
  return s;
}

// ---------------------------------------------------------------------------------------
// Articles and pages.

struct Article {
  std::string id, title, author;
  std::vector<std::string> paragraphs;
  size_t source = 0;
};

// The related block draws on a site's last few dozen headlines.
void remember_title(Source& s, const std::string& title) {
  if (s.recent_titles.size() >= 64)
    s.recent_titles.erase(s.recent_titles.begin(), s.recent_titles.begin() + 32);
  s.recent_titles.push_back(title);
}

// A record's text being built: paragraphs joined by blank lines, one label each.
// Paragraphs never contain "\n\n" nor start or end with a newline, so splitting the text
// on "\n\n" gives back exactly these paragraphs.
struct Page {
  std::string text;
  std::vector<const char*> labels;
  bool content_only = false;  // drop everything else; the random draws stay the same

  void add(const char* label, std::string_view paragraph) {
    if (content_only && std::string_view(label) != "content") return;
    if (!labels.empty()) text += "\n\n";
    text += paragraph;
    labels.push_back(label);
  }
};

// Replaces one word of `p` (keeping trailing punctuation) by another vocabulary word.
void replace_random_word(std::string& p, Rng& rng, TextMaker& text) {
  size_t start = p.rfind(' ', rng.below(p.size()));
  start = start == std::string::npos ? 0 : start + 1;
  while (start < p.size() && p[start] == '"') ++start;  // keep an opening quote
  size_t end = p.find(' ', start);
  if (end == std::string::npos) end = p.size();
  while (end > start && std::strchr(".,?!\"", p[end - 1]) != nullptr) --end;
  if (end > start) p.replace(start, end - start, text.word());
}

// A "light" edit, as when a syndicated story is re-published: a few words changed, maybe a
// paragraph dropped or a sentence added.
void lightly_edit(Article& a, Rng& rng, TextMaker& text, bool curly) {
  for (int edits = rng.range(1, 3); edits > 0; --edits) {
    std::string& p = a.paragraphs[rng.below(a.paragraphs.size())];
    switch (rng.below(3)) {
      case 0:
        for (int i = rng.range(1, 3); i > 0; --i) replace_random_word(p, rng, text);
        break;
      case 1:
        if (a.paragraphs.size() > 4) {
          a.paragraphs.erase(a.paragraphs.begin() +
                             static_cast<long>(rng.below(a.paragraphs.size())));
        }
        break;
      default:
        p += ' ';
        text.sentence(p, curly);
    }
  }
}

// Offsets where the sentences of `p` begin: 0, and after each ". ", "? " or "! ".
std::vector<size_t> sentence_starts(const std::string& p) {
  std::vector<size_t> starts = {0};
  for (size_t i = 1; i + 1 < p.size(); ++i) {
    if (p[i] == ' ' && std::strchr(".?!", p[i - 1]) != nullptr) starts.push_back(i + 1);
  }
  return starts;
}

// Offsets where the space-separated words of `p` begin.
std::vector<size_t> word_starts(const std::string& p) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] == ' ') starts.push_back(i + 1);
  }
  return starts;
}

// Removes one sentence (and the space before or after it); false when `p` has only one.
bool drop_sentence(std::string& p, Rng& rng) {
  const std::vector<size_t> starts = sentence_starts(p);
  if (starts.size() < 2) return false;
  const size_t k = rng.below(starts.size());
  if (k + 1 < starts.size())
    p.erase(starts[k], starts[k + 1] - starts[k]);
  else
    p.erase(starts[k] - 1);
  return true;
}

// Replaces about per_mille/1000 of each paragraph's words, as a rewrite desk would. Integer
// arithmetic: a fused multiply-add under -march=native could round a float differently.
void substitute_words(Article& a, Rng& rng, TextMaker& text, uint64_t per_mille) {
  for (std::string& p : a.paragraphs) {
    const uint64_t n = (word_starts(p).size() * per_mille + rng.below(1000)) / 1000;
    for (uint64_t i = 0; i < n; ++i) replace_random_word(p, rng, text);
  }
}

// One structural edit: a paragraph or sentence dropped, or a sentence or paragraph added.
void add_or_drop(Article& a, Rng& rng, TextMaker& text, bool curly) {
  std::vector<std::string>& ps = a.paragraphs;
  switch (rng.below(4)) {
    case 0:
      if (ps.size() > 4) {
        ps.erase(ps.begin() + static_cast<long>(rng.below(ps.size())));
        return;
      }
      break;
    case 1:
      if (drop_sentence(ps[rng.below(ps.size())], rng)) return;
      break;
    case 2: {
      const size_t at = rng.below(ps.size() + 1);
      ps.insert(ps.begin() + static_cast<long>(at), text.paragraph(rng.range(1, 3), curly));
      return;
    }
    default:
      break;
  }
  std::string& p = ps[rng.below(ps.size())];  // also the fallback when nothing could go
  p += ' ';
  text.sentence(p, curly);
}

// A "heavy" edit, as when another desk rewrites a wire story: a new headline, words swapped
// for others throughout, sentences or paragraphs added and dropped, two paragraphs
// reordered and a paragraph of the site's own reporting inserted.
void heavily_edit(Article& a, Rng& rng, TextMaker& text, const Source& s) {
  a.title = text.title(s.title_case);
  substitute_words(a, rng, text, static_cast<uint64_t>(rng.range(15, 40)));
  for (int edits = rng.range(1, 3); edits > 0; --edits) add_or_drop(a, rng, text, s.curly_quotes);
  const size_t i = rng.below(a.paragraphs.size());
  size_t j = rng.below(a.paragraphs.size() - 1);
  if (j >= i) ++j;
  std::swap(a.paragraphs[i], a.paragraphs[j]);
  const size_t at = rng.below(a.paragraphs.size() + 1);
  a.paragraphs.insert(a.paragraphs.begin() + static_cast<long>(at),
                      text.paragraph(rng.range(1, 4), s.curly_quotes));
}

// A run of 10-40 consecutive words of one paragraph of an article, as another site quotes it.
struct Passage {
  size_t paragraph = 0;
  std::string text;
};

// A passage from a paragraph of at least 10 words other than `skip`; none if there is none.
std::optional<Passage> pick_passage(const Article& a, Rng& rng, size_t skip) {
  std::vector<size_t> eligible;
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    if (i != skip && word_starts(a.paragraphs[i]).size() >= 10) eligible.push_back(i);
  }
  if (eligible.empty()) return std::nullopt;
  Passage passage;
  passage.paragraph = rng.pick(eligible);
  const std::string& p = a.paragraphs[passage.paragraph];
  const std::vector<size_t> starts = word_starts(p);
  const size_t n = std::min<size_t>(static_cast<size_t>(rng.range(10, 40)), starts.size());
  const size_t first = rng.below(starts.size() - n + 1);
  const size_t end = first + n < starts.size() ? starts[first + n] - 1 : p.size();
  passage.text = p.substr(starts[first], end - starts[first]);
  return passage;
}

// How prose names a site: "the Brastock Herald", also for "The Brastock Herald".
std::string site_in_prose(const std::string& name) {
  return "the " + (name.starts_with("The ") ? name.substr(4) : name);
}

// The passage as a sentence of the quoting site: attributed and in quotation marks, or run
// into the site's own words without attribution.
std::string quoting_sentence(const std::string& passage, const std::string& site, bool curly,
                             Rng& rng, TextMaker& text) {
  const bool ends_sentence = std::strchr(".?!", passage.back()) != nullptr;
  std::string out;
  if (rng.chance(0.35)) {
    out = capitalized(text.word());
    for (int i = rng.range(1, 4); i > 0; --i) out += ' ' + text.word();
    return out + ' ' + passage + (ends_sentence ? "" : ".");
  }
  const std::string who = site_in_prose(site);
  switch (rng.below(3)) {
    case 0:
      out = "As " + who + " reported, ";
      break;
    case 1:
      out = "According to " + who + ", ";
      break;
    default:
      out = capitalized(who) + " wrote: ";
  }
  out += curly ? "\u201c" : "\"";
  out += passage;
  out += curly ? "\u201d" : "\"";
  return ends_sentence ? out : out + '.';
}

// Puts `sentence` into paragraph `p` at a sentence boundary.
void insert_sentence(std::string& p, const std::string& sentence, Rng& rng) {
  const std::vector<size_t> starts = sentence_starts(p);
  const size_t k = rng.below(starts.size() + 1);
  if (k == starts.size())
    p += ' ' + sentence;
  else
    p.insert(starts[k], sentence + ' ');
}

struct Options {
  uint64_t seed = 1;
  uint64_t bytes = 100ull << 20;
  size_t sources = 50;
  std::string output = "-";
  std::string truth;
  bool content_only = false;  // articles without any boilerplate, for "loses nothing" checks
};

// Buffered output to a file or stdout: records are appended to `buffer` and written in
// multi-megabyte fwrite calls.
class Sink {
 public:
  explicit Sink(const std::string& path);
  ~Sink();
  std::string buffer;
  void flush_if_full() {
    if (buffer.size() >= kFlushAt) flush();
  }
  void finish();
  uint64_t bytes() const { return written_ + buffer.size(); }

 private:
  static constexpr size_t kFlushAt = size_t{4} << 20;
  void flush();
  std::string path_;
  FILE* file_ = nullptr;
  uint64_t written_ = 0;
};

Sink::Sink(const std::string& path) : path_(path) {
  file_ = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (file_ == nullptr)
    throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  buffer.reserve(kFlushAt + (1 << 20));
}

Sink::~Sink() {
  if (file_ != nullptr && file_ != stdout) std::fclose(file_);
}

void Sink::flush() {
  if (std::fwrite(buffer.data(), 1, buffer.size(), file_) != buffer.size()) {
    throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
  }
  written_ += buffer.size();
  buffer.clear();
}

void Sink::finish() {
  flush();
  const bool ok = std::fflush(file_) == 0 && (file_ == stdout || std::fclose(file_) == 0);
  if (file_ != stdout) file_ = nullptr;
  if (!ok) throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
}

// Appends `s` as a JSON string: quotes, backslashes and control characters escaped; UTF-8
// passes through. Runs of plain bytes are copied in one append.
void append_json(std::string& out, std::string_view s) {
  out += '"';
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

// ---------------------------------------------------------------------------------------
// The generator: chooses each record's site and article, renders the page, writes both files.

// A passage of an earlier original that a record quotes verbatim.
struct Quote {
  std::string of;    // id of the original
  std::string text;  // the passage, byte for byte as in both texts
};

class FeedGenerator {
 public:
  explicit FeedGenerator(const Options& options);
  void run();

 private:
  static constexpr size_t kPoolSize = 4096;  // originals that later records may copy
  static constexpr double kCopyShare = 0.06;  // records re-publishing an original
  static constexpr double kQuoteShare = 0.04;  // original records quoting other originals

  size_t pick_source() { return source_picker_.draw(rng_); }
  Article original_article(size_t source);
  Article copied_article(std::string& kind);
  std::vector<Quote> plant_quotes(Article& a);
  const Article* quotable_original(size_t quoting_source);
  void render(const Article& a, const Source& s, Page& page);
  void render_body(const Article& a, const Source& s, Page& page);
  void render_related(const Source& s, Page& page);
  void render_comments(const Source& s, Page& page);
  void write_record(const Article& a, const Source& s, const Page& page);
  void write_truth(const Article& a, const Page& page, const std::string& copy_of,
                   const std::string& copy_kind, const std::vector<Quote>& quotes);
  void remember(const Article& a);

  Options options_;
  Rng rng_;
  Vocabulary vocab_;
  TextMaker text_;
  std::vector<Source> sources_;
  AliasTable source_picker_;
  std::vector<Article> pool_;  // ring buffer of originals
  uint64_t count_ = 0;
  uint64_t now_ = kMinutesPerDay * 30;  // minutes since 2024-01-01; related dates lie before
  Sink out_;
  std::unique_ptr<Sink> truth_;
};

FeedGenerator::FeedGenerator(const Options& options)
    : options_(options),
      rng_(options.seed),
      vocab_(rng_),
      text_(rng_, vocab_),
      source_picker_(zipf_weights(options.sources)),  // a few big sites, a long tail
      out_(options.output) {
  std::unordered_set<std::string> names;
  while (sources_.size() < options.sources) {
    Source s = make_source(rng_, text_, vocab_);
    if (names.insert(s.name).second) sources_.push_back(std::move(s));
  }
  if (!options.truth.empty()) truth_ = std::make_unique<Sink>(options.truth);
}

void FeedGenerator::run() {
  while (out_.bytes() < options_.bytes) {
    std::string copy_kind;
    std::vector<Quote> quotes;
    const double roll = rng_.uniform();
    Article a;
    if (!pool_.empty() && roll < kCopyShare) {
      a = copied_article(copy_kind);
    } else {
      a = original_article(pick_source());
      if (!pool_.empty() && roll < kCopyShare + kQuoteShare) quotes = plant_quotes(a);
    }
    const std::string copy_of = copy_kind.empty() ? std::string() : a.id;
    char id[32];
    std::snprintf(id, sizeof id, "a%08llu", static_cast<unsigned long long>(++count_));
    a.id = id;
    now_ += static_cast<uint64_t>(rng_.range(1, 9));
    Page page;
    page.content_only = options_.content_only;
    render(a, sources_[a.source], page);
    write_record(a, sources_[a.source], page);
    if (truth_) write_truth(a, page, copy_of, copy_kind, quotes);
    // Only plain originals are copied or quoted later: a quote's origin is an original.
    if (copy_kind.empty() && quotes.empty()) remember(a);
    remember_title(sources_[a.source], a.title);
  }
  out_.finish();
  if (truth_) truth_->finish();
}

Article FeedGenerator::original_article(size_t source) {
  Article a;
  a.source = source;
  a.title = text_.title(sources_[source].title_case);
  a.author = rng_.chance(0.9) ? rng_.pick(sources_[source].authors) : std::string();
  const bool curly = sources_[source].curly_quotes;
  for (int i = rng_.range(4, 30); i > 0; --i) {
    a.paragraphs.push_back(text_.paragraph(rng_.range(1, 6), curly));
  }
  return a;
}

// An earlier original under another site's template; on return a.id still names the
// original (the caller records it as copy_of before assigning the new id).
Article FeedGenerator::copied_article(std::string& kind) {
  Article a = pool_[rng_.below(pool_.size())];
  size_t source = pick_source();
  if (source == a.source) source = (source + 1) % sources_.size();
  a.source = source;
  if (rng_.chance(0.5)) a.author = rng_.pick(sources_[source].authors);
  static const std::vector<std::string> kinds = {"exact", "light", "heavy"};
  kind = rng_.pick(kinds);
  if (kind == "light") {
    const std::vector<std::string> before = a.paragraphs;
    lightly_edit(a, rng_, text_, sources_[source].curly_quotes);
    if (a.paragraphs == before)
      text_.sentence(a.paragraphs.back() += ' ', sources_[source].curly_quotes);
  } else if (kind == "heavy") {
    heavily_edit(a, rng_, text_, sources_[source]);
  }
  return a;
}

// An earlier original of another site with a paragraph long enough to quote; null in the
// unlikely case that a few draws find none.
const Article* FeedGenerator::quotable_original(size_t quoting_source) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    const Article& a = pool_[rng_.below(pool_.size())];
    if (a.source == quoting_source) continue;
    for (const std::string& p : a.paragraphs) {
      if (word_starts(p).size() >= 10) return &a;
    }
  }
  return nullptr;
}

// Quotes one passage, sometimes two (from the same original or another), each into its own
// paragraph of `a`; returns what was planted.
std::vector<Quote> FeedGenerator::plant_quotes(Article& a) {
  const size_t wanted = rng_.chance(0.25) ? 2 : 1;
  const std::vector<size_t> targets =
      sample_indices(rng_, a.paragraphs.size(), std::min(wanted, a.paragraphs.size()));
  std::vector<Quote> quotes;
  const Article* from = nullptr;
  size_t used_paragraph = SIZE_MAX;
  for (size_t target : targets) {
    std::optional<Passage> passage;
    if (from != nullptr && rng_.chance(0.5)) passage = pick_passage(*from, rng_, used_paragraph);
    if (!passage) {
      from = quotable_original(a.source);
      if (from == nullptr) break;
      passage = pick_passage(*from, rng_, SIZE_MAX);
    }
    used_paragraph = passage->paragraph;
    const Source& origin = sources_[from->source];
    insert_sentence(a.paragraphs[target],
                    quoting_sentence(passage->text, origin.name,
                                     sources_[a.source].curly_quotes, rng_, text_),
                    rng_);
    quotes.push_back({from->id, std::move(passage->text)});
  }
  return quotes;
}

void FeedGenerator::remember(const Article& a) {
  if (pool_.size() < kPoolSize) {
    pool_.push_back(a);
  } else {
    pool_[rng_.below(kPoolSize)] = a;  // random eviction keeps some old articles around
  }
}

// Site furniture around the article, in the order pages usually have it.
void FeedGenerator::render(const Article& a, const Source& s, Page& page) {
  for (const std::string& nav : s.navigation) page.add("navigation", nav);
  if (!s.byline_prefix.empty() && !a.author.empty())
    page.add("boilerplate", s.byline_prefix + " " + a.author);
  render_body(a, s, page);
  if (s.feed_footer)
    page.add("footer", "The post " + a.title + " appeared first on " + s.name + ".");
  for (const std::string& share : s.share_block) page.add("boilerplate", share);
  if (!s.newsletter.empty() && !s.newsletter_mid) page.add("newsletter", s.newsletter);
  if (!s.related_header.empty()) render_related(s, page);
  if (rng_.chance(0.3)) render_comments(s, page);
  if (!s.copyright.empty()) page.add("footer", s.copyright);
}

// The article's paragraphs, with ads and a mid-article newsletter prompt between them.
void FeedGenerator::render_body(const Article& a, const Source& s, Page& page) {
  const size_t middle = a.paragraphs.size() / 2;
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    page.add("content", a.paragraphs[i]);
    if (i + 1 == a.paragraphs.size()) break;
    if (!s.ad_marker.empty() && rng_.chance(0.12)) page.add("ad", s.ad_marker);
    if (i + 1 == middle && !s.newsletter.empty() && s.newsletter_mid)
      page.add("newsletter", s.newsletter);
  }
}

// A header and 3-5 of the site's recent headlines, each with its date.
void FeedGenerator::render_related(const Source& s, Page& page) {
  page.add("related", s.related_header);
  const size_t n = static_cast<size_t>(rng_.range(3, 5));
  std::vector<std::string> headlines =
      sample_distinct(rng_, s.recent_titles, std::min(n, s.recent_titles.size()));
  while (headlines.size() < n) headlines.push_back(text_.title(s.title_case));  // a young site
  for (const std::string& headline : headlines) {
    const std::string date = display_date(now_ - rng_.below(kMinutesPerDay * 14), s.date_style);
    if (s.related_date_own_paragraph) {
      page.add("related", headline);
      page.add("related", date);
    } else {
      page.add("related", headline + "\n" + date);
    }
  }
}

// "12 Comments", then first name / comment pairs, then a sign-in prompt.
void FeedGenerator::render_comments(const Source& s, Page& page) {
  const int shown = rng_.range(1, 6);
  std::string header = s.comment_header;
  header.replace(header.find('#'), 1, std::to_string(shown + rng_.range(0, 40)));
  page.add("comment", header);
  for (int i = 0; i < shown; ++i) {
    page.add("comment", rng_.pick(kFirstNames));
    page.add("comment", text_.comment());
  }
  page.add("comment", s.sign_in);
}

std::string slug(const std::string& title) {
  std::string out;
  for (char c : title) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
    if (out.size() >= 60) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

void FeedGenerator::write_record(const Article& a, const Source& s, const Page& page) {
  const CivilDate d = civil(now_);
  char path[64];
  std::snprintf(path, sizeof path, "/%04d/%02d/", d.year, d.month);
  std::string& o = out_.buffer;
  o += "{\"id\":";
  append_json(o, a.id);
  o += ",\"source\":";
  append_json(o, s.name);
  o += ",\"url\":";
  append_json(o, "https://www." + s.domain + "/" + rng_.pick(s.sections) + path + slug(a.title) +
                     "-" + a.id.substr(1));
  o += ",\"title\":";
  append_json(o, a.title);
  o += ",\"author\":";
  append_json(o, a.author);
  o += ",\"date\":";
  append_json(o, iso_date(now_));
  o += ",\"text\":";
  append_json(o, page.text);
  o += "}\n";
  out_.flush_if_full();
}

void FeedGenerator::write_truth(const Article& a, const Page& page, const std::string& copy_of,
                                const std::string& copy_kind, const std::vector<Quote>& quotes) {
  std::string& o = truth_->buffer;
  o += "{\"id\":";
  append_json(o, a.id);
  o += ",\"labels\":[";
  for (size_t i = 0; i < page.labels.size(); ++i) {
    if (i > 0) o += ',';
    append_json(o, page.labels[i]);
  }
  o += "],\"copy_of\":";
  if (copy_of.empty())
    o += "null";
  else
    append_json(o, copy_of);
  o += ",\"copy_kind\":";
  if (copy_kind.empty())
    o += "null";
  else
    append_json(o, copy_kind);
  o += ",\"quotes\":[";
  for (size_t i = 0; i < quotes.size(); ++i) {
    o += i > 0 ? ",{\"of\":" : "{\"of\":";
    append_json(o, quotes[i].of);
    o += ",\"text\":";
    append_json(o, quotes[i].text);
    o += '}';
  }
  o += "]}\n";
  truth_->flush_if_full();
}

// ---------------------------------------------------------------------------------------
// Command line.

void usage(FILE* to) {
  std::fputs(
      "usage: winnow_gen_feed [--seed N] [--bytes N[K|M|G]] [--sources N] [--truth FILE] [-o "
      "FILE]\n"
      "  --seed N      PRNG seed; the same seed always gives the same bytes (default 1)\n"
      "  --bytes N     stop after the record that reaches N bytes; K/M/G are binary (default "
      "100M)\n"
      "  --sources N   number of sites (default 50)\n"
      "  --truth FILE  also write per-record paragraph labels, copies and quotes\n"
      "  --content-only  articles alone, without any boilerplate\n"
      "  -o FILE       output file, '-' for stdout (default)\n",
      to);
}

uint64_t parse_number(const std::string& text, bool allow_suffix) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (end == text.c_str() || errno != 0 || text[0] == '-') throw std::invalid_argument(text);
  uint64_t scale = 1;
  const std::string suffix(end);
  if (allow_suffix && (suffix == "K" || suffix == "k"))
    scale = 1ull << 10;
  else if (allow_suffix && (suffix == "M" || suffix == "m"))
    scale = 1ull << 20;
  else if (allow_suffix && (suffix == "G" || suffix == "g"))
    scale = 1ull << 30;
  else if (!suffix.empty())
    throw std::invalid_argument(text);
  return value * scale;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      usage(stdout);
      std::exit(0);
    }
    if (arg == "--content-only") {
      o.content_only = true;
      continue;
    }
    if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
    const std::string value = argv[++i];
    if (arg == "--seed")
      o.seed = parse_number(value, false);
    else if (arg == "--bytes")
      o.bytes = parse_number(value, true);
    else if (arg == "--sources")
      o.sources = parse_number(value, false);
    else if (arg == "--truth")
      o.truth = value;
    else if (arg == "-o" || arg == "--output")
      o.output = value;
    else
      throw std::invalid_argument("unknown option " + arg);
  }
  // Site names must be unique, and the name space is finite.
  if (o.sources < 2 || o.sources > 10000) {
    throw std::invalid_argument("--sources must be between 2 and 10000");
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "winnow_gen_feed: bad argument: %s\n", e.what());
    usage(stderr);
    return 2;
  }
  try {
    FeedGenerator(options).run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow_gen_feed: %s\n", e.what());
    return 1;
  }
  return 0;
}
