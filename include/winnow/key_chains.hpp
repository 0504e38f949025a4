// A compact multimap from 64-bit keys to (document, word) entries, for the duplicate
// index: open addressing for the heads, one flat array of entries chained newest first.
// Node-based maps would cost several times the entry itself.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace winnow {

class KeyChains {
 public:
  static constexpr uint32_t kEnd = UINT32_MAX;

  struct Entry {
    uint32_t doc;
    uint32_t word;
    uint32_t next;  // older entry with the same key, or kEnd
  };

  void add(uint64_t key, uint32_t doc, uint32_t word);
  // Newest entry under `key`, or kEnd; follow Entry::next for older ones.
  uint32_t head(uint64_t key) const;
  const Entry& entry(uint32_t i) const { return entries_[i]; }
  size_t size() const { return entries_.size(); }
  size_t memory_bytes() const;

 private:
  struct Slot {
    uint64_t key;
    uint32_t head;  // kEnd: empty slot
  };
  size_t find_slot(uint64_t key) const;
  void grow();

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  size_t used_ = 0;
};

}  // namespace winnow
