// Near-duplicate detection stage by stage: the per-worker sketch (words, shingle set,
// winnowed passage prints, MinHash signature, LSH band keys) and the single-threaded index
// that inserts each record and looks it up among the ones before it. Records are what
// `winnow clean` writes, the story's paragraphs only: page furniture would relate them all.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench_text.hpp"
#include "winnow/content_sketch.hpp"
#include "winnow/duplicate_index.hpp"
#include "winnow/minhash.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/posting_table.hpp"
#include "winnow/winnowing.hpp"
#include "winnow/word_stream.hpp"

namespace {

using bench_text::Article;
constexpr bench_text::Layout kLayout = bench_text::Layout::cleaned;

// The shared corpus with each article's paragraphs and words, read once.
struct Prepared {
  std::vector<std::vector<winnow::TextSpan>> paragraphs;
  std::vector<winnow::WordStream> words;
  size_t bytes = 0;
};

const Prepared& prepared() {
  static const Prepared p = [] {
    Prepared p;
    winnow::WordReader reader;
    for (const Article& a : bench_text::shared_corpus(kLayout)) {
      winnow::split_paragraphs(a.text, p.paragraphs.emplace_back());
      reader.read(a.text, p.paragraphs.back(), p.words.emplace_back());
      p.bytes += a.text.size();
    }
    return p;
  }();
  return p;
}

void BM_WordRead(benchmark::State& state) {
  const std::vector<Article>& corpus = bench_text::shared_corpus(kLayout);
  const Prepared& p = prepared();
  winnow::WordReader reader;
  winnow::WordStream words;
  for (auto _ : state) {
    for (size_t i = 0; i < corpus.size(); ++i) {
      reader.read(corpus[i].text, p.paragraphs[i], words);
      benchmark::DoNotOptimize(words.hashes.data());
    }
  }
  bench_text::report(state, p.bytes, corpus.size());
}
BENCHMARK(BM_WordRead);

void BM_ShingleSet(benchmark::State& state) {
  const Prepared& p = prepared();
  std::vector<uint64_t> shingles;
  for (auto _ : state) {
    for (const winnow::WordStream& words : p.words) {
      winnow::shingle_set(words.hashes, 5, shingles);
      benchmark::DoNotOptimize(shingles.data());
    }
  }
  bench_text::report(state, p.bytes, p.words.size());
}
BENCHMARK(BM_ShingleSet);

void BM_Winnowing(benchmark::State& state) {
  const Prepared& p = prepared();
  const winnow::WinnowParams params = winnow::WinnowParams::for_min_passage(10);
  std::vector<uint64_t> grams;
  std::vector<winnow::PassagePrint> prints;
  size_t selected = 0, total = 0;
  for (auto _ : state) {
    selected = total = 0;
    for (const winnow::WordStream& words : p.words) {
      winnow::gram_hashes(words.hashes, params.gram_words, grams);
      winnow::select_prints(grams, params.window, prints);
      benchmark::DoNotOptimize(prints.data());
      selected += prints.size();
      total += grams.size();
    }
  }
  state.counters["density"] = static_cast<double>(selected) / static_cast<double>(total);
  bench_text::report(state, p.bytes, p.words.size());
}
BENCHMARK(BM_Winnowing);

// K = 128 one-permutation signatures of real shingle sets (minhash_bench.cpp sweeps sizes).
void BM_MinHashSign(benchmark::State& state) {
  const Prepared& p = prepared();
  std::vector<std::vector<uint64_t>> sets(p.words.size());
  for (size_t i = 0; i < sets.size(); ++i) winnow::shingle_set(p.words[i].hashes, 5, sets[i]);
  winnow::MinHasher hasher;
  std::vector<uint32_t> signature;
  for (auto _ : state) {
    for (const std::vector<uint64_t>& shingles : sets) {
      hasher.sign(shingles, signature);
      benchmark::DoNotOptimize(signature.data());
    }
  }
  bench_text::report(state, p.bytes, sets.size());
}
BENCHMARK(BM_MinHashSign);

// All of the above plus band keys, as each worker sketches a record.
void BM_Sketch(benchmark::State& state) {
  const std::vector<Article>& corpus = bench_text::shared_corpus(kLayout);
  const Prepared& p = prepared();
  winnow::ContentSketcher sketcher{winnow::DuplicateOptions{}};
  winnow::ContentSketch sketch;
  for (auto _ : state) {
    for (size_t i = 0; i < corpus.size(); ++i) {
      sketcher.sketch(corpus[i].text, p.paragraphs[i], sketch);
      benchmark::DoNotOptimize(sketch.band_keys.data());
    }
  }
  bench_text::report(state, p.bytes, corpus.size());
}
BENCHMARK(BM_Sketch);

struct Sketched {
  std::vector<winnow::ContentSketch> sketches;
  std::vector<std::string> ids, sources;
  size_t bytes = 0;

  void add(const Article& a, winnow::ContentSketcher& sketcher) {
    std::vector<winnow::TextSpan> paragraphs;
    winnow::split_paragraphs(a.text, paragraphs);
    sketcher.sketch(a.text, paragraphs, sketches.emplace_back());
    ids.push_back(a.id);
    sources.push_back(a.source);
    bytes += a.text.size();
  }
};

// Another site's copy of `a`, one word in `one_in` changed.
Article copy_of(bench_text::Random& random, const Article& a, uint32_t one_in) {
  Article copy = a;
  copy.id += "-copy";
  copy.source += " Syndicated";
  copy.text = bench_text::edit_words(random, a.text, one_in);
  return copy;
}

// A fresh article quoting the longest paragraph of `a` in its middle.
Article quoting(bench_text::Random& random, const Article& a, uint32_t number) {
  Article quote = bench_text::make_article(random, 4000, kLayout, number);
  std::vector<winnow::TextSpan> paragraphs;
  winnow::split_paragraphs(a.text, paragraphs);
  winnow::TextSpan longest;
  for (const winnow::TextSpan& p : paragraphs) longest = p.size() > longest.size() ? p : longest;
  const size_t at = quote.text.find('\n', quote.text.size() / 2);
  quote.text.insert(at, "\n" + std::string(longest.in(a.text)) + "\n");
  return quote;
}

// 1,000 indexed records, every eighth a light copy of an earlier one; 256 queries: a
// quarter near copies of indexed records, a quarter quoting one, the rest unrelated.
struct IndexInput {
  Sketched indexed, queries;
};

const IndexInput& index_input() {
  static const IndexInput input = [] {
    IndexInput in;
    winnow::ContentSketcher sketcher{winnow::DuplicateOptions{}};
    bench_text::Random random(9);
    std::vector<Article> indexed = bench_text::make_corpus(1000, kLayout, 2);
    for (size_t i = 0; i < indexed.size(); ++i) {
      if (i % 8 == 7) indexed[i] = copy_of(random, indexed[random.below(i)], 40);
      in.indexed.add(indexed[i], sketcher);
    }
    const std::vector<Article> fresh = bench_text::make_corpus(256, kLayout, 3);
    for (size_t i = 0; i < fresh.size(); ++i) {
      const Article& old = indexed[random.below(indexed.size())];
      const uint32_t number = static_cast<uint32_t>(indexed.size() + i);
      if (i % 4 == 0) in.queries.add(copy_of(random, old, 30), sketcher);
      else if (i % 4 == 1) in.queries.add(quoting(random, old, number), sketcher);
      else in.queries.add(fresh[i], sketcher);
    }
    return in;
  }();
  return input;
}

void fill(winnow::DuplicateIndex& index, const Sketched& records) {
  for (size_t i = 0; i < records.sketches.size(); ++i) {
    index.add(records.sketches[i], records.ids[i], records.sources[i], nullptr);
  }
}

// Inserting 1,000 records into an empty index: band and print postings, word store.
void BM_IndexAdd(benchmark::State& state) {
  const Sketched& records = index_input().indexed;
  for (auto _ : state) {
    winnow::DuplicateIndex index{winnow::DuplicateOptions{}};
    fill(index, records);
    benchmark::DoNotOptimize(index.records());
  }
  bench_text::report(state, records.bytes, records.sketches.size());
}
BENCHMARK(BM_IndexAdd)->Unit(benchmark::kMillisecond);

// Looking records up among 1,000: exact hash, LSH candidates verified by Jaccard, shared
// passages extended word by word.
void BM_IndexFind(benchmark::State& state) {
  const IndexInput& in = index_input();
  winnow::DuplicateIndex index{winnow::DuplicateOptions{}};
  fill(index, in.indexed);
  winnow::Relation relation;
  size_t related = 0;
  for (auto _ : state) {
    related = 0;
    for (size_t i = 0; i < in.queries.sketches.size(); ++i) {
      related += index.find(in.queries.sketches[i], in.queries.sources[i], relation);
    }
    benchmark::DoNotOptimize(relation.similarity);
  }
  state.counters["related"] = static_cast<double>(related) / static_cast<double>(in.queries.sketches.size());
  bench_text::report(state, in.queries.bytes, in.queries.sketches.size());
}
BENCHMARK(BM_IndexFind);

// Passage postings as a big feed adds them: 4 million (about 100 MB of news), 200 a
// record, keys random. Runs are sorted, merged and marked in the filter as they fill.
void BM_PostingTableAdd(benchmark::State& state) {
  constexpr uint32_t kPostings = 4'000'000, kPerDoc = 200;
  uint64_t key = 0x9E3779B97F4A7C15;
  std::vector<uint32_t> keys(kPostings);
  for (uint32_t& k : keys) {
    key ^= key << 13, key ^= key >> 7, key ^= key << 17;  // xorshift: hash-like keys
    k = static_cast<uint32_t>(key >> 32);
  }
  for (auto _ : state) {
    winnow::PostingTable<winnow::WordPosting> table(/*filtered=*/true);
    for (uint32_t i = 0; i < kPostings; ++i) table.add({keys[i], i / kPerDoc, i % kPerDoc});
    benchmark::DoNotOptimize(table.size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kPostings);
}
BENCHMARK(BM_PostingTableAdd)->Unit(benchmark::kMillisecond);

// Passage prints as the index meets them in a big feed: winnowed (the smallest gram hash
// of each window, so keys crowd toward zero), 16 million held (about 1 GB of news), then
// per record 270 looked up, a tenth of them held already, and added. Time per record.
void BM_PassageLookup(benchmark::State& state) {
  constexpr uint32_t kHeld = 16'000'000, kPerDoc = 270, kDocs = 16384;
  uint64_t x = 0x9E3779B97F4A7C15;
  const auto winnowed = [&x](size_t count) {
    std::vector<uint64_t> grams(count * 4);  // winnowing keeps about 2 in 7
    for (uint64_t& g : grams) x ^= x << 13, x ^= x >> 7, x ^= x << 17, g = x;
    std::vector<winnow::PassagePrint> prints;
    winnow::select_prints(grams, 6, prints);
    prints.resize(std::min(prints.size(), count));
    return prints;
  };
  winnow::PostingTable<winnow::WordPosting> table(/*filtered=*/true);
  const std::vector<winnow::PassagePrint> held = winnowed(kHeld);
  for (uint32_t i = 0; i < held.size(); ++i) {
    table.add({winnow::posting_key(held[i].hash), i / kPerDoc, i % kPerDoc});
  }
  const std::vector<winnow::PassagePrint> fresh = winnowed(size_t{kPerDoc} * kDocs);
  std::vector<uint32_t> keys(fresh.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const bool old = i % 10 == 0;
    keys[i] = winnow::posting_key(old ? held[(i * 7919) % held.size()].hash : fresh[i].hash);
  }
  uint32_t doc = kHeld / kPerDoc + 1;
  size_t at = 0;
  uint64_t found = 0;
  for (auto _ : state) {
    if (at + kPerDoc > keys.size()) at = 0;
    for (size_t i = at; i < at + kPerDoc; ++i) {
      table.visit(keys[i], 64, [&](const winnow::WordPosting& p) { found += p.word; });
    }
    for (size_t i = at; i < at + kPerDoc; ++i) table.add({keys[i], doc, static_cast<uint32_t>(i - at)});
    at += kPerDoc;
    ++doc;
  }
  benchmark::DoNotOptimize(found);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kPerDoc);
}
BENCHMARK(BM_PassageLookup)->Unit(benchmark::kMicrosecond);

}  // namespace
