// The per-paragraph boilerplate evidence the cleaner gathers: matching the bundled rules
// and hashing paragraphs as templates, on articles with the usual page furniture; then the
// whole cleaner, model lookups included.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "bench_text.hpp"
#include "winnow/document_cleaner.hpp"
#include "winnow/model_learner.hpp"
#include "winnow/normalize.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/rule_set.hpp"
#include "winnow/source_model.hpp"
#include "winnow/template_prints.hpp"

namespace {

using bench_text::Article;

// Rule words, their keys, stopword counts and the rule lookup, as the cleaner runs them on
// each normalized paragraph (normalization itself is BM_Normalize's).
void BM_RuleMatch(benchmark::State& state) {
  const winnow::RuleSet rules = winnow::RuleSet::load_default();
  std::vector<std::string> normalized;
  size_t bytes = 0;
  for (const Article& a : bench_text::shared_corpus()) {
    std::vector<winnow::TextSpan> paragraphs;
    winnow::split_paragraphs(a.text, paragraphs);
    for (const winnow::TextSpan& p : paragraphs) normalized.push_back(winnow::normalize(p.in(a.text)));
    bytes += a.text.size();
  }
  std::vector<std::string_view> words;
  std::vector<uint64_t> keys;
  size_t matched = 0, stopwords = 0;
  for (auto _ : state) {
    matched = stopwords = 0;
    for (const std::string& paragraph : normalized) {
      winnow::rule_words(paragraph, words);
      winnow::RuleSet::word_keys(words, keys);
      for (const uint64_t key : keys) stopwords += rules.is_stopword(key);
      if (words.size() <= rules.max_words()) matched += rules.match(words, keys).rule != nullptr;
    }
    benchmark::DoNotOptimize(stopwords);
  }
  state.counters["matched"] = static_cast<double>(matched) / static_cast<double>(normalized.size());
  bench_text::report(state, bytes, bench_text::shared_corpus().size());
}
BENCHMARK(BM_RuleMatch);

void BM_TemplatePrints(benchmark::State& state) {
  const std::vector<Article>& corpus = bench_text::shared_corpus();
  std::vector<std::vector<winnow::TextSpan>> paragraphs(corpus.size());
  for (size_t i = 0; i < corpus.size(); ++i) winnow::split_paragraphs(corpus[i].text, paragraphs[i]);
  winnow::TemplateHasher hasher;
  winnow::TemplatePrints prints;
  for (auto _ : state) {
    for (size_t i = 0; i < corpus.size(); ++i) {
      const Article& a = corpus[i];
      hasher.compute(a.text, paragraphs[i], {a.title, a.author, a.url, a.date}, prints);
      benchmark::DoNotOptimize(prints.shingles.data());
    }
  }
  bench_text::report(state, bench_text::text_bytes(corpus), corpus.size());
}
BENCHMARK(BM_TemplatePrints);

winnow::DocumentInput input_of(const Article& a) {
  return {a.text, a.id, a.source, a.url, a.title, a.author, a.date};
}

// DocumentCleaner::classify with the bundled rules and a model learned from the same
// articles: reading words, rules, template prints, model evidence and context.
void BM_Classify(benchmark::State& state) {
  const std::vector<Article>& corpus = bench_text::shared_corpus();
  const winnow::RuleSet rules = winnow::RuleSet::load_default();
  winnow::SourceModel model;
  winnow::ModelLearner learner(model);
  for (const Article& a : corpus) learner.add(input_of(a));
  winnow::DocumentCleaner cleaner({&rules, &model});
  std::vector<winnow::ParagraphDecision> decisions;
  size_t boilerplate = 0, paragraphs = 0;
  for (auto _ : state) {
    boilerplate = paragraphs = 0;
    for (const Article& a : corpus) {
      cleaner.classify(input_of(a), decisions);
      for (const winnow::ParagraphDecision& d : decisions) boilerplate += d.label != winnow::Label::content;
      paragraphs += decisions.size();
    }
  }
  state.counters["boilerplate"] = static_cast<double>(boilerplate) / static_cast<double>(paragraphs);
  bench_text::report(state, bench_text::text_bytes(corpus), corpus.size());
}
BENCHMARK(BM_Classify);

}  // namespace
