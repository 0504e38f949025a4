#include "winnow/rule_set.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <fstream>
#include <span>
#include <sstream>
#include <unordered_map>

#include "xxhash_inline.hpp"

#include "winnow/normalize.hpp"

namespace winnow {

extern const char* const kDefaultRules;  // src/rules/default.rules, embedded at build time

namespace {

constexpr long kMaxOpenRuns = 2;
constexpr uint32_t kMaxRuleWords = 200;   // rules are for short lines; this bounds matching
constexpr std::string_view kCopyright = "\xC2\xA9";  // ©

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) parts.push_back(s.substr(start, i - start));
  }
  return parts;
}

// ASCII punctuation that may cling to a word's edges.
bool is_edge_punctuation(unsigned char c) {
  return (c >= '!' && c <= '/' && c != '#') || (c >= ':' && c <= '@') ||
         (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

bool is_number(std::string_view w) {
  bool digit = false;
  for (char c : w) {
    if (c == '0') digit = true;
    else if (c != ',' && c != '.' && c != ':' && c != '/' && c != '-' && c != '+' && c != '%') return false;
  }
  return digit;
}

bool token_matches(const Rule& rule, size_t pi, std::string_view word, uint64_t key) {
  switch (rule.tokens[pi]) {
    case Rule::Token::any_word: return true;
    case Rule::Token::number: return is_number(word);
    default: return rule.keys[pi] == key && rule.pattern[pi] == word;
  }
}

// Backtracking match of the rule's tokens from pi against words[wi..] (keys: theirs);
// `to_end` anchors at the last word.
bool match_from(const Rule& rule, size_t pi, const std::vector<std::string_view>& words,
                const std::vector<uint64_t>& keys, size_t wi, bool to_end) {
  while (pi < rule.tokens.size()) {
    if (rule.tokens[pi] == Rule::Token::any_run) {
      for (size_t skip = wi; skip <= words.size(); ++skip) {
        if (match_from(rule, pi + 1, words, keys, skip, to_end)) return true;
      }
      return false;
    }
    if (wi >= words.size() || !token_matches(rule, pi, words[wi], keys[wi])) return false;
    ++pi;
    ++wi;
  }
  return !to_end || wi == words.size();
}

bool is_anchored_at_start(const Rule& rule) {
  return rule.match == RuleMatch::line || rule.match == RuleMatch::start;
}

bool matches_at(const Rule& rule, const std::vector<std::string_view>& words, const std::vector<uint64_t>& keys,
                size_t at) {
  if (is_anchored_at_start(rule) && at != 0) return false;
  bool to_end = rule.match == RuleMatch::line || rule.match == RuleMatch::end;
  return match_from(rule, 0, words, keys, at, to_end);
}

void compile_tokens(Rule& rule) {
  rule.tokens.clear();
  rule.keys.clear();
  for (const std::string& w : rule.pattern) {
    const Rule::Token token = w == "..." ? Rule::Token::any_run
                              : w == "*" ? Rule::Token::any_word
                              : w == "#" ? Rule::Token::number
                                         : Rule::Token::word;
    rule.tokens.push_back(token);
    rule.keys.push_back(token == Rule::Token::word ? RuleSet::word_key(w) : 0);
  }
}

RuleMatch parse_match(std::string_view s, const std::string& origin) {
  if (s == "line") return RuleMatch::line;
  if (s == "start") return RuleMatch::start;
  if (s == "end") return RuleMatch::end;
  if (s == "contains") return RuleMatch::contains;
  throw RulesError(origin + ": unknown match '" + std::string(s) + "' (line, start, end, contains)");
}

size_t open_runs(const Rule& rule) { return std::count(rule.tokens.begin(), rule.tokens.end(), Rule::Token::any_run); }

uint32_t default_max_words(const Rule& rule) {
  // An article paragraph is never cut because a marker phrase appears inside it.
  const auto fixed = static_cast<uint32_t>(rule.tokens.size() - open_runs(rule));
  return rule.match == RuleMatch::line && fixed == rule.tokens.size() ? fixed : fixed + 12;
}

// '...' backtracks: two of them keep matching quadratic in the paragraph's length, more
// would let one rule stall a run. Consecutive ones mean the same as one.
void check_wildcards(std::vector<std::string>& pattern, const std::string& origin) {
  auto repeated = [](const std::string& a, const std::string& b) { return a == "..." && b == "..."; };
  pattern.erase(std::unique(pattern.begin(), pattern.end(), repeated), pattern.end());
  if (std::count(pattern.begin(), pattern.end(), "...") > kMaxOpenRuns) {
    throw RulesError(origin + ": at most two '...' in a pattern");
  }
}

void parse_options(Rule& rule, const std::vector<std::string_view>& head, const std::string& origin) {
  for (size_t i = 2; i < head.size(); ++i) {
    std::string_view opt = head[i];
    if (opt == "block") {
      rule.block = true;
    } else if (opt.starts_with("max-words=")) {
      std::string_view n = opt.substr(10);
      auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), rule.max_words);
      if (ec != std::errc() || end != n.data() + n.size() || rule.max_words == 0 ||
          rule.max_words > kMaxRuleWords) {
        throw RulesError(origin + ": bad max-words '" + std::string(n) + "'");
      }
    } else {
      throw RulesError(origin + ": unknown option '" + std::string(opt) + "' (block, max-words=N)");
    }
  }
}

}  // namespace

uint64_t RuleSet::word_key(std::string_view word) { return XXH3_64bits(word.data(), word.size()); }

void RuleSet::word_keys(const std::vector<std::string_view>& words, std::vector<uint64_t>& keys) {
  keys.resize(words.size());
  for (size_t i = 0; i < words.size(); ++i) keys[i] = word_key(words[i]);
}

// The cleaner takes a word with nothing to trim and no '©' as its own rule word without
// calling this (DocumentCleaner's read_words): a change here must be made there too.
void add_rule_words(std::string_view word, std::vector<std::string_view>& out) {
  while (!word.empty() && is_edge_punctuation(static_cast<unsigned char>(word.front()))) word.remove_prefix(1);
  while (!word.empty() && is_edge_punctuation(static_cast<unsigned char>(word.back()))) word.remove_suffix(1);
  // "©0000" reads as "©" "0000", so one rule covers every way a copyright year is glued on.
  if (word.size() > kCopyright.size() && word.starts_with(kCopyright)) {
    out.push_back(word.substr(0, kCopyright.size()));
    word.remove_prefix(kCopyright.size());
  }
  if (!word.empty()) out.push_back(word);
}

void rule_words(std::string_view normalized, std::vector<std::string_view>& out) {
  out.clear();
  while (!normalized.empty()) {
    const size_t space = normalized.find(' ');
    add_rule_words(normalized.substr(0, space), out);
    if (space == std::string_view::npos) break;
    normalized.remove_prefix(space + 1);
  }
}

std::string_view RuleSet::default_text() { return kDefaultRules; }

RuleSet RuleSet::load_default() {
  RuleSet rules;
  rules.add_text(kDefaultRules, "<default rules>");
  return rules;
}

RuleSet RuleSet::load(const std::vector<std::string>& files, bool files_only) {
  RuleSet rules;
  for (const std::string& file : files) rules.add_file(file);
  // First match wins, so a site's own rules come before the bundled ones and can relabel them.
  if (!files_only) rules.add_text(kDefaultRules, "<default rules>");
  return rules;
}

void RuleSet::add_file(const std::string& path, bool replace) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RulesError(path + ": cannot open rules file");
  std::stringstream text;
  text << in.rdbuf();
  if (replace) {
    rules_.clear();
    stopwords_.clear();
  }
  add_text(text.str(), path);
}

void RuleSet::add_text(std::string_view text, const std::string& origin) {
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    add_line(line, origin + ":" + std::to_string(line_no));
  }
  index();
}

void RuleSet::add_line(std::string_view line, const std::string& origin) {
  line = trim(line);
  if (line.empty() || line.front() == '#') return;
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) throw RulesError(origin + ": expected 'LABEL MATCH [OPTIONS] : PATTERN'");
  std::vector<std::string_view> head = split_spaces(line.substr(0, colon));
  std::string normalized = normalize(line.substr(colon + 1));
  if (head.size() == 1 && head[0] == "stopwords") {
    std::vector<std::string_view> words;
    rule_words(normalized, words);
    for (std::string_view w : words) stopwords_.insert(word_key(w));
    return;
  }
  if (head.size() < 2) throw RulesError(origin + ": expected 'LABEL MATCH [OPTIONS] : PATTERN'");
  Rule rule;
  auto label = parse_label(head[0]);
  if (!label) throw RulesError(origin + ": unknown label '" + std::string(head[0]) + "'");
  rule.label = *label;
  rule.match = parse_match(head[1], origin);
  parse_options(rule, head, origin);
  for (std::string_view w : split_spaces(normalized)) {
    std::vector<std::string_view> cleaned;
    bool wildcard = w == "#" || w == "*" || w == "...";
    if (!wildcard) rule_words(w, cleaned);
    if (wildcard) rule.pattern.emplace_back(w);
    for (std::string_view c : cleaned) rule.pattern.emplace_back(c);
  }
  if (rule.pattern.empty()) throw RulesError(origin + ": empty pattern");
  check_wildcards(rule.pattern, origin);
  compile_tokens(rule);
  if (rule.max_words == 0) rule.max_words = default_max_words(rule);
  if (rule.match == RuleMatch::line && open_runs(rule) == 0) rule.exact_words = static_cast<uint32_t>(rule.pattern.size());
  rule.text = std::string(trim(line.substr(colon + 1)));
  rule.origin = origin;
  rules_.push_back(std::move(rule));
}

void RuleSet::index() {
  by_first_word_.clear();
  wildcard_first_.clear();
  wildcard_first_anchored_.clear();
  max_words_ = 0;
  std::vector<uint64_t> first_words;
  std::unordered_map<uint64_t, uint32_t, KeyHash> slot_of_word;
  for (uint32_t i = 0; i < rules_.size(); ++i) {
    max_words_ = std::max(max_words_, rules_[i].max_words);
    const Rule& rule = rules_[i];
    const bool anchored = is_anchored_at_start(rule);
    if (rule.tokens.front() != Rule::Token::word) {
      (anchored ? wildcard_first_anchored_ : wildcard_first_).push_back(i);
      continue;
    }
    const uint64_t key = rule.keys.front();
    auto [it, added] = slot_of_word.try_emplace(key, static_cast<uint32_t>(first_words.size()));
    if (added) {
      first_words.push_back(key);
      by_first_word_.emplace_back();
    }
    by_first_word_[it->second].push_back(i);
  }
  index_tiers(first_words);
  std::stable_sort(wildcard_first_.begin(), wildcard_first_.end(),
                   [&](uint32_t a, uint32_t b) { return rules_[a].max_words > rules_[b].max_words; });
  first_word_index_.build(first_words);
  const std::vector<uint64_t> stopwords(stopwords_.begin(), stopwords_.end());
  stopwords_index_.build(stopwords);
}

namespace {

// A key's bit in a tier filter: as many of its top bits as the filter's size needs, so
// the size is stated once, in the header.
template <size_t Words>
unsigned tier_bit(uint64_t key) {
  static_assert(std::has_single_bit(Words * 64), "a tier filter holds a power of two bits");
  return static_cast<unsigned>(key >> (64 - std::countr_zero(Words * 64)));
}

template <size_t Words>
void tier_mark(std::array<uint64_t, Words>& filter, uint64_t key) {
  const unsigned bit = tier_bit<Words>(key);
  filter[bit >> 6] |= uint64_t{1} << (bit & 63);
}

template <size_t Words>
bool tier_holds(const std::array<uint64_t, Words>& filter, uint64_t key) {
  const unsigned bit = tier_bit<Words>(key);
  return (filter[bit >> 6] >> (bit & 63)) & 1;
}

}  // namespace

// `first_words[w]` is the key of the first word of the rules by_first_word_[w].
void RuleSet::index_tiers(const std::vector<uint64_t>& first_words) {
  tiers_.clear();
  for (const Rule& rule : rules_) tiers_.push_back({rule.max_words, {}});
  std::sort(tiers_.begin(), tiers_.end(), [](const LengthTier& a, const LengthTier& b) { return a.words < b.words; });
  tiers_.erase(std::unique(tiers_.begin(), tiers_.end(),
                           [](const LengthTier& a, const LengthTier& b) { return a.words == b.words; }),
               tiers_.end());
  for (size_t w = 0; w < first_words.size(); ++w) {
    // The longest paragraph a rule starting with this word matches, and of those rules
    // the ones that may start past the paragraph's first word.
    uint32_t longest = 0, longest_anywhere = 0;
    for (uint32_t index : by_first_word_[w]) {
      const Rule& rule = rules_[index];
      longest = std::max(longest, rule.max_words);
      if (!is_anchored_at_start(rule)) longest_anywhere = std::max(longest_anywhere, rule.max_words);
    }
    for (LengthTier& tier : tiers_) {
      if (tier.words <= longest) tier_mark(tier.first_words, first_words[w]);
      if (tier.words <= longest_anywhere) tier_mark(tier.anywhere_words, first_words[w]);
    }
  }
}

RuleHit RuleSet::match(const std::vector<std::string_view>& words) const {
  std::vector<uint64_t> keys;
  word_keys(words, keys);
  return match(words, keys);
}

RuleHit RuleSet::match(const std::vector<std::string_view>& words,
                       const std::vector<uint64_t>& keys) const {
  const auto tier = std::lower_bound(tiers_.begin(), tiers_.end(), words.size(),
                                     [](const LengthTier& t, size_t n) { return t.words < n; });
  if (tier == tiers_.end()) return {};  // longer than any rule allows
  uint32_t best = UINT32_MAX;
  auto consider = [&](uint32_t index, size_t at) {
    const Rule& rule = rules_[index];
    if (index >= best || words.size() > rule.max_words) return;
    if (rule.exact_words != 0 && words.size() != rule.exact_words) return;
    if (matches_at(rule, words, keys, at)) best = index;
  };
  for (uint32_t index : wildcard_first_anchored_) consider(index, 0);
  // wildcard_first_ runs from the longest max_words down: only a prefix can match here.
  size_t eligible = 0;
  while (eligible < wildcard_first_.size() && rules_[wildcard_first_[eligible]].max_words >= words.size()) {
    ++eligible;
  }
  const std::span<const uint32_t> unanchored(wildcard_first_.data(), eligible);
  for (size_t at = 0; at < words.size(); ++at) {
    // Wildcard-first rules mostly open on a number ("# at # am said"): a word that is
    // none is tested once, not once a rule.
    if (!unanchored.empty()) {
      const bool number = is_number(words[at]);
      for (uint32_t index : unanchored) {
        if (number || rules_[index].tokens[0] != Rule::Token::number) consider(index, at);
      }
    }
    if (!tier_holds(at == 0 ? tier->first_words : tier->anywhere_words, keys[at])) continue;
    const uint32_t slot = first_word_index_.find(keys[at]);
    if (slot != KeyIndex::kMissing) {
      for (uint32_t index : by_first_word_[slot]) consider(index, at);
    }
  }
  return best == UINT32_MAX ? RuleHit{} : RuleHit{&rules_[best]};
}

}  // namespace winnow
