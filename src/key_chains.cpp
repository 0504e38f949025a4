#include "winnow/key_chains.hpp"

namespace winnow {
namespace {

// Keys are hashes already, but callers may pass structured ones: mix before probing.
uint64_t spread(uint64_t key) {
  key ^= key >> 31;
  key *= 0x7FB5D329728EA185ull;
  key ^= key >> 27;
  return key;
}

}  // namespace

size_t KeyChains::find_slot(uint64_t key) const {
  const size_t mask = slots_.size() - 1;
  size_t i = spread(key) & mask;
  while (slots_[i].head != kEnd && slots_[i].key != key) i = (i + 1) & mask;
  return i;
}

void KeyChains::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{0, kEnd});
  for (const Slot& s : old) {
    if (s.head != kEnd) slots_[find_slot(s.key)] = s;
  }
}

void KeyChains::add(uint64_t key, uint32_t doc, uint32_t word) {
  if ((used_ + 1) * 10 > slots_.size() * 7) grow();  // load factor 0.7
  Slot& slot = slots_[find_slot(key)];
  if (slot.head == kEnd) {
    slot.key = key;
    ++used_;
  }
  entries_.push_back({doc, word, slot.head});
  slot.head = static_cast<uint32_t>(entries_.size() - 1);
}

uint32_t KeyChains::head(uint64_t key) const {
  if (slots_.empty()) return kEnd;
  return slots_[find_slot(key)].head;
}

size_t KeyChains::memory_bytes() const {
  return slots_.capacity() * sizeof(Slot) + entries_.capacity() * sizeof(Entry);
}

}  // namespace winnow
