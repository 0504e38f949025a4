// Duplicate index file format, version 3
// ======================================
//
// Binary; every integer is little-endian.
//
//   offset  bytes  field
//   0       8      magic "WNWINDEX"
//   8       4      u32 format version: 3
//   12      4      u32 shingle words
//   16      4      u32 minimum passage words
//   20      4      u32 MinHash permutations
//   24      8      u64 near-duplicate threshold, IEEE 754 double bits (the LSH bands follow it)
//   32      8      u64 hash seed
//   40      8      u64 file size in bytes, checksum included (tells truncation from corruption)
//   48      8      u64 R: records held
//   56      8      u64 S: sources
//   64      8      u64 I: bytes of record ids
//   72      8      u64 W: words
//   80      8      u64 B: bytes of word spans
//   88      8      u64 E: exact-content postings
//   96      8      u64 L: LSH band postings
//   104     8      u64 P: passage fingerprint postings
//   112     8      u64 H: horizon; records before it keep no words, bands or fingerprints
//   120     8      u64 F: the first record held; records are numbered F to F+R-1, the
//                  ones before F forgotten, F <= H <= F+R
//   128            S sources: u32 length N, N bytes of name
//                  R records, in the order they were indexed:
//                    u32 source, u32 canonical (a record of the same cluster, F to F+R-1),
//                    u64 date (seconds, two's complement; 2^63-1: none), u32 id length,
//                    u32 words, u64 content hash, u32 start and u32 end of the bytes
//                    from its first word to its last in its output text
//                  I bytes: the ids, in record order
//                  W x u16: each word's 16-bit hash, in record order, from record H on
//                  B bytes: per word, a varint gap from the previous word's end and a
//                    varint length: byte spans in the record's output text, from record H on
//                  E x (u32 key, u32 record >= F), L x (u32 key, u32 record >= H),
//                  P x (u32 key, u32 record >= H, u32 word): postings sorted by key, then record
//   size-8  8      u64 XXH3-64 (seed 0) of every byte before it
//
// Keys are the top 32 bits of 64-bit hashes; a match is verified against the words, or
// the content hash before the horizon.
// Equal indexes give equal bytes.

#include <bit>
#include <cstring>

#include "winnow/duplicate_index.hpp"
#include "winnow/state_file.hpp"

namespace winnow {

static_assert(std::endian::native == std::endian::little, "postings are saved as they lie in memory");

namespace {

constexpr std::string_view kMagic = "WNWINDEX";
constexpr uint32_t kFormatVersion = 3;
constexpr size_t kHeaderBytes = 128;
constexpr size_t kRecordBytes = 40;
constexpr size_t kChecksumBytes = 8;

struct Header {
  uint32_t shingle_words = 0, min_passage_words = 0, permutations = 0;
  uint64_t threshold_bits = 0, seed = 0, file_size = 0;
  uint64_t records = 0, sources = 0, id_bytes = 0, words = 0, span_bytes = 0;
  uint64_t exact = 0, bands = 0, prints = 0, horizon = 0, first = 0;
};

template <typename T>
std::string_view raw(std::span<const T> values) {
  return {reinterpret_cast<const char*>(values.data()), values.size_bytes()};
}

template <typename T>
PodArray<T> read_pod_array(ByteReader& in, uint64_t count) {
  in.need_records(count, sizeof(T));
  PodArray<T> values;
  values.resize_for_overwrite(count);
  if (count > 0) std::memcpy(values.data(), in.text(count * sizeof(T)).data(), count * sizeof(T));
  return values;
}

Header read_header(std::span<const unsigned char> file) {
  ByteReader in = read_preamble(file, kMagic, "winnow duplicate index", "index", kFormatVersion);
  Header h;
  h.shingle_words = in.u32();
  h.min_passage_words = in.u32();
  h.permutations = in.u32();
  h.threshold_bits = in.u64();
  h.seed = in.u64();
  for (uint64_t* field : {&h.file_size, &h.records, &h.sources, &h.id_bytes, &h.words, &h.span_bytes, &h.exact,
                          &h.bands, &h.prints, &h.horizon, &h.first}) {
    *field = in.u64();
  }
  return h;
}

// An index answers only the questions it was built for: the options that shape its keys.
void check_options(const Header& h, const DuplicateOptions& o) {
  const auto differs = [](const char* option, const std::string& built, const std::string& asked) {
    throw StateFileError("built with " + std::string(option) + " " + built + ", this run asks for " + asked +
                         " (use the same options, or start a new index)");
  };
  if (h.shingle_words != o.shingle_words) {
    differs("--shingle-words", std::to_string(h.shingle_words), std::to_string(o.shingle_words));
  }
  if (h.min_passage_words != o.min_passage_words) {
    differs("--min-passage-words", std::to_string(h.min_passage_words), std::to_string(o.min_passage_words));
  }
  if (h.threshold_bits != std::bit_cast<uint64_t>(o.threshold)) {
    differs("--threshold", std::to_string(std::bit_cast<double>(h.threshold_bits)), std::to_string(o.threshold));
  }
  if (h.permutations != o.permutations || h.seed != o.seed) {
    differs("permutations/seed", std::to_string(h.permutations) + "/" + std::to_string(h.seed),
            std::to_string(o.permutations) + "/" + std::to_string(o.seed));
  }
}

uint32_t read_varint(ByteReader& in) {
  uint32_t value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    const auto byte = static_cast<unsigned char>(in.text(1)[0]);
    value |= uint32_t{byte & 0x7Fu} << shift;
    if (byte < 0x80) return value;
  }
  corrupt("word span varint too long");
}

// Each record's words take a stretch of the span bytes only decoding can tell.
uint64_t span_bytes_of(ByteReader& spans, uint32_t words) {
  const size_t before = spans.remaining();
  for (uint32_t i = 0; i < 2 * words; ++i) read_varint(spans);
  return before - spans.remaining();
}

// Canonical links must end at a record that is its own canonical: a cycle would never end.
// Records are numbered from `first`.
template <typename Record>
void check_clusters(const std::vector<Record>& records, uint32_t first) {
  enum : uint8_t { unseen, walking, done };
  std::vector<uint8_t> state(records.size(), unseen);
  std::vector<uint32_t> path;
  for (uint32_t start = 0; start < records.size(); ++start) {
    path.clear();
    uint32_t r = start;
    while (state[r] == unseen && records[r].canonical != first + r) {
      state[r] = walking;
      path.push_back(r);
      r = records[r].canonical - first;
    }
    if (state[r] == walking) corrupt("canonical links form a cycle");
    state[r] = done;
    for (uint32_t p : path) state[p] = done;
  }
}

template <typename Posting>
void check_postings(const PodArray<Posting>& postings, uint64_t first, uint64_t records, const char* what) {
  for (size_t i = 0; i < postings.size(); ++i) {
    if (postings[i].doc < first || postings[i].doc >= records || (i > 0 && (postings[i].key < postings[i - 1].key ||
                                                 (postings[i].key == postings[i - 1].key &&
                                                  postings[i].doc < postings[i - 1].doc)))) {
      corrupt(std::string(what) + " postings out of order or out of range");
    }
  }
}

}  // namespace

// Reaches into DuplicateIndex's tables, which only this file and the class itself know.
class IndexFile {
 public:
  static void save(DuplicateIndex& index, const std::string& path);
  static DuplicateIndex load(const std::string& path, const DuplicateOptions* expected);

 private:
  static void read_records(ByteReader& in, const Header& h, DuplicateIndex& index);
};

void IndexFile::save(DuplicateIndex& index, const std::string& path) {
  index.exact_.fold();
  index.bands_.fold();
  index.prints_.fold();
  const DuplicateOptions& o = index.options_;
  const std::span<const uint16_t> hashes = index.words_.all_hashes();
  const std::string_view spans = index.words_.all_span_bytes();
  uint64_t size = kHeaderBytes + kChecksumBytes + index.records_.size() * kRecordBytes + index.ids_.size() +
                  hashes.size() * 2 + spans.size() + (index.exact_.size() + index.bands_.size()) * 8 +
                  index.prints_.size() * 12;
  for (const std::string& s : index.sources_) size += 4 + s.size();
  try {
    StateWriter out(path);
    out.bytes(kMagic);
    out.u32(kFormatVersion);
    out.u32(o.shingle_words);
    out.u32(o.min_passage_words);
    out.u32(o.permutations);
    out.u64(std::bit_cast<uint64_t>(o.threshold));
    out.u64(o.seed);
    for (uint64_t field : {size, uint64_t{index.records_.size()}, uint64_t{index.sources_.size()},
                           uint64_t{index.ids_.size()}, uint64_t{hashes.size()}, uint64_t{spans.size()},
                           uint64_t{index.exact_.size()}, uint64_t{index.bands_.size()},
                           uint64_t{index.prints_.size()}, uint64_t{index.horizon_}, uint64_t{index.first_}}) {
      out.u64(field);
    }
    for (const std::string& s : index.sources_) {
      out.u32(static_cast<uint32_t>(s.size()));
      out.bytes(s);
    }
    for (const DuplicateIndex::Record& r : index.records_) {
      out.u32(r.source);
      out.u32(r.canonical);
      out.u64(static_cast<uint64_t>(r.date));
      out.u32(r.id_length);
      out.u32(r.words.count);
      out.u64(r.exact);
      out.u32(r.content.start);
      out.u32(r.content.end);
    }
    out.bytes(index.ids_);
    out.bytes(raw(hashes));
    out.bytes(spans);
    out.bytes(raw(index.exact_.sorted()));
    out.bytes(raw(index.bands_.sorted()));
    out.bytes(raw(index.prints_.sorted()));
    out.commit();
  } catch (const OutputError& e) {
    throw StateFileError(e.what());
  } catch (const OutputClosed&) {
    throw StateFileError(path + ": output closed");
  }
}

void IndexFile::read_records(ByteReader& in, const Header& h, DuplicateIndex& index) {
  in.need_records(h.records, kRecordBytes);
  const uint64_t end = h.first + h.records;
  if (end > DuplicateIndex::kMaxRecords) corrupt("more records than an index numbers");
  if (h.horizon < h.first || h.horizon > end) corrupt("horizon outside the records held");
  index.horizon_ = static_cast<uint32_t>(h.horizon);
  index.first_ = static_cast<uint32_t>(h.first);
  index.records_.reserve(h.records);
  uint64_t id_offset = 0, first_word = 0;
  for (uint64_t i = 0; i < h.records; ++i) {
    DuplicateIndex::Record r{};
    r.source = in.u32();
    r.canonical = in.u32();
    r.date = static_cast<int64_t>(in.u64());
    r.id_offset = id_offset;
    r.id_length = in.u32();
    r.words.first_word = first_word;
    r.words.count = in.u32();
    r.exact = in.u64();
    r.content.start = in.u32();
    r.content.end = in.u32();
    if (r.source >= h.sources || r.canonical < h.first || r.canonical >= end || r.content.start > r.content.end) {
      corrupt("record " + std::to_string(h.first + i) + " out of range");
    }
    id_offset += r.id_length;
    if (h.first + i >= h.horizon) first_word += r.words.count;
    index.records_.push_back(r);
  }
  if (id_offset != h.id_bytes || first_word != h.words) corrupt("record ids or words do not add up");
}

DuplicateIndex IndexFile::load(const std::string& path, const DuplicateOptions* expected) {
  try {
    const FileBytes file(path);
    const Header h = read_header(file.bytes());
    ByteReader in(verified_body(file, kHeaderBytes, h.file_size));
    const double threshold = std::bit_cast<double>(h.threshold_bits);
    if (h.shingle_words < 1 || h.shingle_words > 64 || h.min_passage_words < 2 || h.permutations == 0 ||
        !(threshold > 0.0 && threshold <= 1.0)) {
      corrupt("options out of range");
    }
    DuplicateOptions options;
    if (expected != nullptr) options = *expected;
    options.shingle_words = h.shingle_words;
    options.min_passage_words = h.min_passage_words;
    options.permutations = h.permutations;
    options.threshold = threshold;
    options.seed = h.seed;
    if (expected != nullptr) check_options(h, *expected);
    DuplicateIndex index(options);
    in.need_records(h.sources, 4);
    for (uint64_t i = 0; i < h.sources; ++i) {
      const std::string_view name = in.text(in.u32());
      index.intern_source(name);
      if (index.sources_.size() != i + 1) corrupt("a source is listed twice");
    }
    read_records(in, h, index);
    check_clusters(index.records_, index.first_);
    index.ids_ = std::string(in.text(h.id_bytes));
    PodArray<uint16_t> hashes = read_pod_array<uint16_t>(in, h.words);
    file.release_before(in.position());
    const std::string_view span_bytes = in.text(h.span_bytes);
    ByteReader spans(std::span(reinterpret_cast<const unsigned char*>(span_bytes.data()), span_bytes.size()));
    uint64_t first_byte = 0;
    for (size_t i = h.horizon - h.first; i < index.records_.size(); ++i) {
      DuplicateIndex::Record& r = index.records_[i];
      r.words.first_byte = first_byte;
      first_byte += span_bytes_of(spans, r.words.count);
    }
    if (spans.remaining() != 0) corrupt("word spans do not add up");
    index.words_.assign(std::move(hashes), PodArray<char>(std::span(span_bytes.data(), span_bytes.size())), 0, 0);
    file.release_before(in.position());
    auto exact = read_pod_array<DocPosting>(in, h.exact);
    auto bands = read_pod_array<DocPosting>(in, h.bands);
    file.release_before(in.position());
    auto prints = read_pod_array<WordPosting>(in, h.prints);
    file.release_before(in.position());
    if (in.remaining() != 0) corrupt("bytes after the last section");
    const uint64_t end = h.first + h.records;
    check_postings(exact, h.first, end, "exact");
    check_postings(bands, h.horizon, end, "band");
    check_postings(prints, h.horizon, end, "passage");
    for (const WordPosting& p : prints) {
      if (p.word >= index.at(p.doc).words.count) corrupt("passage posting past its record's words");
    }
    index.exact_.assign_sorted(std::move(exact));
    index.bands_.assign_sorted(std::move(bands));
    index.prints_.assign_sorted(std::move(prints));
    return index;
  } catch (const StateFileError& e) {
    throw StateFileError(path + ": " + e.what());
  }
}

void DuplicateIndex::save(const std::string& path) { IndexFile::save(*this, path); }

DuplicateIndex DuplicateIndex::load(const std::string& path, const DuplicateOptions& options) {
  return IndexFile::load(path, &options);
}

DuplicateIndex DuplicateIndex::load(const std::string& path) { return IndexFile::load(path, nullptr); }

}  // namespace winnow
