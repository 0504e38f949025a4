// Model file format, version 1
// ============================
//
// Binary; every integer is little-endian.
//
//   offset  bytes  field
//   0       8      magic "WNWMODEL"
//   8       4      u32 format version: 1
//   12      4      u32 shingle words n the prints were made with
//   16      8      u64 hash seed the prints and source ids were made with
//   24      8      u64 file size in bytes, checksum included (tells truncation from corruption)
//   32      8      u64 S: sources
//   40      8      u64 C: counters
//   48      8      u64 X: cross-source entries
//   56             S sources, by ascending id:
//                    u64 id (seeded XXH3-64 of the name), u32 documents learned,
//                    u32 name length L, L bytes of name
//                  C counters, by ascending key:
//                    u64 key, u32 documents (>= 1)
//                    The key mixes a source id with a template hash, or (another domain)
//                    with a shingle; for one source it is a bijection of the hash.
//                  X cross-source entries, by ascending template hash:
//                    u64 template hash, u32 documents over all sources (>= 1),
//                    u32 K (1..8), K x u64 source ids, ascending: the K smallest ids of
//                    the sources holding the hash (all of them when fewer than 9)
//   size-8  8      u64 XXH3-64 (seed 0) of every byte before it
//
// Counts saturate at 2^32-1. A source id, key or hash of 0 is stored as 0x9E3779B97F4A7C15
// (0 marks empty slots). Sorted sections make equal models give equal bytes.

#include "winnow/source_model.hpp"

#include "xxhash_inline.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <span>
#include <utility>

#include "winnow/state_file.hpp"

namespace winnow {
namespace {

constexpr std::string_view kMagic = "WNWMODEL";
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderBytes = 56;
constexpr size_t kChecksumBytes = 8;
constexpr size_t kSourceCap = 8;  // distinct sources remembered per template hash
constexpr uint64_t kZeroStandIn = 0x9E3779B97F4A7C15ull;

uint32_t add_saturating(uint32_t a, uint32_t b) {
  const uint32_t sum = a + b;
  return sum < a ? UINT32_MAX : sum;
}

// splitmix64's finalizer: a bijection that spreads every input bit over the output.
uint64_t mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Template hashes and shingles of every source share one counter table.
enum class Domain : uint64_t {
  template_hash = 0x5445'4D50'4C41'5445ull,
  shingle = 0x5348'494E'474C'4553ull,
};

uint64_t counter_key(uint64_t source_id, Domain domain, uint64_t hash) {
  return mix(hash + mix(source_id ^ static_cast<uint64_t>(domain)));
}

// Open addressing with linear probing over parallel key and value arrays (12 bytes a slot
// for uint32 counts). Slots are picked by multiply-shift, so the capacity need not be a
// power of two and a table loaded from a file is sized to exactly 80% full. Keys are kept
// ordered (Amble and Knuth's ordered hashing): every key before K on K's probe path is
// smaller, so a lookup of a missing key stops at the first larger one. Most lookups in
// cleaning are of paragraphs never counted, which at 80% full had walked whole clusters.
template <class Value>
class FlatTable {
 public:
  size_t size() const { return size_; }
  size_t memory_bytes() const { return keys_.capacity() * (sizeof(uint64_t) + sizeof(Value)); }
  // As a table grown or reserved for its entries would take, between 1.25 and 1.9 times them.
  size_t planned_bytes() const { return (size_ + size_ / 2) * (sizeof(uint64_t) + sizeof(Value)); }

  const Value* find(uint64_t key) const {
    if (size_ == 0) return nullptr;
    key = stored(key);
    for (size_t slot = home(key);; slot = next(slot)) {
      const uint64_t here = keys_[slot];
      if (here == key) return &values_[slot];
      if (here == kEmpty || here > key) return nullptr;
    }
  }

  // The value under `key`; a new key gets Value{}. Valid until the next upsert, which
  // may move entries along their cluster.
  Value& upsert(uint64_t key) {
    if ((size_ + 1) * 5 > keys_.size() * 4) rehash(std::max<size_t>(16, keys_.size() * 3 / 2));
    key = stored(key);
    size_t slot = home(key);
    while (keys_[slot] != kEmpty && keys_[slot] < key) slot = next(slot);
    if (keys_[slot] == key) return values_[slot];
    // `key` takes the slot; what it displaces goes on along the cluster, passing smaller
    // keys and displacing the first larger one in turn, until a free slot takes the last.
    uint64_t carried_key = std::exchange(keys_[slot], key);
    Value carried_value = std::exchange(values_[slot], Value{});
    for (size_t at = next(slot); carried_key != kEmpty; at = next(at)) {
      if (keys_[at] == kEmpty || keys_[at] > carried_key) {
        std::swap(carried_key, keys_[at]);
        std::swap(carried_value, values_[at]);
      }
    }
    ++size_;
    return values_[slot];
  }

  // Keeps the entries for which keep(key, value) holds.
  template <class Keep>
  void retain(Keep&& keep) {
    size_t kept = 0;
    for_each([&](uint64_t key, const Value& value) { kept += keep(key, value); });
    FlatTable smaller;
    smaller.reserve(kept);
    for_each([&](uint64_t key, const Value& value) {
      if (keep(key, value)) smaller.upsert(key) = value;
    });
    *this = std::move(smaller);
  }

  void reserve(size_t entries) {
    const size_t capacity = entries + entries / 4 + 1;
    if (capacity > keys_.size()) rehash(capacity);
  }

  template <class Visit>
  void for_each(Visit&& visit) const {
    for (size_t slot = 0; slot < keys_.size(); ++slot) {
      if (keys_[slot] != kEmpty) visit(keys_[slot], values_[slot]);
    }
  }

  // Entries by ascending key, the order they are saved in.
  std::vector<std::pair<uint64_t, Value>> sorted() const {
    std::vector<std::pair<uint64_t, Value>> entries;
    entries.reserve(size_);
    for_each([&](uint64_t key, const Value& value) { entries.emplace_back(key, value); });
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return entries;
  }

 private:
  static constexpr uint64_t kEmpty = 0;
  static uint64_t stored(uint64_t key) { return key == kEmpty ? kZeroStandIn : key; }
  // Keys are already mixed (counter_key) or seeded hashes, so multiply-shift takes them as
  // they are; the home slot then rises with the key, and a file's sorted sections load
  // into the table front to back instead of at random.
  size_t home(uint64_t key) const {
    return static_cast<size_t>((static_cast<unsigned __int128>(key) * keys_.size()) >> 64);
  }
  size_t next(size_t slot) const { return slot + 1 == keys_.size() ? 0 : slot + 1; }

  void rehash(size_t capacity) {
    const std::vector<uint64_t> old_keys =
        std::exchange(keys_, std::vector<uint64_t>(capacity, kEmpty));
    const std::vector<Value> old_values = std::exchange(values_, std::vector<Value>(capacity));
    size_ = 0;
    for (size_t slot = 0; slot < old_keys.size(); ++slot) {
      if (old_keys[slot] != kEmpty) upsert(old_keys[slot]) = old_values[slot];
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<Value> values_;
  size_t size_ = 0;
};

// The smallest kSourceCap source ids holding a hash: the same set whatever order sources
// arrive in, so merging is a union that keeps the smallest.
struct SourceSet {
  std::array<uint64_t, kSourceCap> ids{};
  size_t size = 0;

  bool contains(uint64_t id) const {
    return std::binary_search(ids.begin(), ids.begin() + size, id);
  }

  void insert(uint64_t id) {
    const auto end = ids.begin() + size;
    const auto at = std::lower_bound(ids.begin(), end, id);
    if (at != end && *at == id) return;
    if (size == kSourceCap) {
      if (at == end) return;  // larger than every id kept
    } else {
      ++size;
    }
    std::move_backward(at, ids.begin() + size - 1, ids.begin() + size);
    *at = id;
  }
};

// Most template hashes belong to one source, so one id is inline and the rest, for the
// few hashes many sources share, live in a block of the model's block pool.
struct CrossEntry {
  uint32_t documents = 0;
  uint32_t block = 0;         // 1 + index into Impl::blocks; 0: no other sources
  uint64_t first_source = 0;  // the smallest source id holding the hash
};
using SourceBlock = std::array<uint64_t, kSourceCap - 1>;  // 0 marks an unused place

struct SourceInfo {
  std::string name;
  uint32_t documents = 0;
};

}  // namespace

struct SourceModel::Impl {
  uint64_t seed = 0;
  unsigned shingle_words = 3;
  std::map<uint64_t, SourceInfo> sources;  // by id: few, and in saving order
  FlatTable<uint32_t> counters;            // per source, template hashes and shingles
  FlatTable<CrossEntry> cross;             // per template hash, over all sources
  // A cleaning model keeps the hashes only one source holds (nearly all) apart, by the
  // low half of that source's id: half the room, and all a cleaner asks of them.
  FlatTable<uint32_t> lone;
  std::vector<SourceBlock> blocks;
  std::vector<uint64_t> distinct;          // add_document's dedup buffer

  uint64_t source_id(std::string_view name) const {
    const uint64_t id = XXH3_64bits_withSeed(name.data(), name.size(), seed);
    return id == 0 ? kZeroStandIn : id;
  }

  // Two names with one id (a 2^-64 chance) keep the smaller name, so merging stays symmetric.
  SourceInfo& source(uint64_t id, std::string_view name) {
    auto [it, inserted] = sources.try_emplace(id);
    if (inserted || name < it->second.name) it->second.name = name;
    return it->second;
  }

  void count(uint64_t key, uint32_t documents) {
    uint32_t& counter = counters.upsert(key);
    counter = add_saturating(counter, documents);
  }

  uint32_t count_of(uint64_t key) const {
    const uint32_t* counter = counters.find(key);
    return counter ? *counter : 0;
  }

  SourceSet holders(const CrossEntry& entry) const {
    SourceSet set;
    if (entry.first_source != 0) set.ids[set.size++] = entry.first_source;
    if (entry.block == 0) return set;
    for (const uint64_t id : blocks[entry.block - 1]) {
      if (id != 0) set.ids[set.size++] = id;
    }
    return set;
  }

  void store_holders(CrossEntry& entry, const SourceSet& set) {
    entry.first_source = set.ids[0];
    if (set.size < 2) return;
    if (entry.block == 0) {
      blocks.emplace_back();
      entry.block = static_cast<uint32_t>(blocks.size());
    }
    SourceBlock& block = blocks[entry.block - 1];
    block.fill(0);
    std::copy(set.ids.begin() + 1, set.ids.begin() + set.size, block.begin());
  }

  // For loaders: the entry under `hash` as a file or a merge gives it; a cleaning model
  // files a hash of one source under `lone`.
  void set_cross(uint64_t hash, uint32_t documents, const SourceSet& set, bool cleaning) {
    if (cleaning && set.size == 1) {
      lone.upsert(hash) = static_cast<uint32_t>(set.ids[0]);
      return;
    }
    CrossEntry& entry = cross.upsert(hash);
    entry.documents = documents;
    store_holders(entry, set);
  }

  void count_cross(uint64_t hash, uint32_t documents, const SourceSet& more_holders) {
    CrossEntry& entry = cross.upsert(hash);
    entry.documents = add_saturating(entry.documents, documents);
    SourceSet set = holders(entry);
    for (size_t i = 0; i < more_holders.size; ++i) set.insert(more_holders.ids[i]);
    store_holders(entry, set);
  }

  // Leaves each value of `distinct` once: a document counts once per hash.
  void keep_distinct() {
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  }

  float shingle_recurrence(uint64_t source, const TemplatePrints& prints, const TemplateParagraph& paragraph,
                           uint32_t min_documents, float min_share) const {
    const size_t first = std::min<size_t>(paragraph.first_shingle, prints.shingles.size());
    const size_t end = std::min<size_t>(first + paragraph.shingle_count, prints.shingles.size());
    if (first == end) return 0;
    const auto total = static_cast<float>(end - first);
    size_t recurring = 0, missing = 0;
    // Stops once the share could not reach min_share even if every shingle left recurred;
    // the share of those found so far is then given, which never overstates it.
    for (size_t i = first; i < end && static_cast<float>(end - first - missing) / total >= min_share; ++i) {
      if (count_of(counter_key(source, Domain::shingle, prints.shingles[i])) >= min_documents) {
        ++recurring;
      } else {
        ++missing;
      }
    }
    return static_cast<float>(recurring) / total;
  }

  void merge(const Impl& other) {
    for (const auto& [id, info] : other.sources) {
      SourceInfo& mine = source(id, info.name);
      mine.documents = add_saturating(mine.documents, info.documents);
    }
    // Room first: another table's slot order is sorted by home slot here too, and linear
    // probing fed sorted keys past its load limit builds one quadratic cluster.
    counters.reserve(counters.size() + other.counters.size());
    cross.reserve(cross.size() + other.cross.size());
    other.counters.for_each([&](uint64_t key, uint32_t documents) { count(key, documents); });
    other.cross.for_each([&](uint64_t hash, const CrossEntry& entry) {
      count_cross(hash, entry.documents, other.holders(entry));
    });
  }
};

SourceModel::SourceModel() : SourceModel(0, 3) {}

SourceModel::SourceModel(uint64_t seed, unsigned shingle_words) : impl_(std::make_unique<Impl>()) {
  impl_->seed = seed;
  impl_->shingle_words = std::max(1u, shingle_words);  // as TemplateHasher takes it
}

SourceModel::~SourceModel() = default;
SourceModel::SourceModel(SourceModel&&) noexcept = default;
SourceModel& SourceModel::operator=(SourceModel&&) noexcept = default;

void SourceModel::add_document(std::string_view source, const TemplatePrints& prints) {
  Impl& model = *impl_;
  const uint64_t id = model.source_id(source);
  SourceInfo& info = model.source(id, source);
  info.documents = add_saturating(info.documents, 1);

  SourceSet this_source;
  this_source.insert(id);
  model.distinct.clear();
  for (const TemplateParagraph& paragraph : prints.paragraphs) {
    if (paragraph.words > 0) model.distinct.push_back(paragraph.hash);  // blank: no template
  }
  model.keep_distinct();
  for (const uint64_t hash : model.distinct) {
    model.count(counter_key(id, Domain::template_hash, hash), 1);
    model.count_cross(hash, 1, this_source);
  }
  model.distinct.assign(prints.shingles.begin(), prints.shingles.end());
  model.keep_distinct();
  for (const uint64_t shingle : model.distinct) {
    model.count(counter_key(id, Domain::shingle, shingle), 1);
  }
}

void SourceModel::merge(const SourceModel& other) {
  const Impl& theirs = *other.impl_;
  if (theirs.seed != impl_->seed || theirs.shingle_words != impl_->shingle_words) {
    throw ModelError("cannot merge a model learned with seed " + std::to_string(theirs.seed) +
                     " and " + std::to_string(theirs.shingle_words) +
                     " shingle words into one learned with seed " + std::to_string(impl_->seed) +
                     " and " + std::to_string(impl_->shingle_words));
  }
  if (&other == this) {
    const Impl copy = theirs;  // merging into itself must not read what it writes
    impl_->merge(copy);
    return;
  }
  impl_->merge(theirs);
}

SourceModel::SourceHandle SourceModel::source(std::string_view name) const {
  const uint64_t id = impl_->source_id(name);
  const auto info = impl_->sources.find(id);
  return {id, info == impl_->sources.end() ? 0 : info->second.documents};
}

RepetitionEvidence SourceModel::evidence(std::string_view source, const TemplatePrints& prints,
                                         size_t paragraph, uint32_t min_shingle_documents,
                                         bool across_sources) const {
  return evidence(this->source(source), prints, paragraph, min_shingle_documents, across_sources);
}

RepetitionEvidence SourceModel::evidence(const SourceHandle& source, const TemplatePrints& prints,
                                         size_t paragraph, uint32_t min_shingle_documents,
                                         bool across_sources, float min_recurrence) const {
  const Impl& model = *impl_;
  const TemplateParagraph& print = prints.paragraphs.at(paragraph);
  RepetitionEvidence evidence;
  evidence.source_documents = source.documents;
  evidence.paragraph_documents = model.count_of(counter_key(source.id, Domain::template_hash, print.hash));
  evidence.shingle_recurrence = model.shingle_recurrence(source.id, prints, print, min_shingle_documents, min_recurrence);
  if (across_sources) add_cross_evidence(source, prints, paragraph, evidence);
  return evidence;
}

void SourceModel::add_cross_evidence(std::string_view source, const TemplatePrints& prints, size_t paragraph,
                                     RepetitionEvidence& evidence) const {
  add_cross_evidence(this->source(source), prints, paragraph, evidence);
}

void SourceModel::add_cross_evidence(const SourceHandle& source, const TemplatePrints& prints, size_t paragraph,
                                     RepetitionEvidence& evidence) const {
  const Impl& model = *impl_;
  const uint64_t hash = prints.paragraphs.at(paragraph).hash;
  if (const CrossEntry* entry = model.cross.find(hash)) {
    const SourceSet holders = model.holders(*entry);
    evidence.all_documents = entry->documents;
    evidence.other_sources = static_cast<uint32_t>(holders.size - (holders.contains(source.id) ? 1 : 0));
  } else if (const uint32_t* holder = model.lone.find(hash)) {
    evidence.other_sources = *holder != static_cast<uint32_t>(source.id) ? 1 : 0;
  }
}

uint32_t SourceModel::source_documents(std::string_view source) const { return this->source(source).documents; }

uint64_t SourceModel::documents() const {
  uint64_t total = 0;
  for (const auto& [id, info] : impl_->sources) total += info.documents;
  return total;
}

uint64_t SourceModel::sources() const { return impl_->sources.size(); }

uint64_t SourceModel::entries() const {
  return impl_->counters.size() + impl_->cross.size() + impl_->lone.size();
}

namespace {
constexpr size_t kMapNodeBytes = sizeof(std::pair<const uint64_t, SourceInfo>) + 32;
}  // namespace

size_t SourceModel::memory_bytes() const {
  return impl_->counters.memory_bytes() + impl_->cross.memory_bytes() + impl_->lone.memory_bytes() +
         impl_->blocks.capacity() * sizeof(SourceBlock) + impl_->sources.size() * kMapNodeBytes;
}

size_t SourceModel::planned_bytes() const {
  return impl_->counters.planned_bytes() + impl_->cross.planned_bytes() + impl_->lone.planned_bytes() +
         impl_->blocks.size() * sizeof(SourceBlock) + impl_->sources.size() * kMapNodeBytes;
}

uint64_t SourceModel::seed() const { return impl_->seed; }

unsigned SourceModel::shingle_words() const { return impl_->shingle_words; }

std::vector<SourceSummary> SourceModel::source_summaries() const {
  std::vector<SourceSummary> summaries;
  for (const auto& [id, info] : impl_->sources) summaries.push_back({info.name, info.documents});
  std::sort(summaries.begin(), summaries.end(),
            [](const SourceSummary& a, const SourceSummary& b) { return a.name < b.name; });
  return summaries;
}

// ---- Files ----------------------------------------------------------------------------

namespace {

using Impl = SourceModel::Impl;

struct Header {
  uint32_t shingle_words = 0;
  uint64_t seed = 0, file_size = 0, sources = 0, counters = 0, cross = 0;
};

// Every so many records, a reader gives the file's pages it has read back (FileBytes).
constexpr uint64_t kReleaseEvery = uint64_t{1} << 20;

// Reads a model file front to back, checking each record as it comes: sources (all at
// once, they are few), then counters, then cross-source entries.
class ModelReader {
 public:
  explicit ModelReader(const std::string& path)
      : file_(path), header_(read_header(file_.bytes())), body_(verified_body(file_, kHeaderBytes, header_.file_size)) {
    if (header_.shingle_words == 0) corrupt("shingle words is 0");
    body_.need_records(header_.sources, 16);
    for (uint64_t i = 0, previous = 0; i < header_.sources; ++i) {
      const uint64_t id = body_.u64();
      const uint32_t documents = body_.u32();
      const std::string_view name = body_.text(body_.u32());
      if (id <= previous) corrupt("sources out of order");
      previous = id;
      sources_.emplace_hint(sources_.end(), id, SourceInfo{std::string(name), documents});
    }
    body_.need_records(header_.counters, 12);
    if (header_.counters == 0) body_.need_records(header_.cross, 16);
  }

  const Header& header() const { return header_; }
  const std::map<uint64_t, SourceInfo>& sources() const { return sources_; }

  // How many of the counters not read yet reach `min_count`, without reading them.
  uint64_t counters_at_least(uint32_t min_count) const {
    if (min_count <= 1) return header_.counters - counters_read_;
    ByteReader ahead = body_;
    uint64_t reaching = 0;
    for (uint64_t i = counters_read_; i < header_.counters; ++i) {
      ahead.skip(8);
      reaching += ahead.u32() >= min_count;
      if (i % kReleaseEvery == 0) file_.release_before(ahead.position());
    }
    return reaching;
  }

  bool next_counter(uint64_t& key, uint32_t& documents) {
    if (counters_read_ == header_.counters) return false;
    key = body_.u64();
    documents = body_.u32();
    if (key <= previous_ || documents == 0) corrupt("counters out of order or zero");
    previous_ = key;
    if (++counters_read_ == header_.counters) {
      previous_ = 0;
      body_.need_records(header_.cross, 16);
    }
    release();
    return true;
  }

  // How many of the cross-source entries not read yet have one holder; after the counters.
  uint64_t cross_with_one_holder() const {
    ByteReader ahead = body_;
    uint64_t lone = 0;
    for (uint64_t i = cross_read_; i < header_.cross; ++i) {
      ahead.skip(12);
      const uint32_t holders = ahead.u32();
      if (holders > kSourceCap) corrupt("bad source count");
      lone += holders == 1;
      ahead.skip(8 * size_t{holders});
      if (i % kReleaseEvery == 0) file_.release_before(ahead.position());
    }
    return lone;
  }

  // After the counters.
  bool next_cross(uint64_t& hash, uint32_t& documents, SourceSet& holders) {
    if (cross_read_ == header_.cross) {
      if (body_.remaining() != 0) corrupt("bytes after the last section");
      return false;
    }
    hash = body_.u64();
    documents = body_.u32();
    const uint32_t holder_count = body_.u32();
    if (hash <= previous_ || documents == 0) corrupt("cross-source entries out of order or zero");
    if (holder_count == 0 || holder_count > kSourceCap) corrupt("bad source count");
    previous_ = hash;
    holders = SourceSet{};
    for (uint32_t k = 0; k < holder_count; ++k) {
      const uint64_t id = body_.u64();
      if (id == 0 || (k > 0 && id <= holders.ids[k - 1])) corrupt("source ids out of order");
      holders.ids[holders.size++] = id;
    }
    ++cross_read_;
    release();
    return true;
  }

 private:
  static Header read_header(std::span<const unsigned char> file) {
    ByteReader reader = read_preamble(file, kMagic, "winnow model file", "model", kFormatVersion);
    Header header;
    header.shingle_words = reader.u32();
    header.seed = reader.u64();
    header.file_size = reader.u64();
    header.sources = reader.u64();
    header.counters = reader.u64();
    header.cross = reader.u64();
    return header;
  }

  void release() {
    if (++records_read_ % kReleaseEvery == 0) file_.release_before(body_.position());
  }

  FileBytes file_;
  Header header_;
  ByteReader body_;
  std::map<uint64_t, SourceInfo> sources_;
  uint64_t counters_read_ = 0, cross_read_ = 0, records_read_ = 0, previous_ = 0;
};

// Writes a model file whose section sizes are known up front.
class ModelWriter {
 public:
  static uint64_t counter_bytes() { return 12; }
  static uint64_t cross_bytes(const SourceSet& holders) { return 16 + 8 * holders.size; }

  ModelWriter(const std::string& path, const Impl& model, uint64_t counters, uint64_t cross, uint64_t cross_bytes)
      : out_(path) {
    uint64_t size = kHeaderBytes + kChecksumBytes + counters * counter_bytes() + cross_bytes;
    for (const auto& [id, info] : model.sources) size += 16 + info.name.size();
    out_.bytes(kMagic);
    out_.u32(kFormatVersion);
    out_.u32(model.shingle_words);
    out_.u64(model.seed);
    for (const uint64_t field : {size, uint64_t{model.sources.size()}, counters, cross}) out_.u64(field);
    for (const auto& [id, info] : model.sources) {
      out_.u64(id);
      out_.u32(info.documents);
      out_.u32(static_cast<uint32_t>(info.name.size()));
      out_.bytes(info.name);
    }
  }

  void counter(uint64_t key, uint32_t documents) {
    out_.u64(key);
    out_.u32(documents);
  }
  void cross(uint64_t hash, uint32_t documents, const SourceSet& holders) {
    out_.u64(hash);
    out_.u32(documents);
    out_.u32(static_cast<uint32_t>(holders.size));
    for (size_t i = 0; i < holders.size; ++i) out_.u64(holders.ids[i]);
  }
  void commit() { out_.commit(); }

 private:
  StateWriter out_;
};

// Merges model files a record at a time: each key's counts summed, each hash's holders
// united, as SourceModel::merge does in memory.
class RunMerger {
 public:
  explicit RunMerger(const std::vector<std::string>& paths) : paths_(paths) {
    for (const std::string& path : paths) {
      try {
        readers_.push_back(std::make_unique<ModelReader>(path));
      } catch (const StateFileError& e) {
        throw ModelError(path + ": " + e.what());
      }
    }
    if (readers_.empty()) throw ModelError("no models to merge");
    const Header& first = readers_[0]->header();
    merged_.seed = first.seed;
    merged_.shingle_words = first.shingle_words;
    for (size_t i = 0; i < readers_.size(); ++i) {
      const ModelReader& reader = *readers_[i];
      if (reader.header().seed != first.seed || reader.header().shingle_words != first.shingle_words) {
        throw ModelError(paths[i] + ": learned with seed " + std::to_string(reader.header().seed) + " and " +
                         std::to_string(reader.header().shingle_words) + " shingle words, " + paths[0] +
                         " with seed " + std::to_string(first.seed) + " and " +
                         std::to_string(first.shingle_words) + ": models merge only when both are equal");
      }
      for (const auto& [id, info] : reader.sources()) {
        SourceInfo& mine = merged_.source(id, info.name);
        mine.documents = add_saturating(mine.documents, info.documents);
      }
    }
  }

  const Impl& sources() const { return merged_; }  // seed, shingle words and sources

  template <class Visit>
  void counters(Visit&& visit) {
    merge([](ModelReader& r, Head& h) { return r.next_counter(h.key, h.documents); },
          [&](uint64_t key, const std::vector<Head*>& same) {
            uint32_t documents = 0;
            for (const Head* h : same) documents = add_saturating(documents, h->documents);
            visit(key, documents);
          });
  }

  template <class Visit>
  void cross(Visit&& visit) {
    merge([](ModelReader& r, Head& h) { return r.next_cross(h.key, h.documents, h.holders); },
          [&](uint64_t hash, const std::vector<Head*>& same) {
            uint32_t documents = 0;
            SourceSet holders;
            for (const Head* h : same) {
              documents = add_saturating(documents, h->documents);
              for (size_t i = 0; i < h->holders.size; ++i) holders.insert(h->holders.ids[i]);
            }
            visit(hash, documents, holders);
          });
  }

 private:
  struct Head {
    uint64_t key = 0;
    uint32_t documents = 0;
    SourceSet holders;
  };

  // Hands each key, with the heads of every reader holding it, to `combine` in order.
  template <class Next, class Combine>
  void merge(Next&& next, Combine&& combine) {
    std::vector<Head> heads(readers_.size());
    const auto later = [&](size_t a, size_t b) { return heads[a].key > heads[b].key; };
    const auto advance = [&](size_t i) {
      try {
        return next(*readers_[i], heads[i]);
      } catch (const StateFileError& e) {
        throw ModelError(paths_[i] + ": " + e.what());
      }
    };
    std::vector<size_t> queue;  // a min-heap of readers by their head's key
    for (size_t i = 0; i < readers_.size(); ++i) {
      if (advance(i)) queue.push_back(i);
    }
    std::make_heap(queue.begin(), queue.end(), later);
    std::vector<Head*> same;
    std::vector<size_t> taken;
    while (!queue.empty()) {
      const uint64_t key = heads[queue.front()].key;
      same.clear();
      taken.clear();
      while (!queue.empty() && heads[queue.front()].key == key) {
        std::pop_heap(queue.begin(), queue.end(), later);
        taken.push_back(queue.back());
        same.push_back(&heads[queue.back()]);
        queue.pop_back();
      }
      combine(key, same);
      for (const size_t i : taken) {
        if (advance(i)) {
          queue.push_back(i);
          std::push_heap(queue.begin(), queue.end(), later);
        }
      }
    }
  }

  std::vector<std::string> paths_;
  std::vector<std::unique_ptr<ModelReader>> readers_;
  Impl merged_;
};

// Runs `write` on a ModelWriter it makes, then commits; a failure names the file.
template <class Write>
void write_model(const std::string& path, const Impl& model, uint64_t counters, uint64_t cross,
                 uint64_t cross_bytes, Write&& write) {
  try {
    ModelWriter out(path, model, counters, cross, cross_bytes);
    write(out);
    out.commit();
  } catch (const OutputError& e) {
    throw ModelWriteError(e.what());
  } catch (const OutputClosed&) {
    throw ModelWriteError(path + ": output closed");
  }
}

}  // namespace

void SourceModel::save(const std::string& path) const {
  const Impl& model = *impl_;
  const auto counters = model.counters.sorted();
  const auto cross = model.cross.sorted();
  uint64_t cross_bytes = 0;
  for (const auto& [hash, entry] : cross) cross_bytes += ModelWriter::cross_bytes(model.holders(entry));
  write_model(path, model, counters.size(), cross.size(), cross_bytes, [&](ModelWriter& out) {
    for (const auto& [key, documents] : counters) out.counter(key, documents);
    for (const auto& [hash, entry] : cross) out.cross(hash, entry.documents, model.holders(entry));
  });
}

SourceModel SourceModel::load(const std::string& path) { return load_counts(path, 1); }

SourceModel SourceModel::load_for_cleaning(const std::string& path) {
  return load_counts(path, kMinTemplateDocuments);
}

void SourceModel::drop_rare_counts() {
  Impl& m = *impl_;
  m.counters.retain([](uint64_t, uint32_t documents) { return documents >= kMinTemplateDocuments; });
  size_t lone = 0;
  m.cross.for_each([&](uint64_t, const CrossEntry& entry) { lone += entry.block == 0; });
  m.lone.reserve(lone);
  m.cross.for_each([&](uint64_t hash, const CrossEntry& entry) {
    if (entry.block == 0) m.lone.upsert(hash) = static_cast<uint32_t>(entry.first_source);
  });
  m.cross.retain([](uint64_t, const CrossEntry& entry) { return entry.block != 0; });
}

uint64_t SourceModel::forget_rare(uint32_t min_documents) {
  Impl& m = *impl_;
  const uint64_t before = entries() + m.sources.size();
  m.counters.retain([&](uint64_t, uint32_t documents) { return documents >= min_documents; });
  // Rare is rare however many sources hold it; the blocks of holders kept are renumbered.
  FlatTable<CrossEntry> cross;
  std::vector<SourceBlock> blocks;
  m.cross.for_each([&](uint64_t key, const CrossEntry& e) {
    if (e.documents < min_documents) return;
    CrossEntry& kept = cross.upsert(key);
    kept = e;
    if (e.block == 0) return;
    blocks.push_back(m.blocks[e.block - 1]);
    kept.block = static_cast<uint32_t>(blocks.size());
  });
  m.cross = std::move(cross);
  m.blocks = std::move(blocks);
  std::erase_if(m.sources, [&](const auto& s) { return s.second.documents < min_documents; });
  return before - (entries() + m.sources.size());
}

SourceModel SourceModel::load_counts(const std::string& path, uint32_t min_count) {
  try {
    ModelReader in(path);
    SourceModel model(in.header().seed, in.header().shingle_words);
    Impl& m = *model.impl_;
    m.sources = in.sources();
    m.counters.reserve(in.counters_at_least(min_count));
    uint64_t key = 0;
    uint32_t documents = 0;
    while (in.next_counter(key, documents)) {
      if (documents >= min_count) m.counters.upsert(key) = documents;
    }
    const bool cleaning = min_count > 1;
    const uint64_t lone = cleaning ? in.cross_with_one_holder() : 0;
    m.cross.reserve(in.header().cross - lone);
    m.lone.reserve(lone);
    SourceSet holders;
    while (in.next_cross(key, documents, holders)) m.set_cross(key, documents, holders, cleaning);
    return model;
  } catch (const StateFileError& e) {
    throw ModelError(path + ": " + e.what());
  }
}

ModelSummary SourceModel::summary_of(const std::string& path) {
  try {
    const ModelReader in(path);
    ModelSummary summary{0, in.sources().size(), in.header().counters + in.header().cross};
    for (const auto& [id, info] : in.sources()) summary.documents += info.documents;
    return summary;
  } catch (const StateFileError& e) {
    throw ModelError(path + ": " + e.what());
  }
}

void SourceModel::merge_files(const std::vector<std::string>& paths, const std::string& output) {
  // The header counts what the merge yields, so it runs twice: to count, then to write.
  uint64_t counters = 0, cross = 0, cross_bytes = 0;
  {
    RunMerger count(paths);
    count.counters([&](uint64_t, uint32_t) { ++counters; });
    count.cross([&](uint64_t, uint32_t, const SourceSet& holders) {
      ++cross;
      cross_bytes += ModelWriter::cross_bytes(holders);
    });
  }
  RunMerger runs(paths);
  write_model(output, runs.sources(), counters, cross, cross_bytes, [&](ModelWriter& out) {
    runs.counters([&](uint64_t key, uint32_t documents) { out.counter(key, documents); });
    runs.cross([&](uint64_t hash, uint32_t documents, const SourceSet& holders) { out.cross(hash, documents, holders); });
  });
}

SourceModel SourceModel::merge_files_for_cleaning(const std::vector<std::string>& paths) {
  // Counted first, so the tables are made once at their final size.
  uint64_t counters = 0, cross = 0, lone = 0;
  {
    RunMerger count(paths);
    count.counters([&](uint64_t, uint32_t documents) { counters += documents >= kMinTemplateDocuments; });
    count.cross([&](uint64_t, uint32_t, const SourceSet& holders) { ++(holders.size == 1 ? lone : cross); });
  }
  RunMerger runs(paths);
  SourceModel model(runs.sources().seed, runs.sources().shingle_words);
  Impl& m = *model.impl_;
  m.sources = runs.sources().sources;
  m.counters.reserve(counters);
  m.cross.reserve(cross);
  m.lone.reserve(lone);
  runs.counters([&](uint64_t key, uint32_t documents) {
    if (documents >= kMinTemplateDocuments) m.counters.upsert(key) = documents;
  });
  runs.cross([&](uint64_t hash, uint32_t documents, const SourceSet& holders) {
    m.set_cross(hash, documents, holders, /*cleaning=*/true);
  });
  return model;
}

}  // namespace winnow
