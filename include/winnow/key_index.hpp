// A read-only map from 64-bit keys that are already good hashes (XXH3 of words) to small
// indexes: open addressing at most half full, so a lookup is a probe or two and no
// division, as rule lookups of every word need.
#pragma once
#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace winnow {

class KeyIndex {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;

  // Maps keys[i] to i; keys must be distinct.
  void build(std::span<const uint64_t> keys) {
    const size_t capacity = std::bit_ceil(std::max<size_t>(16, keys.size() * 2));
    slots_.assign(capacity, Slot{0, kMissing});
    mask_ = capacity - 1;
    for (uint32_t i = 0; i < keys.size(); ++i) {
      size_t s = keys[i] & mask_;
      while (slots_[s].value != kMissing) s = (s + 1) & mask_;
      slots_[s] = {keys[i], i};
    }
  }

  uint32_t find(uint64_t key) const {
    if (slots_.empty()) return kMissing;
    for (size_t s = key & mask_;; s = (s + 1) & mask_) {
      if (slots_[s].value == kMissing || slots_[s].key == key) return slots_[s].value;
    }
  }

 private:
  struct Slot {
    uint64_t key;
    uint32_t value;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace winnow
