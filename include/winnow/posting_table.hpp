// A multimap from 32-bit keys to postings, compact enough to hold a whole corpus. The
// newest postings sit in a hash table small enough to stay in cache, since writes to
// random places in a large one cost more than all the rest of an insert; when it fills,
// they are sorted into a run. Runs are kept oldest first and merged while an older one
// is less than four times the next, so there are a few, mostly large (what a saved index
// loads straight into). Keys are truncated hashes: a match is a candidate the caller
// verifies.
#pragma once
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "winnow/pod_array.hpp"

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
  // A filtered table keeps a Bloom filter of the keys in its runs, 2 to 8 bytes a posting,
  // so a lookup of a key never added costs one memory access: worth it where most keys
  // looked up are new (passage fingerprints), not for a few lookups a record.
  explicit PostingTable(bool filtered = false) : filtered_(filtered) {}

  // Postings must come in non-decreasing doc order, as records are indexed.
  void add(const Posting& posting) {
    if (recent_.size() >= kRecentLimit) flush_recent();
    if (heads_.empty()) heads_.assign(kHeadSlots, 0);
    recent_.push_back(posting);
    uint32_t& head = heads_[slot_of(posting.key)];
    next_.push_back(head);
    head = static_cast<uint32_t>(recent_.size());
  }

  // Calls visit(posting) for postings under `key`, newest first, at most `limit` of them.
  template <typename Visit>
  void visit(uint32_t key, unsigned limit, Visit&& visit) const {
    unsigned seen = 0;
    if (!recent_.empty()) {
      for (uint32_t i = heads_[slot_of(key)]; i != 0 && seen < limit; i = next_[i - 1]) {
        if (recent_[i - 1].key == key) {
          visit(recent_[i - 1]);
          ++seen;
        }
      }
    }
    if (runs_.empty() || (filtered_ && !may_hold(key))) return;
    for (auto run = runs_.rbegin(); run != runs_.rend() && seen < limit; ++run) {
      auto [first, last] = run->range(key);
      while (last != first && seen < limit) {
        visit(*--last);
        ++seen;
      }
    }
  }

  // Merges every posting into one sorted run (before saving, say).
  void fold() {
    flush_recent();
    while (runs_.size() > 1) merge_last_two();
  }

  // Forgets the postings of docs before `doc` (the oldest, evicted to bound memory). Runs
  // hold consecutive docs, so most of those forgotten go whole; the one or two reaching
  // past the cut are trimmed, and give their room back once it is mostly empty.
  void erase_docs_before(uint32_t doc) {
    flush_recent();
    size_t whole = 0;
    while (whole < runs_.size() && runs_[whole].last_doc < doc) ++whole;
    runs_.erase(runs_.begin(), runs_.begin() + static_cast<std::ptrdiff_t>(whole));
    for (Run& run : runs_) {
      if (run.first_doc >= doc) break;
      run.postings.keep_if([doc](const Posting& p) { return p.doc >= doc; });
      if (run.postings.size() < run.postings.capacity() / 2) run.postings.shrink_to_fit();
      run.first_doc = doc;
      run.build_directory();
    }
    std::erase_if(runs_, [](const Run& run) { return run.postings.empty(); });
    run_postings_ = 0;
    for (const Run& run : runs_) run_postings_ += run.postings.size();
    if (filtered_) rebuild_filter();
  }

  // Postings by key, then age; complete after fold().
  std::span<const Posting> sorted() const {
    return runs_.empty() ? std::span<const Posting>() : std::span<const Posting>(runs_.front().postings);
  }
  // Replaces the contents with postings already in sorted() order (a loaded index).
  void assign_sorted(PodArray<Posting> postings) {
    recent_.clear();
    next_.clear();
    heads_.clear();
    runs_.clear();
    run_postings_ = postings.size();
    if (!postings.empty()) {
      Run run;
      run.first_doc = UINT32_MAX;
      for (const Posting& p : postings) {
        run.first_doc = std::min(run.first_doc, p.doc);
        run.last_doc = std::max(run.last_doc, p.doc);
      }
      run.postings = std::move(postings);
      run.build_directory();
      runs_.push_back(std::move(run));
    }
    if (filtered_) rebuild_filter();
  }

  size_t size() const { return run_postings_ + recent_.size(); }
  // What the table takes, less the runs' room to grow (which memory_bytes() counts).
  size_t live_bytes() const {
    size_t spare = 0;
    for (const Run& run : runs_) spare += run.postings.capacity() - run.postings.size();
    return memory_bytes() - spare * sizeof(Posting);
  }
  size_t memory_bytes() const {
    size_t bytes = (recent_.capacity() + scratch_.capacity()) * sizeof(Posting) +
                   (next_.capacity() + heads_.capacity()) * sizeof(uint32_t) + filter_.capacity() * sizeof(uint64_t);
    for (const Run& run : runs_) {
      bytes += run.postings.capacity() * sizeof(Posting) + run.directory.capacity() * sizeof(uint32_t);
    }
    return bytes;
  }

 private:
  // 65,536 postings and 131,072 heads: about 1.3 MiB for passage postings, which stays
  // in the last-level cache.
  static constexpr size_t kRecentLimit = size_t{1} << 16;
  static constexpr size_t kHeadSlots = kRecentLimit * 2;
  static constexpr size_t kRunRatio = 4;

  // Sorted postings of consecutive docs, with a directory by the keys' top bits.
  struct Run {
    PodArray<Posting> postings;
    std::vector<uint32_t> directory;  // [p]: the first posting whose key's top bits are >= p
    int shift = 31;
    uint32_t first_doc = 0, last_doc = 0;

    // Counted, then summed: no branch per posting.
    void build_directory() {
      reset_directory(postings.size());
      count(postings.begin(), postings.end());
      sum_directory();
    }
    // Zero counts for `size` postings; count() them as they are written, then sum.
    void reset_directory(size_t size) {
      shift = 32 - std::clamp<int>(std::bit_width(size) - 3, 1, 24);
      directory.assign((size_t{1} << (32 - shift)) + 1, 0);
    }
    void count(const Posting& p) { ++directory[(p.key >> shift) + 1]; }
    void count(const Posting* first, const Posting* last) {
      for (; first != last; ++first) count(*first);
    }
    void sum_directory() {
      for (size_t p = 1; p < directory.size(); ++p) directory[p] += directory[p - 1];
    }

    std::pair<const Posting*, const Posting*> range(uint32_t key) const {
      const size_t p = key >> shift;
      const Posting* begin = postings.data() + directory[p];
      const Posting* end = postings.data() + directory[p + 1];
      const auto less = [](const Posting& a, uint32_t k) { return a.key < k; };
      const Posting* first = std::lower_bound(begin, end, key, less);
      const Posting* last = first;
      while (last != end && last->key == key) ++last;
      return {first, last};
    }
  };

  static size_t slot_of(uint32_t key) { return (key * 0x9E3779B1u) >> 15 & (kHeadSlots - 1); }

  void flush_recent() {
    if (recent_.empty()) return;
    Run run;
    run.first_doc = recent_.front().doc;  // still in the order added
    run.last_doc = recent_.back().doc;
    sort_by_key(recent_, scratch_);
    run.postings.assign(recent_.data(), recent_.data() + recent_.size());
    run.build_directory();
    run_postings_ += run.postings.size();
    runs_.push_back(std::move(run));
    if (filtered_ && run_postings_ > filter_.size() * kFilterPostingsPerWord) {
      rebuild_filter();
    } else if (filtered_) {
      for (const Posting& p : runs_.back().postings) mark(p.key);
    }
    recent_.clear();
    next_.clear();
    std::fill(heads_.begin(), heads_.end(), 0);
    while (runs_.size() >= 2 && runs_[runs_.size() - 2].postings.size() < kRunRatio * runs_.back().postings.size()) {
      merge_last_two();
    }
  }

  // Merges the newest run into the one before it, from the back and in place, so a run
  // that stays the same size reuses its memory. The room is taken first: a failed
  // allocation leaves both runs as they were.
  void merge_last_two() {
    Run& older = runs_[runs_.size() - 2];
    const Run& newer = runs_.back();
    PodArray<Posting>& merged = older.postings;
    const size_t old_size = merged.size();
    if (old_size + newer.postings.size() > merged.capacity()) merged.reserve((old_size + newer.postings.size()) * 5 / 4);
    merged.resize_for_overwrite(old_size + newer.postings.size());
    Posting* out = merged.data() + merged.size();
    const Posting* old_end = merged.data() + old_size;
    const Posting* new_begin = newer.postings.data();
    const Posting* new_end = new_begin + newer.postings.size();
    // The directory is counted as the postings are written, not in a pass of its own
    // over memory the merge has just left.
    older.reset_directory(merged.size());
    // Newer postings go after older ones of their key. Keys are hashes, so which side
    // comes next is a coin toss: chosen without a branch.
    while (new_end != new_begin && old_end != merged.data()) {
      const bool take_old = (old_end - 1)->key > (new_end - 1)->key;
      *--out = *(take_old ? old_end - 1 : new_end - 1);
      older.count(*out);
      old_end -= take_old;
      new_end -= !take_old;
    }
    older.count(new_begin, new_end);
    std::copy_backward(new_begin, new_end, out);
    older.count(merged.data(), old_end);  // older postings the merge left where they were
    older.sum_directory();
    older.last_doc = newer.last_doc;
    runs_.pop_back();
  }

  // The Bloom filter: two bits in one 64-bit word per key, sixteen to sixty-four bits a
  // posting (built at one or two postings a word, rebuilt past four). Each key let through
  // costs a search of every run, a cache miss or two each, so the room pays: at eight to
  // thirty-two bits, clean ran 6% slower on a 1 GB feed. The word is chosen by the key's
  // top bits, so a sorted run marks it front to back. Passage fingerprints are the least
  // hashes of their windows and crowd toward zero: that loads the low words more, but
  // keeps the words and directory slots in use few and cached (keys spread evenly ran
  // 8-15% slower).
  static constexpr size_t kFilterPostingsPerWord = 4;

  static uint64_t filter_bits(uint32_t key) {
    const uint32_t mixed = key * 0x9E3779B1u;
    return (uint64_t{1} << (mixed >> 26)) | (uint64_t{1} << ((mixed >> 20) & 63));
  }
  size_t filter_word(uint32_t key) const { return key >> filter_shift_; }
  void mark(uint32_t key) { filter_[filter_word(key)] |= filter_bits(key); }
  bool may_hold(uint32_t key) const {
    if (filter_.empty()) return false;
    const uint64_t bits = filter_bits(key);
    return (filter_[filter_word(key)] & bits) == bits;
  }

  // Sizes the filter (a power of two words) to the postings in runs, and refills it.
  void rebuild_filter() {
    const size_t words = std::bit_ceil(std::max<size_t>(64, (run_postings_ + 1) / kFilterPostingsPerWord * 2));
    filter_shift_ = 32 - std::countr_zero(words);
    filter_.assign(words, 0);
    for (const Run& run : runs_) {
      for (const Posting& p : run.postings) mark(p.key);
    }
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

  std::vector<Run> runs_;  // oldest first
  size_t run_postings_ = 0;
  std::vector<Posting> recent_;
  std::vector<uint32_t> next_;   // 1-based index of the older recent posting in its slot, 0: none
  std::vector<uint32_t> heads_;  // 1-based index of the newest recent posting per slot, 0: none
  std::vector<Posting> scratch_;
  bool filtered_;
  int filter_shift_ = 26;
  std::vector<uint64_t> filter_;
};

}  // namespace winnow
