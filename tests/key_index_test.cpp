#include "winnow/key_index.hpp"
#include "winnow/key_set.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <vector>

namespace winnow {
namespace {

// Distinct well-mixed keys, as word hashes are.
std::vector<uint64_t> mixed_keys(size_t count, uint64_t salt) {
  std::vector<uint64_t> keys;
  for (uint64_t i = 1; i <= count; ++i) {
    uint64_t x = (i + salt) * 0x9E3779B97F4A7C15ull;
    x ^= x >> 31;
    keys.push_back(x * 0xBF58476D1CE4E5B9ull);
  }
  return keys;
}

TEST(KeyIndex, FindsEachKeysPositionAndNothingElse) {
  const std::vector<uint64_t> keys = mixed_keys(1000, 0);
  KeyIndex index;
  EXPECT_EQ(index.find(keys[0]), KeyIndex::kMissing);  // not built yet
  index.build(keys);
  for (uint32_t i = 0; i < keys.size(); ++i) EXPECT_EQ(index.find(keys[i]), i);
  for (uint64_t other : mixed_keys(1000, 5000)) EXPECT_EQ(index.find(other), KeyIndex::kMissing);
}

TEST(KeySet, HoldsItsKeysAndNoOthers) {
  for (const size_t count : {0u, 1u, 179u, 5000u}) {
    std::vector<uint64_t> keys = mixed_keys(count, 0);
    if (count == 179) keys.push_back(0);  // 0 is a key like any other
    KeySet set;
    set.build(keys);
    for (uint64_t key : keys) EXPECT_TRUE(set.contains(key)) << count;
    for (uint64_t other : mixed_keys(2000, 100000)) EXPECT_FALSE(set.contains(other)) << count;
    EXPECT_EQ(set.contains(0), count == 179) << count;
  }
  EXPECT_FALSE(KeySet().contains(42));
}

// Keys alike in their low bits all want one first slot; the second slot and growth still
// place them, and keys that collide in both (crafted) fall back to a sorted array.
TEST(KeySet, PlacesKeysThatCollide) {
  std::vector<uint64_t> keys;
  for (uint64_t i = 1; i <= 40; ++i) keys.push_back(i << 40);  // the low 40 bits all zero
  KeySet set;
  set.build(keys);
  for (uint64_t key : keys) EXPECT_TRUE(set.contains(key));
  EXPECT_FALSE(set.contains(41ull << 40));
  EXPECT_FALSE(set.contains(0));
}

// Three keys that share both slots at every size the set tries for them (16 to 1,024
// places): no placement exists, and the sorted fallback answers instead.
TEST(KeySet, FallsBackWhenKeysShareBothSlots) {
  std::vector<uint64_t> keys;
  std::map<uint64_t, std::vector<uint64_t>> by_second_slot;
  for (uint64_t r = 1; keys.empty(); ++r) {
    const uint64_t key = r << 10;  // the first slot is the low bits: 0 at every size
    std::vector<uint64_t>& group = by_second_slot[((key * 0x9E3779B97F4A7C15ull) >> 32) & 1023];
    group.push_back(key);
    if (group.size() == 3) keys = group;
  }
  KeySet set;
  set.build(keys);
  for (uint64_t key : keys) EXPECT_TRUE(set.contains(key));
  EXPECT_FALSE(set.contains(keys[0] ^ 1));
  EXPECT_FALSE(set.contains(0));
}

}  // namespace
}  // namespace winnow
