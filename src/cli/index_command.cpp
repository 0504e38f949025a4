#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "commands.hpp"
#include "input_options.hpp"
#include "winnow/duplicate_index.hpp"
#include "winnow/exit_codes.hpp"
#include "winnow/json_escape.hpp"
#include "winnow/minhash.hpp"
#include "winnow/state_file.hpp"

namespace winnow::cli {

namespace {

constexpr const char* kIndexUsage =
    "Usage: winnow index stats FILE...\n"
    "\n"
    "Describes duplicate index files (from --index) as one JSON line each: documents,\n"
    "passage fingerprints, bytes on disk and in memory per document, and the options\n"
    "the index was built with.\n";

void field(std::string& out, const char* name, double value) {
  char text[64];
  std::snprintf(text, sizeof text, "\"%s\":%.15g", name, value);
  if (out.back() != '{') out += ',';
  out += text;
}

std::string describe(const std::string& path, size_t file_bytes, const DuplicateIndex& index) {
  const DuplicateIndex::Footprint m = index.footprint();
  const size_t held = index.records() - index.first();
  const double documents = std::max<size_t>(1, held);
  const double prints = std::max<size_t>(1, index.fingerprints());
  const LshParams lsh = choose_index_lsh(index.options().threshold, index.options().permutations);
  std::string out = "{\"file\":";
  append_json_string(out, path);
  field(out, "documents", held);
  field(out, "exact_only", index.horizon() - index.first());  // past --max-memory
  field(out, "forgotten", index.first());
  field(out, "fingerprints", index.fingerprints());
  field(out, "file_bytes", file_bytes);
  field(out, "file_bytes_per_document", file_bytes / documents);
  field(out, "memory_bytes", m.total());
  field(out, "memory_bytes_per_document", m.total() / documents);
  // Exact hash and LSH bands: what finds whole-document copies.
  field(out, "document_index_bytes_per_document", (m.exact + m.bands) / documents);
  field(out, "record_table_bytes_per_document", (m.records + m.ids) / documents);
  field(out, "bytes_per_fingerprint", m.prints / prints);
  field(out, "word_store_bytes_per_document", m.words / documents);
  field(out, "threshold", index.options().threshold);
  field(out, "bands", lsh.bands);
  field(out, "rows", lsh.rows);
  field(out, "shingle_words", index.options().shingle_words);
  field(out, "min_passage_words", index.options().min_passage_words);
  return out + "}\n";
}

}  // namespace

int index_command(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    std::fputs(kIndexUsage, stdout);
    return kExitOk;
  }
  if (args.empty() || args[0] != "stats") return usage_error("index", "expected 'index stats FILE...'");
  if (args.size() < 2) return usage_error("index", "no FILE given");
  int status = kExitOk;
  for (size_t i = 1; i < args.size(); ++i) {
    try {
      const DuplicateIndex index = DuplicateIndex::load(args[i]);
      struct stat st {};
      ::stat(args[i].c_str(), &st);
      const std::string line = describe(args[i], static_cast<size_t>(st.st_size), index);
      std::fputs(line.c_str(), stdout);
    } catch (const StateFileError& e) {
      std::fprintf(stderr, "winnow: %s\n", e.what());
      status = kExitInputFailed;
    }
  }
  return std::fflush(stdout) == 0 ? status : kExitOutputFailed;
}

}  // namespace winnow::cli
