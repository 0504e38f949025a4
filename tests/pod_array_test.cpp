#include "winnow/pod_array.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace winnow {
namespace {

std::vector<uint32_t> contents(const PodArray<uint32_t>& a) { return {a.begin(), a.end()}; }

TEST(PodArray, GrowingKeepsWhatWasWritten) {
  PodArray<uint32_t> a;
  std::vector<uint32_t> expected;
  // Past a few megabytes the C library maps the block on its own, where realloc remaps.
  for (uint32_t round = 0; round < 40; ++round) {
    const size_t old_size = a.size();
    a.resize_for_overwrite(old_size + 50000);
    for (size_t i = old_size; i < a.size(); ++i) a[i] = static_cast<uint32_t>(i * 7 + round);
    for (size_t i = old_size; i < a.size(); ++i) expected.push_back(static_cast<uint32_t>(i * 7 + round));
  }
  EXPECT_EQ(a.size(), 2000000u);
  EXPECT_GE(a.capacity(), a.size());
  EXPECT_EQ(contents(a), expected);
}

TEST(PodArray, ReserveOnlyGrows) {
  PodArray<uint32_t> a;
  a.reserve(100);
  EXPECT_EQ(a.capacity(), 100u);
  a.reserve(10);
  EXPECT_EQ(a.capacity(), 100u);
  EXPECT_TRUE(a.empty());
}

TEST(PodArray, KeepIfAndEraseFrontKeepOrder) {
  std::vector<uint32_t> values(20);
  std::iota(values.begin(), values.end(), 0u);
  PodArray<uint32_t> a{std::span<const uint32_t>(values)};
  a.keep_if([](uint32_t v) { return v % 3 != 0; });
  EXPECT_EQ(contents(a), (std::vector<uint32_t>{1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19}));
  a.erase_front(0);
  EXPECT_EQ(a.size(), 13u);
  a.erase_front(4);
  EXPECT_EQ(contents(a), (std::vector<uint32_t>{7, 8, 10, 11, 13, 14, 16, 17, 19}));
  a.shrink_to_fit();
  EXPECT_EQ(a.capacity(), a.size());
  EXPECT_EQ(contents(a), (std::vector<uint32_t>{7, 8, 10, 11, 13, 14, 16, 17, 19}));
  a.clear();
  a.shrink_to_fit();
  EXPECT_EQ(a.capacity(), 0u);
  EXPECT_EQ(a.data(), nullptr);
}

TEST(PodArray, MoveLeavesTheSourceEmpty) {
  const std::vector<uint32_t> values{3, 1, 4, 1, 5};
  PodArray<uint32_t> a{std::span<const uint32_t>(values)};
  PodArray<uint32_t> b(std::move(a));
  EXPECT_EQ(contents(b), values);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from state is specified
  a = std::move(b);
  EXPECT_EQ(contents(a), values);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
}

TEST(PodArray, ARoomTooLargeToCountIsRefusedLeavingTheArrayAsItWas) {
  const std::vector<uint32_t> values{9, 8, 7};
  PodArray<uint32_t> a{std::span<const uint32_t>(values)};
  EXPECT_THROW(a.reserve(SIZE_MAX / 2), std::bad_alloc);
  EXPECT_EQ(contents(a), values);
}

}  // namespace
}  // namespace winnow
