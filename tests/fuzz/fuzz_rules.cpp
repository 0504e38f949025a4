// Rules files: RuleSet::add_text on the input up to its first NUL byte (bad rules must end
// in RulesError), alone and, for one input in four, followed by the bundled rules as
// RuleSet::load does; then matching paragraphs against the parsed set, directly and
// through DocumentCleaner. The paragraphs are the text after the NUL, and each rule's
// pattern with its wildcards filled in, so that the rules get to match.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/document_cleaner.hpp"
#include "winnow/normalize.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/rule_set.hpp"

using namespace winnow;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

// "footer start : the post ... appeared first on #" gives "the post a b c appeared first on 2024".
std::string filled_pattern(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return {};
  std::string out;
  std::string_view rest = line.substr(colon + 1);
  while (!rest.empty()) {
    const size_t space = rest.find_first_of(" \t");
    const std::string_view word = rest.substr(0, space);
    if (word == "#") {
      out += "2024";
    } else if (word == "*") {
      out += "word";
    } else if (word == "...") {
      out += "one two three";
    } else {
      out += word;
    }
    if (space == std::string_view::npos) break;
    out += ' ';
    rest.remove_prefix(space + 1);
  }
  return out;
}

void match_all(const RuleSet& rules, const std::vector<std::string>& paragraphs) {
  std::vector<std::string_view> words;
  std::vector<uint64_t> keys;
  for (const std::string& p : paragraphs) {
    const std::string normal = normalize(p);
    rule_words(normal, words);
    RuleSet::word_keys(words, keys);
    const RuleHit hit = rules.match(words, keys);
    if (hit.rule != nullptr) {
      check(!hit.rule->pattern.empty() && words.size() <= hit.rule->max_words);
      check(words.size() <= rules.max_words());
    }
    check(rules.match(words).rule == hit.rule);
    for (size_t i = 0; i < words.size(); ++i) check(rules.is_stopword(keys[i]) == rules.is_stopword(words[i]));
  }
}

void classify(const RuleSet& rules, const std::vector<std::string>& paragraphs) {
  std::string text;
  for (const std::string& p : paragraphs) {
    if (!text.empty()) text += "\n\n";
    text += p;
  }
  const std::string title = paragraphs.empty() ? std::string() : paragraphs.front();
  DocumentCleaner cleaner(CleanerConfig{&rules, nullptr});
  std::vector<ParagraphDecision> decisions;
  cleaner.classify(DocumentInput{text, "id", "example.com", "https://example.com/a", title, "", ""}, decisions);
  uint32_t previous_end = 0;
  for (const ParagraphDecision& d : decisions) {
    check(d.span.start < d.span.end && d.span.end <= text.size() && d.span.start >= previous_end);
    previous_end = d.span.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view rules_text = input.substr(0, nul);
  const std::string_view page = nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);

  RuleSet rules;
  try {
    rules.add_text(rules_text, "<fuzz>");
  } catch (const RulesError&) {
    return 0;
  }

  std::vector<std::string> paragraphs;
  std::vector<TextSpan> spans;
  split_paragraphs(page, spans);
  for (const TextSpan& s : spans) paragraphs.emplace_back(s.in(page));
  std::string_view lines = rules_text;
  while (!lines.empty()) {
    const size_t nl = lines.find('\n');
    std::string filled = filled_pattern(lines.substr(0, nl));
    if (!filled.empty()) paragraphs.push_back(std::move(filled));
    if (nl == std::string_view::npos) break;
    lines.remove_prefix(nl + 1);
  }

  match_all(rules, paragraphs);
  classify(rules, paragraphs);

  // As --rules FILE: the file's rules first, then the bundled ones. Parsing those is most
  // of the time a run takes, so only for one input in four, picked by length.
  if (rules_text.size() % 4 != 0) return 0;
  RuleSet with_defaults;
  with_defaults.add_text(rules_text, "<fuzz>");
  with_defaults.add_text(RuleSet::default_text(), "<default rules>");
  match_all(with_defaults, paragraphs);
  classify(with_defaults, paragraphs);
  return 0;
}
