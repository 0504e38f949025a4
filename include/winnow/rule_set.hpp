// Boilerplate patterns and stopwords, read from a rules file (format in src/rules/default.rules).
// Patterns are word sequences matched against normalized paragraphs, never raw regexes,
// so one rule covers every case, quote and digit variant of a line.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "winnow/key_index.hpp"
#include "winnow/key_set.hpp"
#include "winnow/label.hpp"

namespace winnow {

class RulesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;  // "FILE:LINE: reason"
};

enum class RuleMatch : uint8_t { line, start, end, contains };

struct Rule {
  Label label = Label::boilerplate;
  RuleMatch match = RuleMatch::line;
  bool block = false;           // starts a section that runs to its natural end
  uint32_t max_words = 0;       // paragraphs longer than this never match
  uint32_t exact_words = 0;     // 'line' rules without '...': the only length that matches
  std::vector<std::string> pattern;  // words; "#" a number, "*" a word, "..." any run
  // The pattern as matched: each place's kind, and a word's key (RuleSet::word_key), so a
  // word that differs is told apart without comparing its bytes.
  enum class Token : uint8_t { word, any_word, number, any_run };
  std::vector<Token> tokens;
  std::vector<uint64_t> keys;
  std::string text;             // the pattern as written, for reasons
  std::string origin;           // FILE:LINE
};

struct RuleHit {
  const Rule* rule = nullptr;
};

// Words are looked up by a 64-bit key computed once per word (XXH3): the key is already a
// good hash, so the tables use it as is.
struct KeyHash {
  size_t operator()(uint64_t key) const { return static_cast<size_t>(key); }
};

class RuleSet {
 public:
  // The bundled defaults (English first), and their text, whose header documents the format.
  static RuleSet load_default();
  static std::string_view default_text();
  // The rules of each file, then the bundled ones unless `files_only`.
  static RuleSet load(const std::vector<std::string>& files, bool files_only);
  // Adds the rules of a file; `replace` drops the current rules and stopwords first.
  void add_file(const std::string& path, bool replace = false);
  void add_text(std::string_view text, const std::string& origin);

  static uint64_t word_key(std::string_view word);
  static void word_keys(const std::vector<std::string_view>& words, std::vector<uint64_t>& keys);

  // First rule (in file order) matching the paragraph's words, or none; `keys` are their
  // word_keys.
  RuleHit match(const std::vector<std::string_view>& words, const std::vector<uint64_t>& keys) const;
  RuleHit match(const std::vector<std::string_view>& words) const;
  bool is_stopword(uint64_t key) const { return stopwords_index_.contains(key); }
  bool is_stopword(std::string_view word) const { return is_stopword(word_key(word)); }
  size_t size() const { return rules_.size(); }
  // Longest paragraph any rule can match: longer ones need no lookup.
  uint32_t max_words() const { return max_words_; }

 private:
  void add_line(std::string_view line, const std::string& origin);
  void index();
  void index_tiers(const std::vector<uint64_t>& first_words);

  std::vector<Rule> rules_;
  std::unordered_set<uint64_t, KeyHash> stopwords_;
  // Rules by their first literal word; rules starting with a wildcard are tried everywhere.
  // For paragraphs of at most `words` words: 1,024-bit filters of the first words of the
  // rules long enough for them, all of them for the paragraph's first word and those not
  // anchored at its start ('contains', 'end') for the others. Long paragraphs leave few
  // rules, and most rules are anchored, so the filters turn most words away without a
  // table lookup.
  using WordFilter = std::array<uint64_t, 16>;
  struct LengthTier {
    uint32_t words = 0;
    WordFilter first_words{};     // at the paragraph's first word
    WordFilter anywhere_words{};  // at the words after it
  };
  std::vector<LengthTier> tiers_;  // by ascending `words`
  KeySet stopwords_index_;
  KeyIndex first_word_index_;                        // into by_first_word_
  std::vector<std::vector<uint32_t>> by_first_word_;
  std::vector<uint32_t> wildcard_first_anchored_;  // 'line' and 'start': only at word 0
  std::vector<uint32_t> wildcard_first_;
  uint32_t max_words_ = 0;
};

// Splits a normalized paragraph into the words rules compare: punctuation at word edges
// is dropped, so "policy." and "(policy)" both read "policy".
void rule_words(std::string_view normalized, std::vector<std::string_view>& out);
// Appends the rule words of one word of a normal form (one or two: "©0000" is two).
void add_rule_words(std::string_view normalized_word, std::vector<std::string_view>& out);

}  // namespace winnow
