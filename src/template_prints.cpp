#include "winnow/template_prints.hpp"

#include "xxhash_inline.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include "normal_words.hpp"
#include "utf8_fold.hpp"

namespace winnow {
namespace {

// What a masked run stood for; each kind becomes its own placeholder word.
enum Placeholder : uint8_t { kTitle, kAuthor, kUrl, kDate, kPlaceholderCount };

// Folding turns control bytes into spaces, so no word of any text can equal these.
constexpr std::array<std::string_view, kPlaceholderCount> kPlaceholderWords = {
    "\x01T", "\x01A", "\x01U", "\x01D"};

// Month and weekday names, full and abbreviated as feeds and RFC 822 dates write them.
constexpr std::string_view kCalendarNames[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun"};

// An open-addressing set of the names' hashes, a third full: a miss is one or two probes.
constexpr size_t kCalendarSlots = 128;
size_t calendar_slot(uint64_t hash) { return hash >> 57; }
// In front of it, a 4,096-bit filter by the hash's top twelve bits turns away all but one
// word in a hundred at one test: most words are of a calendar name's length.
size_t calendar_filter_bit(uint64_t hash) { return hash >> 52; }

// Feeds cut long titles short; a prefix this long is still the title.
constexpr uint32_t kMinTitlePrefixWords = 4;

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026, which folding keeps

// The word (a normal form) without the ASCII punctuation that clings to it ("(2024),"
// "\"title\""), so a fact matches however it is quoted. A leading '/' stays: it tells a
// URL path from a word.
std::string_view core_of(std::string_view word) {
  // Most words have nothing clinging to them: a byte 0x80 or more ends no ellipsis in ASCII,
  // and a last byte below it that is no punctuation stops the trim at once.
  if (!word.empty() && !detail::is_edge_punctuation(word.front()) &&
      !detail::is_edge_punctuation(word.back()) && static_cast<unsigned char>(word.back()) < 0x80) {
    return word;
  }
  while (!word.empty()) {
    if (detail::is_edge_punctuation(word.back())) {
      word.remove_suffix(1);
    } else if (word.back() == kEllipsis.back() && word.ends_with(kEllipsis)) {
      word.remove_suffix(kEllipsis.size());
    } else {
      break;
    }
  }
  while (!word.empty() && word.front() != '/' && detail::is_edge_punctuation(word.front())) {
    word.remove_prefix(1);
  }
  return word;
}

// One bit of a 64-bit filter of the words that start a fact.
uint64_t start_bit(uint64_t core) { return uint64_t{1} << (core & 63); }

bool ends_with_ellipsis(std::string_view word) {
  return word.ends_with("...") || word.ends_with(kEllipsis);
}

// "2024", "03/03/2024", "10:30", "1,000.5", "3rd", "10pm" (digits are already '0').
bool is_number(std::string_view core) {
  // Every byte, the first included, must be a digit or a separator: most words fail here.
  if (core.empty() || (core.front() != '0' && core.front() != ':' && core.front() != ',' && core.front() != '.' &&
                       core.front() != '/' && core.front() != '-')) {
    return false;
  }
  static constexpr std::array<std::string_view, 6> kSuffixes = {"st", "nd", "rd", "th",
                                                                "am", "pm"};
  if (core.size() >= 3 && core[core.size() - 3] == '0') {
    const std::string_view tail = core.substr(core.size() - 2);
    if (std::find(kSuffixes.begin(), kSuffixes.end(), tail) != kSuffixes.end()) {
      core.remove_suffix(2);
    }
  }
  bool has_digit = false;
  for (const char c : core) {
    if (c == '0') {
      has_digit = true;
    } else if (c != ':' && c != ',' && c != '.' && c != '/' && c != '-') {
      return false;
    }
  }
  return has_digit;
}

// Word hashes are hashed again as bytes; a fixed byte order keeps hashes portable.
uint64_t little_endian(uint64_t value) {
  if constexpr (std::endian::native == std::endian::big) return __builtin_bswap64(value);
  return value;
}

// A span reaching past the text (a caller's bug) reads as what of it exists.
std::string_view paragraph_text(std::string_view text, TextSpan span) {
  const size_t start = std::min<size_t>(span.start, text.size());
  const size_t end = std::clamp<size_t>(span.end, start, text.size());
  return text.substr(start, end - start);
}

// Folds `text` into `scratch`, handing each word's normal form to on_word.
template <class OnWord>
void fold_words(std::string_view text, std::string& scratch, OnWord&& on_word) {
  if (scratch.size() < detail::kMaxFoldGrowth * text.size()) {
    scratch.resize(detail::kMaxFoldGrowth * text.size());
  }
  const char* normal = scratch.data();
  uint64_t invalid = 0;  // invalid UTF-8 is already counted by the fingerprinter
  detail::fold_utf8(text, scratch.data(), invalid,
                    [&](size_t, size_t, size_t begin, size_t end) {
                      on_word(std::string_view(normal + begin, end - begin));
                    });
}

}  // namespace

TemplateHasher::TemplateHasher(unsigned shingle_words, uint64_t seed)
    : shingle_words_(std::max(1u, shingle_words)), seed_(seed) {
  for (const std::string_view word : kPlaceholderWords) {
    placeholders_.push_back(little_endian(hash_bytes(word)));
  }
  calendar_words_.assign(kCalendarSlots, 0);
  for (const std::string_view name : kCalendarNames) {
    const uint64_t hash = hash_bytes(name);
    size_t slot = calendar_slot(hash);
    while (calendar_words_[slot] != 0) slot = (slot + 1) % kCalendarSlots;
    calendar_words_[slot] = hash;
    const size_t bit = calendar_filter_bit(hash);
    calendar_filter_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
}

void TemplateHasher::compute(std::string_view text, std::span<const TextSpan> paragraphs,
                             const RecordFacts& facts, TemplatePrints& out) {
  normalized_.clear();
  read_.clear();
  first_word_.clear();
  for (const TextSpan& span : paragraphs) {
    first_word_.push_back(static_cast<uint32_t>(read_.size()));
    detail::read_normal_words(paragraph_text(text, span), span.start, seed_, normalized_, read_,
                              [](std::string_view, std::string_view, const WordSpan&) {});
  }
  first_word_.push_back(static_cast<uint32_t>(read_.size()));
  compute_words(normalized_, read_, first_word_, facts, out);
}

void TemplateHasher::compute_words(std::string_view normalized, std::span<const WordSpan> words,
                                   std::span<const uint32_t> first_word, const RecordFacts& facts,
                                   TemplatePrints& out) {
  out.clear();
  add_facts(facts);
  for (size_t p = 0; p + 1 < first_word.size(); ++p) {
    mask_words(normalized, words.subspan(first_word[p], first_word[p + 1] - first_word[p]));
    append_paragraph(out);
  }
}

void TemplateHasher::add_facts(const RecordFacts& facts) {
  facts_.clear();
  fact_words_.clear();
  fact_starts_ = 0;
  add_fact(facts.title, kTitle, true);
  add_fact(facts.author, kAuthor, false);
  add_fact(facts.date, kDate, false);
  add_url_facts(facts.url);
}

uint64_t TemplateHasher::hash_bytes(std::string_view bytes) const {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed_);
}

uint64_t TemplateHasher::hash_masked(size_t first, size_t count) const {
  return XXH3_64bits_withSeed(masked_.data() + first, count * sizeof(uint64_t), seed_);
}

constexpr size_t kMaxFactWords = 32;

void TemplateHasher::add_fact(std::string_view text, uint8_t placeholder, bool prefix_matches) {
  const auto first = static_cast<uint32_t>(fact_words_.size());
  bool has_content = false;
  fold_words(text, scratch_, [&](std::string_view word) {
    const std::string_view core = core_of(word);
    has_content |= !core.empty();
    fact_words_.push_back(hash_bytes(core));
  });
  // A fact of punctuation only would mask every dash in the text.
  if (!has_content) {
    fact_words_.resize(first);
    return;
  }
  // Matching costs fact length per word of text; real titles, names and dates are short,
  // so longer facts are cut rather than let a crafted record cost quadratic time.
  if (fact_words_.size() - first > kMaxFactWords) fact_words_.resize(first + kMaxFactWords);
  const auto count = static_cast<uint32_t>(fact_words_.size()) - first;
  facts_.push_back({first, count, placeholder, prefix_matches});
  fact_starts_ |= start_bit(fact_words_[first]);
}

// The URL as written, without its scheme, and its path ("/2024/03/slug"): templates
// embed all three.
void TemplateHasher::add_url_facts(std::string_view url) {
  add_fact(url, kUrl, false);
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return;
  const std::string_view host_and_path = url.substr(scheme + 3);
  add_fact(host_and_path, kUrl, false);
  const size_t slash = host_and_path.find('/');
  if (slash != std::string_view::npos) add_fact(host_and_path.substr(slash), kUrl, false);
}

// The bare form of a word read (edge punctuation trimmed) is its core, unless the
// punctuation trimmed in front holds the '/' of a path or an ellipsis ends it; most words
// have nothing trimmed in front at all.
TemplateHasher::Core TemplateHasher::core(std::string_view normalized, const WordSpan& w) const {
  const std::string_view bare = w.bare.in(normalized);
  const bool path_in_front =
      w.bare.start != w.normal.start &&
      normalized.substr(w.normal.start, w.bare.start - w.normal.start).find('/') != std::string_view::npos;
  const bool may_end_in_ellipsis = !bare.empty() && bare.back() == kEllipsis.back();
  if (!path_in_front && !may_end_in_ellipsis) return {bare, w.bare_hash};
  const std::string_view text = core_of(w.normal.in(normalized));
  const bool is_bare = text.data() == bare.data() && text.size() == bare.size();
  return {text, is_bare ? w.bare_hash : hash_bytes(text)};
}

bool TemplateHasher::is_dateish(const Core& core) const {
  const bool may_be_name = core.text.size() >= 3 && core.text.size() <= 9;
  return is_number(core.text) || (may_be_name && is_calendar_word(core.hash));
}

bool TemplateHasher::is_calendar_word(uint64_t core) const {
  const size_t bit = calendar_filter_bit(core);
  if ((calendar_filter_[bit / 64] >> (bit % 64) & 1) == 0) return false;
  for (size_t slot = calendar_slot(core);; slot = (slot + 1) % kCalendarSlots) {
    if (calendar_words_[slot] == core) return core != 0;
    if (calendar_words_[slot] == 0) return false;
  }
}

// The first fact whose words start at words[at] (its core `first_core`), a word the start
// filter let through: all of them, or a long prefix of a title, which also takes the
// cut-off word ending in "..." that follows it.
TemplateHasher::FactMatch TemplateHasher::match_fact(std::string_view normalized, std::span<const WordSpan> words,
                                                     size_t at, uint64_t first_core) {
  const size_t available = words.size() - at;
  // Cores past the first are found only where a fact's first word matched: few words.
  cores_.clear();
  const auto core_at = [&](size_t k) {
    while (cores_.size() <= k) cores_.push_back(cores_.empty() ? first_core : core(normalized, words[at + cores_.size()]).hash);
    return cores_[k];
  };
  for (const Fact& fact : facts_) {
    const size_t limit = std::min<size_t>(fact.count, available);
    size_t matched = 0;
    while (matched < limit && core_at(matched) == fact_words_[fact.first + matched]) ++matched;
    if (matched == fact.count) return {matched, fact.placeholder};
    if (fact.prefix_matches && matched >= kMinTitlePrefixWords) {
      if (matched < available && ends_with_ellipsis(words[at + matched].normal.in(normalized))) ++matched;
      return {matched, fact.placeholder};
    }
  }
  return {};
}

// Masks the words of one paragraph into masked_: facts and dates become placeholders.
void TemplateHasher::mask_words(std::string_view normalized, std::span<const WordSpan> words) {
  masked_.clear();
  for (size_t at = 0; at < words.size();) {
    const Core word_core = core(normalized, words[at]);
    // Most words start no fact: the filter turns them away before the call.
    const bool may_start_fact = (fact_starts_ & start_bit(word_core.hash)) != 0;
    const FactMatch fact = may_start_fact ? match_fact(normalized, words, at, word_core.hash) : FactMatch{};
    if (fact.words > 0) {
      push_placeholder(fact.placeholder);
      at += fact.words;
    } else {
      if (is_dateish(word_core)) {
        push_placeholder(kDate);
      } else {
        masked_.push_back(little_endian(words[at].hash));
      }
      ++at;
    }
  }
}

// "March 3, 2024" and "2024-03-03" both become one date placeholder.
void TemplateHasher::push_placeholder(uint8_t placeholder) {
  const uint64_t word = placeholders_[placeholder];
  if (placeholder == kDate && !masked_.empty() && masked_.back() == word) return;
  masked_.push_back(word);
}

void TemplateHasher::append_paragraph(TemplatePrints& out) const {
  TemplateParagraph paragraph;
  const size_t words = masked_.size();
  paragraph.hash = hash_masked(0, words);
  paragraph.words = static_cast<uint32_t>(words);
  paragraph.first_shingle = static_cast<uint32_t>(out.shingles.size());
  // Templates that vary per article are short lines; long paragraphs are compared whole,
  // which keeps the model small.
  if (words > 0 && words <= kMaxShingledWords) {
    const size_t window = std::min<size_t>(shingle_words_, words);  // short: one of all
    for (size_t first = 0; first + window <= words; ++first) {
      out.shingles.push_back(hash_masked(first, window));
    }
  }
  paragraph.shingle_count = static_cast<uint32_t>(out.shingles.size()) - paragraph.first_shingle;
  out.paragraphs.push_back(paragraph);
}

}  // namespace winnow
