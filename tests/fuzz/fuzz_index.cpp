// Duplicate index files: DuplicateIndex::load on arbitrary bytes, and on a small valid
// index patched by the input with its checksum recomputed (see fuzz_files.hpp). A bad
// file must end in StateFileError, nothing else. An index that loads with the options it
// was built with is then queried, added to (std::length_error once it numbers no more
// records), trimmed and, with input bit 3, saved and loaded again.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz_files.hpp"
#include "winnow/content_sketch.hpp"
#include "winnow/duplicate_index.hpp"
#include "winnow/paragraphs.hpp"
#include "winnow/state_file.hpp"

using namespace winnow;

namespace {

constexpr size_t kSizeField = 40;  // u64 file size in the index header

const char* const kFerry =
    "The county ferry will add two evening crossings on weekdays starting in April, the transit "
    "authority said on Thursday, after commuters complained that the last boat left too early.\n\n"
    "The new departures will run through the end of October, and fares will not change, according "
    "to a statement that the authority released to reporters at the dock.";
const char* const kStorm =
    "A storm that stalled over the valley for two days dropped more rain than the region usually "
    "sees in a month, and crews spent the weekend clearing culverts along the county roads.\n\n"
    "Officials said the reservoir rose four feet and would be drawn down slowly over the coming "
    "week to avoid flooding the farms below the dam.";
const char* const kQuote =
    "Commuters welcomed the news. The new departures will run through the end of October, and "
    "fares will not change, according to a statement from the authority.";
const char* const kStormEdited =
    "A storm that stalled over the valley for two days dropped more rain than the region usually "
    "sees in a month, and crews spent the weekend clearing culverts along the county roads.\n\n"
    "Officials said the reservoir rose five feet and would be drawn down slowly over the coming "
    "week to avoid flooding the farms below the dam.";

struct Record {
  const char* id;
  const char* source;
  const char* text;
  int64_t date;
};

const Record kRecords[] = {
    {"ferry-1", "daily.example", kFerry, 1700000000},
    {"storm-1", "daily.example", kStorm, 1700003600},
    {"ferry-2", "wire.example", kFerry, 1699990000},
    {"quote-1", "local.example", kQuote, kNoDate},
    {"storm-2", "wire.example", kStormEdited, 1700007200},
};

bool held(const DuplicateIndex& index, uint64_t record) {
  return record >= index.first() && record < index.records();
}

// Relates the record to the index, then adds it, as the duplicate marker does.
void add(DuplicateIndex& index, ContentSketcher& sketcher, const Record& r) {
  std::vector<TextSpan> paragraphs;
  split_paragraphs(r.text, paragraphs);
  ContentSketch sketch;
  sketcher.sketch(r.text, paragraphs, sketch);
  Relation relation;
  const bool related = index.find(sketch, r.source, relation);
  if (related) {
    if (!held(index, relation.canonical) || !held(index, relation.match)) __builtin_trap();
    if (relation.kind != DupKind::passage) relation.earlier = r.date < index.date(relation.canonical);
  }
  try {
    index.add(sketch, r.id, r.source, related ? &relation : nullptr, r.date);
  } catch (const std::length_error&) {
    // Documented: record numbers are 32 bits. Only a full index may refuse.
    if (index.records() < DuplicateIndex::kMaxRecords) __builtin_trap();
  }
}

struct Valid {
  DuplicateOptions options;
  std::string bytes;
};

const Valid& valid() {
  static const Valid v = [] {
    Valid out;
    ContentSketcher sketcher(out.options);
    DuplicateIndex index(out.options);
    for (const Record& r : kRecords) add(index, sketcher, r);
    // Squeeze it once so the file has forgotten records, and records past the horizon as
    // well as before it.
    index.set_memory_budget(1);
    add(index, sketcher, {"ferry-3", "other.example", kFerry, kNoDate});
    const std::string path = fuzz::scratch_path("valid.index");
    index.save(path);
    out.bytes = fuzz::read_file(path);
    return out;
  }();
  return v;
}

// Every record held, from first() on.
void walk(DuplicateIndex& index) {
  if (index.first() > index.horizon() || index.horizon() > index.records()) __builtin_trap();
  for (uint64_t r = index.first(); r < index.records(); ++r) {
    const auto record = static_cast<uint32_t>(r);
    (void)index.id(record).size();
    (void)index.date(record);
    (void)index.words(record);
    if (!held(index, index.canonical(record))) __builtin_trap();
  }
  (void)index.footprint().total();
  (void)index.live_bytes();
}

void exercise(DuplicateIndex& index, bool save) {
  walk(index);
  ContentSketcher sketcher(valid().options);
  for (const Record& r : kRecords) add(index, sketcher, r);
  walk(index);
  if (save) {
    const std::string again = fuzz::scratch_path("again.index");
    index.save(again);
    try {
      DuplicateIndex reloaded = DuplicateIndex::load(again, valid().options);
      if (reloaded.records() != index.records()) __builtin_trap();
    } catch (const StateFileError&) {
      __builtin_trap();  // an index that loaded saves and loads again
    }
  }
  index.set_memory_budget(1);
  add(index, sketcher, kRecords[0]);
  walk(index);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Valid& v = valid();
  const std::string path = fuzz::scratch_path("input.index");
  fuzz::write_file(path, fuzz::state_file_from(data, size, v.bytes, kSizeField));
  const bool save = size > 0 && (data[0] & 8);

  try {
    DuplicateIndex index = DuplicateIndex::load(path);
    walk(index);
  } catch (const StateFileError&) {
  }
  try {
    DuplicateIndex index = DuplicateIndex::load(path, v.options);
    exercise(index, save);
  } catch (const StateFileError&) {
  }
  return 0;
}
