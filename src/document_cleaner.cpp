#include "winnow/document_cleaner.hpp"

#include <algorithm>
#include <cmath>

#include "normal_words.hpp"
#include "winnow/normalize.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/rule_set.hpp"
#include "winnow/source_model.hpp"
#include "winnow/template_prints.hpp"

namespace winnow {

namespace {

// How a paragraph reads on its own, before its neighbours are considered (as in jusText).
enum class Kind : uint8_t {
  good,   // article prose: long enough, sentence-like, dense in stopwords
  near,   // prose-like but short: content if an article paragraph is next to it
  brief,  // short or list-like: content only inside the article
  hard,   // a detector or repetition evidence says boilerplate
};

struct Paragraph {
  uint32_t words = 0;
  uint32_t stopwords = 0;
  uint32_t chars = 0;        // non-space bytes
  uint32_t letter_words = 0; // words with a letter that are not links
  bool sentence_end = false; // ends like a sentence
  bool opens_list = false;   // ends with a colon: what follows is its list
  bool title = false;        // is the record's own title
  Kind kind = Kind::brief;
  const Rule* rule = nullptr;
};

// Source repetition needs this many learned documents before it is trusted.
constexpr uint32_t kMinSourceDocuments = 5;
// A short line seen in this many other sources is site furniture, not news.
constexpr uint32_t kMinOtherSources = 2;
// A paragraph most of whose phrases recur is a template with a few varying words in it.
constexpr uint32_t kMinTemplateShingles = 3;
constexpr float kTemplateShare = 0.8f;
constexpr uint32_t kShortLineWords = 12;
// Lines this short made only of numbers, links and symbols are timestamps, prices, URLs.
constexpr uint32_t kBareWords = 6;
// Related-block excerpts are single sentences; a longer paragraph ends the block.
constexpr uint32_t kExcerptWords = 40;
// Scores of the article search, in characters of prose: a short line costs as much as
// 80 characters of prose, a detector finding 100, so long menus end the article but an
// ingredient list or a caption inside it does not.
constexpr int64_t kBriefPenalty = 80;
constexpr int64_t kHardPenalty = 100;
constexpr size_t kJoinDistance = 2;
constexpr size_t kMaxRegions = 8;

// `p` is a paragraph span, which the splitter trims of surrounding whitespace.
bool ends_like_sentence(std::string_view p) {
  // Closing quotes and brackets may follow the full stop.
  static constexpr std::string_view kClosers[] = {"\"", "'", ")", "]", "\xE2\x80\x9D", "\xE2\x80\x99",
                                                  "\xC2\xBB"};
  for (bool stripped = true; stripped && !p.empty();) {
    stripped = false;
    for (std::string_view c : kClosers) {
      if (p.ends_with(c)) {
        p.remove_suffix(c.size());
        stripped = true;
      }
    }
  }
  static constexpr std::string_view kEnds[] = {".", "!", "?", "\xE2\x80\xA6", "\xE3\x80\x82",
                                               "\xEF\xBC\x81", "\xEF\xBC\x9F"};
  for (std::string_view e : kEnds) {
    if (p.ends_with(e)) return true;
  }
  return false;
}

uint32_t count_chars(std::string_view p) {
  uint32_t n = 0;
  for (char c : p) n += (c != ' ' && c != '\n' && c != '\r' && c != '\t');
  return n;
}

bool ends_with_colon(std::string_view p) {
  return p.ends_with(":") || p.ends_with("\xEF\xBC\x9A");  // ASCII or fullwidth colon
}

// A word in the prose sense: has a letter (any non-ASCII byte counts) and is not a link.
bool is_letter_word(std::string_view w) {
  if (w.find("://") != std::string_view::npos || w.starts_with("www.")) return false;
  // Timestamps and codes ("2019-11-19t07:23", "0x0f") carry letters but are not words.
  size_t letters = 0, digits = 0;
  for (char c : w) {
    auto u = static_cast<unsigned char>(c);
    letters += u >= 0x80 || (u >= 'a' && u <= 'z');
    digits += u >= '0' && u <= '9';
  }
  return letters > 0 && letters >= digits;
}

// The headline, also where the site appended its name ("Headline | Site") or the title
// field carries more than the page shows.
bool is_title(std::string_view paragraph, std::string_view title) {
  if (title.empty() || paragraph.empty()) return false;
  if (paragraph == title) return true;
  auto words = [](std::string_view s) { return std::count(s.begin(), s.end(), ' ') + 1; };
  if (paragraph.size() > title.size()) {  // the title with the site's name after it?
    if (!paragraph.starts_with(title)) return false;
    const auto title_words = words(title);
    return title_words >= 4 && words(paragraph) <= title_words + 6;
  }
  return title.find(paragraph) != std::string_view::npos && words(paragraph) >= 4;
}

Kind read_alone(const Paragraph& p, bool stopwords_known) {
  if (p.title) return Kind::good;
  double density = p.words == 0 ? 0.0 : static_cast<double>(p.stopwords) / p.words;
  if (!stopwords_known) density = 1.0;  // a language without a stopword list: length decides
  bool long_prose = p.words >= 30 && density >= 0.25;
  if ((p.words >= 12 && p.sentence_end && density >= 0.18) || long_prose) return Kind::good;
  // Scripts written without spaces: few "words", many characters.
  if (p.words < 6 && p.chars >= 120 && p.sentence_end) return Kind::good;
  if (p.words >= 6 && density >= 0.12 && (p.sentence_end || p.words >= 15)) return Kind::near;
  return Kind::brief;
}

std::string quote(std::string_view s) {
  std::string out = "'";
  out.append(s.substr(0, 60));
  if (s.size() > 60) out += "...";
  out += "'";
  return out;
}

}  // namespace

struct DocumentCleaner::Impl {
  // Paragraphs are hashed exactly as the model was learned: same seed, same shingles.
  explicit Impl(const CleanerConfig& c)
      : config(c),
        hasher(c.model ? c.model->shingle_words() : 3, c.model ? c.model->seed() : 0) {}

  void classify(const DocumentInput& doc, std::vector<ParagraphDecision>& out);

  void read_paragraphs(const DocumentInput& doc, std::vector<ParagraphDecision>& out);
  void read_words(std::string_view paragraph, uint32_t start);
  void apply_repetition(const DocumentInput& doc, std::vector<ParagraphDecision>& out);
  void apply_blocks(std::vector<ParagraphDecision>& out);
  void apply_context(std::vector<ParagraphDecision>& out);
  std::vector<bool> article_regions() const;
  void widen_regions(std::vector<bool>& inside) const;
  void keep_one_headline(const std::vector<bool>& inside, std::vector<ParagraphDecision>& out);
  void mark_hard(size_t i, Label label, std::string reason, std::vector<ParagraphDecision>& out);
  bool is_long_crossing(size_t i, const SourceModel::SourceHandle& source);
  bool is_template(size_t i, uint32_t needed) const;
  std::string template_reason(size_t i, uint32_t n, uint32_t needed, std::string_view source) const;

  CleanerConfig config;
  TemplateHasher hasher;
  TemplatePrints template_prints;
  std::vector<TextSpan> spans;
  std::vector<Paragraph> paras;
  std::vector<RepetitionEvidence> evidence;
  std::vector<bool> cross_pending;  // evidence across sources not looked up yet
  std::string normalized;             // every paragraph's normal form, in order
  std::vector<WordSpan> read;          // the words of every paragraph
  std::vector<uint32_t> first_word;    // paragraph i's first word in `read`, then the end
  std::string title;
  std::vector<std::string_view> words;
  std::vector<uint64_t> word_keys;
};

DocumentCleaner::DocumentCleaner(const CleanerConfig& config) : impl_(std::make_unique<Impl>(config)) {}
DocumentCleaner::~DocumentCleaner() = default;

void DocumentCleaner::classify(const DocumentInput& doc, std::vector<ParagraphDecision>& out) {
  impl_->classify(doc, out);
}

DocumentCleaner::ReadWords DocumentCleaner::words() const {
  return {impl_->normalized, impl_->read, impl_->first_word, impl_->hasher.seed()};
}

void DocumentCleaner::Impl::classify(const DocumentInput& doc, std::vector<ParagraphDecision>& out) {
  split_paragraphs(doc.text, spans);
  read_paragraphs(doc, out);
  if (config.model != nullptr) apply_repetition(doc, out);
  apply_blocks(out);
  apply_context(out);
}

// Appends the paragraph's normal form to `normalized` and its words to `read`, and puts
// its rule words in `words` (views into `normalized`: valid until the next paragraph).
void DocumentCleaner::Impl::read_words(std::string_view paragraph, uint32_t start) {
  first_word.push_back(static_cast<uint32_t>(read.size()));
  words.clear();
  word_keys.clear();
  const uint64_t seed = hasher.seed();
  const auto on_word = [&](std::string_view word, std::string_view bare, const WordSpan& w) {
    // Most words have no punctuation to trim and no '©' glued on: they are their own rule
    // word, as add_rule_words would find. The bare form tells it here at less cost.
    if (bare.size() == word.size() && static_cast<unsigned char>(word.front()) != 0xC2) {
      words.push_back(word);
      word_keys.push_back(seed == 0 ? w.hash : RuleSet::word_key(word));
      return;
    }
    const size_t first_rule_word = words.size();
    add_rule_words(word, words);
    // Rule keys are unseeded hashes, which a seed of 0 gives too: a rule word that is the
    // bare word (most are) has one.
    for (size_t k = first_rule_word; k < words.size(); ++k) {
      const bool is_bare = words[k].data() == bare.data() && words[k].size() == bare.size();
      word_keys.push_back(seed == 0 && is_bare ? w.bare_hash : RuleSet::word_key(words[k]));
    }
  };
  detail::read_normal_words(paragraph, start, seed, normalized, read, on_word);
}

void DocumentCleaner::Impl::read_paragraphs(const DocumentInput& doc,
                                            std::vector<ParagraphDecision>& out) {
  title.clear();
  normalize_append(doc.title, title);
  out.resize(spans.size());
  paras.assign(spans.size(), Paragraph{});
  normalized.clear();
  read.clear();
  first_word.clear();
  uint64_t total_words = 0, total_stopwords = 0;
  for (size_t i = 0; i < spans.size(); ++i) {
    std::string_view text = spans[i].in(doc.text);
    Paragraph& p = paras[i];
    const size_t normal_start = normalized.size();
    read_words(text, spans[i].start);
    const std::string_view normal = std::string_view(normalized).substr(normal_start);
    p.words = static_cast<uint32_t>(words.size());
    for (size_t w = 0; w < words.size(); ++w) p.stopwords += config.rules->is_stopword(word_keys[w]);
    // Only short lines are judged by their letter words.
    if (p.words <= kBareWords) {
      for (std::string_view w : words) p.letter_words += is_letter_word(w);
    }
    p.chars = count_chars(text);
    p.sentence_end = ends_like_sentence(text);
    p.opens_list = ends_with_colon(text);
    p.title = is_title(normal, title);
    if (p.words <= config.rules->max_words()) p.rule = config.rules->match(words, word_keys).rule;
    total_words += p.words;
    total_stopwords += p.stopwords;
    out[i].span = spans[i];
    out[i].label = Label::content;
    out[i].reason.clear();
  }
  first_word.push_back(static_cast<uint32_t>(read.size()));
  bool stopwords_known = total_words < 20 || total_stopwords * 20 >= total_words;
  for (size_t i = 0; i < paras.size(); ++i) {
    Paragraph& p = paras[i];
    p.kind = read_alone(p, stopwords_known);
    if (p.title) {
      out[i].reason = "headline: the record's title";
    } else if (p.kind == Kind::good) {
      out[i].reason = "prose: " + std::to_string(p.words) + " words, " +
                      std::to_string(p.words ? 100 * p.stopwords / p.words : 0) + "% stopwords";
    }
    if (p.rule == nullptr && !p.title && p.words > 0 && p.words <= kBareWords && p.letter_words == 0) {
      mark_hard(i, Label::boilerplate, "no words: only numbers, links or symbols", out);
    }
    if (p.rule != nullptr && !p.title) {
      mark_hard(i, p.rule->label,
                std::string("rule ") + label_name(p.rule->label) + ": " + quote(p.rule->text) +
                    " (" + p.rule->origin + ")",
                out);
    }
  }
}

void DocumentCleaner::Impl::mark_hard(size_t i, Label label, std::string reason,
                                      std::vector<ParagraphDecision>& out) {
  paras[i].kind = Kind::hard;
  out[i].label = label;
  out[i].reason = std::move(reason);
}

bool DocumentCleaner::Impl::is_long_crossing(size_t i, const SourceModel::SourceHandle& source) {
  if (paras[i].words < 15) return false;
  if (cross_pending[i]) {
    config.model->add_cross_evidence(source, template_prints, i, evidence[i]);
    cross_pending[i] = false;
  }
  return evidence[i].other_sources > 0;
}

void DocumentCleaner::Impl::apply_repetition(const DocumentInput& doc,
                                             std::vector<ParagraphDecision>& out) {
  RecordFacts facts{doc.title, doc.author, doc.url, doc.date};
  hasher.compute_words(normalized, read, first_word, facts, template_prints);
  const SourceModel::SourceHandle source = config.model->source(doc.source);
  const uint32_t n = source.documents;
  // Template: in 5% of the source's documents, and at least 3 of them.
  const uint32_t needed = std::max<uint32_t>(kMinTemplateDocuments, static_cast<uint32_t>(std::ceil(0.05 * n)));
  evidence.assign(spans.size(), RepetitionEvidence{});
  // Only short lines need their spread across sources at once; long paragraphs need it
  // only beside such a line (is_long_crossing), and most paragraphs are neither.
  cross_pending.assign(spans.size(), false);
  for (size_t i = 0; i < spans.size(); ++i) {
    if (paras[i].kind == Kind::hard || paras[i].title) continue;  // settled already
    const bool short_line = paras[i].words <= kShortLineWords;
    // is_template reads the shingle share only from kTemplateShare up, and only of enough
    // shingles; a share above 1 asks for none.
    const bool shingles_count = template_prints.paragraphs[i].shingle_count >= kMinTemplateShingles;
    const float share_read = shingles_count ? kTemplateShare : 2.0f;
    evidence[i] = config.model->evidence(source, template_prints, i, needed, short_line, share_read);
    cross_pending[i] = !short_line;
  }
  for (size_t i = 0; i < spans.size(); ++i) {
    if (paras[i].kind == Kind::hard || paras[i].title) continue;
    if (n >= kMinSourceDocuments && is_template(i, needed)) {
      mark_hard(i, Label::boilerplate, template_reason(i, n, needed, doc.source), out);
      continue;
    }
    // Short lines shared across sites are furniture, unless they sit inside a syndicated
    // story whose long paragraphs travel with them.
    if (paras[i].words > kShortLineWords || evidence[i].other_sources < kMinOtherSources) continue;
    const bool syndicated = (i > 0 && is_long_crossing(i - 1, source)) ||
                            (i + 1 < spans.size() && is_long_crossing(i + 1, source));
    if (!syndicated) {
      mark_hard(i, Label::boilerplate,
                "short line seen in " + std::to_string(evidence[i].other_sources + 1) + "+ sources", out);
    }
  }
}

// The whole paragraph recurs, or most of its phrases do (a template around varying words).
bool DocumentCleaner::Impl::is_template(size_t i, uint32_t needed) const {
  const TemplateParagraph& print = template_prints.paragraphs[i];
  if (print.words > 0 && evidence[i].paragraph_documents >= needed) return true;
  return print.shingle_count >= kMinTemplateShingles && evidence[i].shingle_recurrence >= kTemplateShare;
}

std::string DocumentCleaner::Impl::template_reason(size_t i, uint32_t n, uint32_t needed,
                                                   std::string_view source) const {
  const RepetitionEvidence& e = evidence[i];
  if (e.paragraph_documents >= needed) {
    return "repeated in " + std::to_string(e.paragraph_documents) + " of " + std::to_string(n) +
           " documents of " + std::string(source);
  }
  return std::to_string(static_cast<int>(e.shingle_recurrence * 100)) + "% of its phrases recur in " +
         std::to_string(needed) + "+ of " + std::to_string(n) + " documents of " + std::string(source);
}

void DocumentCleaner::Impl::apply_blocks(std::vector<ParagraphDecision>& out) {
  std::vector<uint64_t> good_after(paras.size() + 1, 0);
  for (size_t i = paras.size(); i-- > 0;) {
    good_after[i] = good_after[i + 1] + (paras[i].kind == Kind::good ? paras[i].chars : 0);
  }
  uint64_t good_before = 0;
  for (size_t i = 0; i < paras.size(); ++i) {
    const Rule* opener = paras[i].rule;
    bool opens = paras[i].kind == Kind::hard && opener != nullptr && opener->block;
    if (!opens) {
      if (paras[i].kind == Kind::good) good_before += paras[i].chars;
      continue;
    }
    // In the tail (most article text above it) a comment section runs to the end: comments
    // are prose too. Elsewhere a block ends where article paragraphs resume.
    bool to_end = opener->label == Label::comment && good_before > good_after[i + 1];
    std::string reason = std::string("in ") + label_name(opener->label) + " block opened by " +
                         quote(opener->text) + " at paragraph " + std::to_string(i + 1);
    size_t j = i + 1;
    for (; j < paras.size(); ++j) {
      if (paras[j].title) continue;
      if (paras[j].kind == Kind::hard) {
        // Date and name lines inside the block belong to it.
        Label l = out[j].label;
        if (l == Label::byline || l == Label::navigation) mark_hard(j, opener->label, reason, out);
        continue;
      }
      bool excerpt = paras[j].kind == Kind::good && paras[j].words < kExcerptWords &&
                     (j + 1 == paras.size() || paras[j + 1].kind != Kind::good);
      if (!to_end && paras[j].kind == Kind::good && !excerpt) break;
      mark_hard(j, opener->label, reason, out);
    }
    i = j - 1;
  }
}

// Where the article is: the stretch of paragraphs with the highest score, prose counting
// for it and short lines and detector findings against it (a maximum-sum segment). Further
// stretches at least half as strong count too: some pages carry two stories.
std::vector<bool> DocumentCleaner::Impl::article_regions() const {
  const size_t n = paras.size();
  std::vector<int64_t> score(n);
  for (size_t i = 0; i < n; ++i) {
    const Paragraph& p = paras[i];
    switch (p.kind) {
      case Kind::good: score[i] = p.chars; break;
      case Kind::near: score[i] = p.chars / 2; break;
      case Kind::brief: score[i] = -kBriefPenalty; break;
      case Kind::hard: score[i] = -kHardPenalty; break;
    }
  }
  std::vector<bool> inside(n, false);
  int64_t best = 0;
  // Each pass is linear; a handful of stories per page is plenty, and the cap keeps a
  // crafted page of alternating prose and short lines linear too.
  for (size_t pass = 0; pass < kMaxRegions; ++pass) {
    int64_t run = 0, top = 0;
    size_t start = 0, top_first = 0, top_last = 0;
    for (size_t i = 0; i < n; ++i) {
      if (inside[i] || run <= 0) {
        run = 0;
        start = i;
      }
      if (inside[i]) continue;
      run += score[i];
      if (run > top) {
        top = run;
        top_first = start;
        top_last = i;
      }
    }
    if (top <= 0 || top * 2 < best) break;
    best = std::max(best, top);
    for (size_t i = top_first; i <= top_last; ++i) inside[i] = true;
  }
  return inside;
}

// An ad marker or a caption between two paragraphs must not cut the article in two:
// prose a couple of paragraphs from the article joins it.
void DocumentCleaner::Impl::widen_regions(std::vector<bool>& inside) const {
  const size_t n = paras.size();
  for (size_t pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < n; ++i) {
      if (inside[i] || paras[i].kind != Kind::good) continue;
      size_t lo = i >= kJoinDistance ? i - kJoinDistance : 0;
      size_t hi = std::min(n - 1, i + kJoinDistance);
      for (size_t j = lo; j <= hi; ++j) {
        if (!inside[j]) continue;
        for (size_t k = std::min(i, j); k <= std::max(i, j); ++k) inside[k] = true;
        break;
      }
    }
  }
}

// Pages repeat their title (breadcrumbs, share text, the headline): the copy nearest to
// the article is its headline, the others are page furniture.
void DocumentCleaner::Impl::keep_one_headline(const std::vector<bool>& inside,
                                              std::vector<ParagraphDecision>& out) {
  const size_t n = paras.size();
  // Distance from each paragraph to the nearest article paragraph, in two sweeps.
  std::vector<size_t> distance(n, SIZE_MAX);
  size_t last = SIZE_MAX;
  for (size_t i = 0; i < n; ++i) {
    if (inside[i] && !paras[i].title) last = i;
    if (last != SIZE_MAX) distance[i] = i - last;
  }
  last = SIZE_MAX;
  for (size_t i = n; i-- > 0;) {
    if (inside[i] && !paras[i].title) last = i;
    if (last != SIZE_MAX) distance[i] = std::min(distance[i], last - i);
  }
  size_t best = n;
  for (size_t i = 0; i < n; ++i) {
    bool candidate = paras[i].title && paras[i].kind != Kind::hard;
    if (candidate && (best == n || distance[i] < distance[best])) best = i;
  }
  for (size_t i = 0; i < n; ++i) {
    if (!paras[i].title || i == best || paras[i].kind == Kind::hard) continue;
    paras[i].kind = Kind::hard;
    out[i].label = Label::boilerplate;
    out[i].reason = "the title again, away from the article (context)";
  }
}

void DocumentCleaner::Impl::apply_context(std::vector<ParagraphDecision>& out) {
  const size_t n = paras.size();
  // With no article paragraph to anchor on (a brief, a list), context cannot tell what is
  // outside the article: only the detectors' findings are removed.
  bool anchored = std::any_of(paras.begin(), paras.end(), [](const Paragraph& p) { return p.kind == Kind::good; });
  if (!anchored) return;
  std::vector<bool> inside = article_regions();
  widen_regions(inside);
  keep_one_headline(inside, out);
  for (size_t i = 0; i < n; ++i) {
    if (paras[i].kind == Kind::good && !inside[i] && !paras[i].title) {
      paras[i].kind = Kind::hard;
      out[i].label = Label::boilerplate;
      out[i].reason = "prose away from the article (context)";
    }
  }
  // Nearest settled neighbour on each side: article prose, or not (boilerplate, the edge).
  std::vector<int8_t> prev_good(n), next_good(n);
  int8_t last = 0;
  for (size_t i = 0; i < n; ++i) {
    prev_good[i] = last;
    if (paras[i].kind == Kind::good) last = 1;
    if (paras[i].kind == Kind::hard) last = 0;
  }
  last = 0;
  for (size_t i = n; i-- > 0;) {
    next_good[i] = last;
    if (paras[i].kind == Kind::good) last = 1;
    if (paras[i].kind == Kind::hard) last = 0;
  }
  bool in_list = false;  // after a kept line ending with a colon, until prose or a finding
  for (size_t i = 0; i < n; ++i) {
    const Paragraph& p = paras[i];
    if (p.kind == Kind::good || p.kind == Kind::hard) {
      in_list = p.kind == Kind::good && p.opens_list;
      continue;
    }
    const char* kept_because = nullptr;
    bool sentence = (p.sentence_end || p.opens_list) && (p.stopwords > 0 || p.words >= 4);
    if (in_list) {
      kept_because = "item of a list the article introduces (context)";
    } else if (inside[i]) {
      kept_because = "inside the article (context)";
    } else if (p.kind == Kind::near ? (prev_good[i] || next_good[i])
                                    : (prev_good[i] && next_good[i]) ||
                                          (sentence && (prev_good[i] || next_good[i]))) {
      kept_because = "short text next to the article (context)";
    }
    if (kept_because != nullptr) {
      out[i].reason = kept_because;
      in_list = in_list || p.opens_list;
      continue;
    }
    out[i].label = p.words <= 3 ? Label::navigation : Label::boilerplate;
    out[i].reason = p.kind == Kind::near ? "prose-like text outside the article (context)"
                                         : "short or list-like text outside the article (context)";
  }
}

}  // namespace winnow
