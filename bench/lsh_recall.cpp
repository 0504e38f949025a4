// winnow_lsh_recall: how well MinHash + LSH banding finds near-duplicate documents, measured
// against brute force on a real or generated feed.
//
//   winnow_lsh_recall [--sample N] [--threshold T] [--permutations K] [--seed S] FILE.jsonl
//
// Shingles the "text" of the first N records (5-word shingles of winnow's paragraphs),
// computes the exact Jaccard similarity of every pair, and reports: the pairs at or above
// 0.8, 0.9 and T; the mean absolute error of the signature estimate by similarity range,
// for both signature methods; and, for several bands x rows (choose_lsh's picks among
// them), the S-curve at T, the candidate pairs (sharing a band key) and the recall of the
// similar pairs. The records are read as plain JSONL; bad records are skipped and counted.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "winnow/fingerprint.hpp"
#include "winnow/json_record.hpp"
#include "winnow/minhash.hpp"
#include "winnow/paragraphs.hpp"

namespace {

using winnow::LshParams;
using winnow::MinHashMethod;

struct Options {
  size_t sample = 2000;
  double threshold = 0.8;
  uint32_t permutations = 128;
  uint64_t seed = 0;
  std::string path;
};

constexpr MinHashMethod kMethods[] = {MinHashMethod::one_permutation,
                                      MinHashMethod::multiply_shift};

const char* method_name(MinHashMethod method) {
  return method == MinHashMethod::one_permutation ? "one_permutation" : "multiply_shift";
}

struct Sample {
  std::vector<std::vector<uint64_t>> shingle_sets;  // sorted, unique
  size_t bad_records = 0;
};

// The first `limit` good records of the file, as shingle sets.
Sample read_sample(const Options& options) {
  std::ifstream in(options.path, std::ios::binary);
  if (!in) throw std::runtime_error(options.path + ": cannot open");
  winnow::JsonRecordParser parser(winnow::FieldNames{});
  winnow::JsonRecord record;
  winnow::Fingerprinter fingerprinter({5, options.seed});
  winnow::DocumentPrints prints;
  std::vector<winnow::TextSpan> paragraphs;
  Sample sample;
  std::string line;
  while (sample.shingle_sets.size() < options.sample && std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const size_t length = line.size();
    line.append(winnow::kJsonPadding, ' ');  // simdjson reads past the end
    if (parser.parse({line.data(), length}, line.size(), record) != winnow::RecordError::none) {
      ++sample.bad_records;
      continue;
    }
    winnow::split_paragraphs(record.text, paragraphs);
    fingerprinter.compute(record.text, paragraphs, prints);
    std::vector<uint64_t> set = prints.shingles;
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    sample.shingle_sets.push_back(std::move(set));
  }
  return sample;
}

// Exact Jaccard of every pair i < j, in the order (0,1), (0,2), ..., (1,2), ...
std::vector<float> exact_similarities(const std::vector<std::vector<uint64_t>>& sets) {
  std::vector<float> similarities;
  similarities.reserve(sets.size() * (sets.size() - 1) / 2);
  for (size_t i = 0; i < sets.size(); ++i) {
    for (size_t j = i + 1; j < sets.size(); ++j) {
      similarities.push_back(static_cast<float>(winnow::jaccard(sets[i], sets[j])));
    }
  }
  return similarities;
}

struct Signatures {
  std::vector<std::vector<uint32_t>> values;
  double nanoseconds_per_document = 0.0;
};

Signatures sign_all(const std::vector<std::vector<uint64_t>>& sets, MinHashMethod method,
                    const Options& options) {
  winnow::MinHasher hasher({options.permutations, options.seed, method});
  Signatures out;
  out.values.resize(sets.size());
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < sets.size(); ++i) hasher.sign(sets[i], out.values[i]);
  const std::chrono::duration<double, std::nano> elapsed = std::chrono::steady_clock::now() - start;
  out.nanoseconds_per_document = elapsed.count() / static_cast<double>(sets.size());
  return out;
}

// Similarity ranges the estimate error is reported for: near 0 nearly every pair lands,
// and there the estimate is trivially right.
constexpr double kRangeStarts[] = {0.0, 0.2, 0.5, 0.8};
constexpr size_t kRanges = std::size(kRangeStarts);

size_t range_of(double similarity) {
  size_t range = 0;
  while (range + 1 < kRanges && similarity >= kRangeStarts[range + 1]) ++range;
  return range;
}

void report_estimate_error(const Signatures& signatures, const std::vector<float>& exact,
                           MinHashMethod method) {
  double error_sum[kRanges] = {}, error_from_02 = 0.0;
  size_t pairs[kRanges] = {}, pairs_from_02 = 0;
  const auto& values = signatures.values;
  size_t pair = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = i + 1; j < values.size(); ++j, ++pair) {
      const double error = std::abs(winnow::estimate_jaccard(values[i], values[j]) - exact[pair]);
      const size_t range = range_of(exact[pair]);
      error_sum[range] += error;
      ++pairs[range];
      if (range > 0) {
        error_from_02 += error;
        ++pairs_from_02;
      }
    }
  }
  std::printf("%-16s %8.0f ns/doc   MAE:", method_name(method),
              signatures.nanoseconds_per_document);
  for (size_t range = 0; range < kRanges; ++range) {
    const double mae = pairs[range] == 0 ? 0.0 : error_sum[range] / pairs[range];
    std::printf("  [%.1f,%.1f) %.4f (%zu)", kRangeStarts[range],
                range + 1 < kRanges ? kRangeStarts[range + 1] : 1.0, mae, pairs[range]);
  }
  std::printf("  J>=0.2: %.4f\n", pairs_from_02 == 0 ? 0.0 : error_from_02 / pairs_from_02);
}

// The params to compare: choose_lsh's and choose_index_lsh's picks, then K / rows bands
// for a spread of rows.
std::vector<LshParams> params_to_try(const Options& options) {
  std::vector<LshParams> params = {
      winnow::choose_lsh(options.threshold, options.permutations),
      winnow::choose_lsh(options.threshold, options.permutations, {0.5, 0.5}),
      winnow::choose_index_lsh(options.threshold, options.permutations), LshParams{10, 6}};
  for (const uint32_t rows : {2u, 3u, 4u, 5u, 6u, 7u, 8u, 10u, 13u, 16u}) {
    const LshParams candidate{options.permutations / rows, rows};
    if (candidate.bands == 0) continue;
    if (std::find(params.begin(), params.end(), candidate) == params.end()) {
      params.push_back(candidate);
    }
  }
  return params;
}

std::vector<std::vector<uint64_t>> all_band_keys(const Signatures& signatures, LshParams params,
                                                 uint64_t seed) {
  std::vector<std::vector<uint64_t>> keys(signatures.values.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    winnow::band_keys(signatures.values[i], params, seed, keys[i]);
  }
  return keys;
}

// Two documents are candidates when a band key matches; keys of different bands never
// collide, so comparing band by band finds every shared key.
bool share_a_key(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  for (size_t band = 0; band < a.size() && band < b.size(); ++band) {
    if (a[band] == b[band]) return true;
  }
  return false;
}

void report_lsh_row(const std::vector<std::vector<uint64_t>>& keys, const std::vector<float>& exact,
                    const std::vector<double>& levels) {
  std::vector<size_t> found(levels.size(), 0), similar(levels.size(), 0);
  size_t candidates = 0, pair = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    for (size_t j = i + 1; j < keys.size(); ++j, ++pair) {
      const bool candidate = share_a_key(keys[i], keys[j]);
      candidates += candidate;
      for (size_t l = 0; l < levels.size(); ++l) {
        if (exact[pair] < levels[l]) continue;
        ++similar[l];
        found[l] += candidate;
      }
    }
  }
  std::printf(" %10zu", candidates);
  for (size_t l = 0; l < levels.size(); ++l) {
    std::printf("  %7.4f", similar[l] == 0 ? 1.0 : static_cast<double>(found[l]) / similar[l]);
  }
}

void usage(FILE* to) {
  std::fputs(
      "usage: winnow_lsh_recall [--sample N] [--threshold T] [--permutations K] [--seed S] "
      "FILE.jsonl\n"
      "  --sample N        documents compared, every pair of them (default 2000)\n"
      "  --threshold T     Jaccard threshold choose_lsh aims at (default 0.8)\n"
      "  --permutations K  MinHash signature length (default 128)\n"
      "  --seed S          seed of shingles, signatures and band keys (default 0)\n",
      to);
}

uint64_t parse_unsigned(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || text[0] == '-') {
    throw std::invalid_argument(text);
  }
  return value;
}

double parse_fraction(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value > 0.0 && value <= 1.0)) {
    throw std::invalid_argument(text + " (not in (0, 1])");
  }
  return value;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      usage(stdout);
      std::exit(0);
    }
    if (arg.starts_with("-") && i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
    if (arg == "--sample") {
      o.sample = parse_unsigned(argv[++i]);
    } else if (arg == "--threshold") {
      o.threshold = parse_fraction(argv[++i]);
    } else if (arg == "--permutations") {
      const uint64_t k = parse_unsigned(argv[++i]);
      if (k == 0 || k > 4096) throw std::invalid_argument("--permutations must be 1 to 4096");
      o.permutations = static_cast<uint32_t>(k);
    } else if (arg == "--seed") {
      o.seed = parse_unsigned(argv[++i]);
    } else if (arg.starts_with("-")) {
      throw std::invalid_argument("unknown option " + arg);
    } else if (o.path.empty()) {
      o.path = arg;
    } else {
      throw std::invalid_argument("more than one FILE");
    }
  }
  if (o.path.empty()) throw std::invalid_argument("no FILE");
  if (o.sample < 2) throw std::invalid_argument("--sample must be at least 2");
  return o;
}

void run(const Options& options) {
  const Sample sample = read_sample(options);
  const auto& sets = sample.shingle_sets;
  if (sets.size() < 2) throw std::runtime_error(options.path + ": fewer than 2 good records");
  size_t shingles = 0;
  for (const auto& set : sets) shingles += set.size();
  std::printf("%zu documents (%zu bad records skipped), %.0f shingles each on average, K = %u\n",
              sets.size(), sample.bad_records, static_cast<double>(shingles) / sets.size(),
              options.permutations);

  const std::vector<float> exact = exact_similarities(sets);
  std::vector<double> levels = {0.8, 0.9, options.threshold};
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  std::printf("%zu pairs;", exact.size());
  for (const double level : levels) {
    std::printf(" J >= %.2f: %td", level,
                std::count_if(exact.begin(), exact.end(), [level](float j) { return j >= level; }));
  }
  std::printf("\n\nsignatures (time to sign, then mean absolute error of the estimate by exact J, "
              "pairs in brackets)\n");
  std::vector<Signatures> signatures;
  for (const MinHashMethod method : kMethods) {
    signatures.push_back(sign_all(sets, method, options));
    report_estimate_error(signatures.back(), exact, method);
  }

  const LshParams chosen = winnow::choose_lsh(options.threshold, options.permutations);
  const LshParams balanced =
      winnow::choose_lsh(options.threshold, options.permutations, {0.5, 0.5});
  const LshParams indexed = winnow::choose_index_lsh(options.threshold, options.permutations);
  std::printf("\nLSH banding at threshold %.2f: candidate pairs share a band key; recall is the "
              "share of pairs at J >= level that are candidates\n",
              options.threshold);
  std::printf("%-16s %5s %4s %7s %10s", "method", "bands", "rows", "S(T)", "candidates");
  for (const double level : levels) std::printf("  R@%.2f ", level);
  std::printf("\n");
  for (const LshParams params : params_to_try(options)) {
    for (size_t m = 0; m < std::size(kMethods); ++m) {
      std::printf("%-16s %5u %4u %7.4f", method_name(kMethods[m]), params.bands, params.rows,
                  winnow::lsh_probability(options.threshold, params));
      report_lsh_row(all_band_keys(signatures[m], params, options.seed), exact, levels);
      std::printf("%s\n", params == indexed    ? "  <- choose_index_lsh (the index's)"
                          : params == chosen   ? "  <- choose_lsh (default weights)"
                          : params == balanced ? "  <- choose_lsh (weights 0.5/0.5)"
                                               : "");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "winnow_lsh_recall: bad argument: %s\n", e.what());
    usage(stderr);
    return 2;
  }
  try {
    run(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow_lsh_recall: %s\n", e.what());
    return 1;
  }
  return 0;
}
