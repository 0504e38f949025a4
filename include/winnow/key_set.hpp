// A read-only set of 64-bit keys that are already good hashes (XXH3 of words), for a test
// asked of every word whose answer is a coin toss (is it a stopword?): cuckoo placement
// puts each key in one of two slots, so a test is two loads and no data-dependent branch.
#pragma once
#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace winnow {

class KeySet {
 public:
  // Keys must be distinct.
  void build(std::span<const uint64_t> keys) {
    has_zero_ = false;
    sorted_.clear();
    const size_t start = std::bit_ceil(std::max<size_t>(16, keys.size() * 4));
    for (size_t capacity = start; capacity <= start * kMaxGrowth; capacity *= 2) {
      if (try_build(keys, capacity)) return;
    }
    // Keys crafted to collide: a sorted array answers as surely, if not as fast.
    sorted_.assign(keys.begin(), keys.end());
    std::sort(sorted_.begin(), sorted_.end());
  }

  bool contains(uint64_t key) const {
    if (!sorted_.empty()) return std::binary_search(sorted_.begin(), sorted_.end(), key);
    if (key == 0) return has_zero_;
    const bool in_first = slots_[first(key)] == key;  // both read: no branch between them
    const bool in_second = slots_[second(key)] == key;
    return in_first || in_second;
  }

 private:
  static constexpr size_t kMaxGrowth = 64;

  // The low bits, and a multiplicative hash of all the bits: keys alike in one part differ
  // in the other.
  size_t first(uint64_t key) const { return key & mask_; }
  size_t second(uint64_t key) const { return ((key * 0x9E3779B97F4A7C15ull) >> 32) & mask_; }

  bool try_build(std::span<const uint64_t> keys, size_t capacity) {
    slots_.assign(capacity, 0);  // 0 marks a free slot; the key 0 is kept aside
    mask_ = capacity - 1;
    for (uint64_t key : keys) {
      if (key == 0) {
        has_zero_ = true;
        continue;
      }
      size_t slot = first(key);
      for (size_t kicks = 0;; ++kicks) {
        std::swap(key, slots_[slot]);
        if (key == 0) break;
        if (kicks == 64) return false;  // a cycle: start over with more room
        slot = slot == first(key) ? second(key) : first(key);
      }
    }
    return true;
  }

  std::vector<uint64_t> slots_ = std::vector<uint64_t>(1, 0);
  size_t mask_ = 0;
  bool has_zero_ = false;
  std::vector<uint64_t> sorted_;  // only when placement failed
};

}  // namespace winnow
