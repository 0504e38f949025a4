// A multimap from 32-bit keys to postings, compact enough to hold a whole corpus: one
// sorted array (what a saved index loads straight into) plus a hash table of the newest
// postings, folded into the array once it outgrows a quarter of it. Keys are truncated
// hashes, so a match is a candidate the caller verifies.
#pragma once
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace winnow {

// The part of a 64-bit hash a posting keeps.
inline uint32_t posting_key(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

struct DocPosting {
  uint32_t key;
  uint32_t doc;
};

struct WordPosting {
  uint32_t key;
  uint32_t doc;
  uint32_t word;
};

template <typename Posting>
class PostingTable {
 public:
  // A filtered table keeps a Bloom filter of its keys, about a byte a posting, so a lookup
  // of a key never added costs one memory access: worth it where most keys looked up are
  // new (passage fingerprints), not for a few lookups a record.
  explicit PostingTable(bool filtered = false) : filtered_(filtered) {}

  // Postings must come in non-decreasing doc order, as records are indexed.
  void add(const Posting& posting) {
    if (recent_.size() >= recent_limit()) fold();
    if (filtered_) {
      if (size() + 1 > filter_.size() * kFilterPostingsPerWord) grow_filter();
      mark(posting.key);
    }
    if ((recent_.size() + 1) * 2 > heads_.size()) grow_heads();
    recent_.push_back(posting);
    uint32_t& head = heads_[slot_of(posting.key)];
    next_.push_back(head);
    head = static_cast<uint32_t>(recent_.size());
  }

  // Calls visit(posting) for postings under `key`, newest first, at most `limit` of them.
  template <typename Visit>
  void visit(uint32_t key, unsigned limit, Visit&& visit) const {
    if (filtered_ && !may_hold(key)) return;
    unsigned seen = 0;
    if (!heads_.empty()) {
      for (uint32_t i = heads_[slot_of(key)]; i != 0 && seen < limit; i = next_[i - 1]) {
        if (recent_[i - 1].key == key) {
          visit(recent_[i - 1]);
          ++seen;
        }
      }
    }
    auto [first, last] = sorted_range(key);
    while (last != first && seen < limit) {
      visit(*--last);
      ++seen;
    }
  }

  // Moves every posting into the sorted array (before saving, say). Merges from the back,
  // in place, so a table that stays the same size reuses its memory.
  void fold() {
    if (recent_.empty()) return;
    sort_by_key(recent_, scratch_);
    scratch_.clear();
    scratch_.shrink_to_fit();
    const size_t old_size = sorted_.size();
    if (old_size + recent_.size() > sorted_.capacity()) sorted_.reserve((old_size + recent_.size()) * 5 / 4);
    sorted_.resize(old_size + recent_.size());
    Posting* out = sorted_.data() + sorted_.size();
    const Posting* old_end = sorted_.data() + old_size;
    const Posting* new_end = recent_.data() + recent_.size();
    while (new_end != recent_.data()) {  // newer postings go after older ones of their key
      if (old_end != sorted_.data() && (old_end - 1)->key > (new_end - 1)->key) {
        *--out = *--old_end;
      } else {
        *--out = *--new_end;
      }
    }
    recent_.clear();
    next_.clear();
    recent_.reserve(recent_limit());  // exactly, rather than doubling past it
    next_.reserve(recent_limit());
    std::fill(heads_.begin(), heads_.end(), 0);
    build_directory();
  }

  // Forgets the postings of docs before `doc` (the oldest, evicted to bound memory).
  void erase_docs_before(uint32_t doc) {
    fold();
    std::erase_if(sorted_, [doc](const Posting& p) { return p.doc < doc; });
    build_directory();
    if (filtered_) grow_filter();
  }

  // Postings by key, then age; complete after fold().
  std::span<const Posting> sorted() const { return sorted_; }
  // Replaces the contents with postings already in sorted() order (a loaded index).
  void assign_sorted(std::vector<Posting> postings) {
    sorted_ = std::move(postings);
    recent_.clear();
    next_.clear();
    heads_.clear();
    build_directory();
    filter_.clear();
    if (filtered_) grow_filter();
  }

  size_t size() const { return sorted_.size() + recent_.size(); }
  // What the table takes, less the sorted array's room to grow (which memory_bytes() counts).
  size_t live_bytes() const {
    return memory_bytes() - (sorted_.capacity() - sorted_.size()) * sizeof(Posting);
  }
  size_t memory_bytes() const {
    return (sorted_.capacity() + recent_.capacity()) * sizeof(Posting) +
           (next_.capacity() + heads_.capacity() + directory_.capacity()) * sizeof(uint32_t) +
           filter_.capacity() * sizeof(uint64_t);
  }

 private:
  static constexpr size_t kMinRecent = 1 << 16;
  size_t recent_limit() const { return std::max<size_t>(kMinRecent, sorted_.size() / 4); }

  size_t slot_of(uint32_t key) const {
    return (key * 0x9E3779B1u) >> (32 - std::countr_zero(heads_.size())) & (heads_.size() - 1);
  }

  // The Bloom filter: two bits in one 64-bit word per key, about eight bits a posting, so
  // a key never added is turned away 95% of the time.
  static constexpr size_t kFilterPostingsPerWord = 8;

  static uint64_t filter_bits(uint32_t key) {
    const uint32_t mixed = key * 0x9E3779B1u;
    return (uint64_t{1} << (mixed >> 26)) | (uint64_t{1} << ((mixed >> 20) & 63));
  }
  size_t filter_word(uint32_t key) const { return key & (filter_.size() - 1); }
  void mark(uint32_t key) { filter_[filter_word(key)] |= filter_bits(key); }
  bool may_hold(uint32_t key) const {
    if (filter_.empty()) return false;
    const uint64_t bits = filter_bits(key);
    return (filter_[filter_word(key)] & bits) == bits;
  }

  // Doubles the filter (a power of two words) past the postings held, and refills it.
  void grow_filter() {
    const size_t words = std::bit_ceil(std::max<size_t>(64, (size() + 1) / kFilterPostingsPerWord * 2));
    filter_.assign(words, 0);
    for (const Posting& p : sorted_) mark(p.key);
    for (const Posting& p : recent_) mark(p.key);
  }

  // LSD radix sort, stable: postings of one key keep their doc order, which makes the
  // newest last.
  static void sort_by_key(std::vector<Posting>& postings, std::vector<Posting>& scratch) {
    constexpr unsigned kBits = 11;
    constexpr uint32_t kMask = (1u << kBits) - 1;
    scratch.resize(postings.size());
    for (unsigned shift = 0; shift < 32; shift += kBits) {
      std::vector<uint32_t> start(size_t{kMask} + 1, 0);
      for (const Posting& p : postings) ++start[(p.key >> shift) & kMask];
      uint32_t sum = 0;
      for (uint32_t& s : start) sum += std::exchange(s, sum);
      for (const Posting& p : postings) scratch[start[(p.key >> shift) & kMask]++] = p;
      postings.swap(scratch);
    }
  }

  void grow_heads() {
    heads_.assign(std::max<size_t>(1024, heads_.size() * 2), 0);
    for (size_t i = 0; i < recent_.size(); ++i) {
      uint32_t& head = heads_[slot_of(recent_[i].key)];
      next_[i] = head;
      head = static_cast<uint32_t>(i + 1);
    }
  }

  // directory_[p] is the first sorted posting whose key's top bits are >= p.
  void build_directory() {
    shift_ = 32 - std::clamp<int>(std::bit_width(sorted_.size()) - 3, 1, 24);
    directory_.assign((size_t{1} << (32 - shift_)) + 1, 0);
    size_t i = 0;
    for (size_t p = 0; p + 1 < directory_.size(); ++p) {
      while (i < sorted_.size() && (sorted_[i].key >> shift_) < p) ++i;
      directory_[p] = static_cast<uint32_t>(i);
    }
    directory_.back() = static_cast<uint32_t>(sorted_.size());
  }

  std::pair<const Posting*, const Posting*> sorted_range(uint32_t key) const {
    if (sorted_.empty()) return {nullptr, nullptr};
    const size_t p = key >> shift_;
    const Posting* begin = sorted_.data() + directory_[p];
    const Posting* end = sorted_.data() + directory_[p + 1];
    const auto less = [](const Posting& a, uint32_t k) { return a.key < k; };
    const Posting* first = std::lower_bound(begin, end, key, less);
    const Posting* last = first;
    while (last != end && last->key == key) ++last;
    return {first, last};
  }

  std::vector<Posting> sorted_;
  std::vector<uint32_t> directory_;
  int shift_ = 31;
  std::vector<Posting> recent_;
  std::vector<uint32_t> next_;   // 1-based index of the older recent posting in its slot, 0: none
  std::vector<uint32_t> heads_;  // 1-based index of the newest recent posting per slot, 0: none
  std::vector<Posting> scratch_;
  bool filtered_;
  std::vector<uint64_t> filter_;
};

}  // namespace winnow
