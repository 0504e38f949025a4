#include "winnow/ordered_pipeline.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

namespace winnow {
namespace {

struct Job {
  int input = 0;
  int output = 0;
};

TEST(OrderedPipeline, ConsumesInInputOrderWhateverTheWorkTakes) {
  for (unsigned workers : {1u, 2u, 4u}) {
    int next = 0;
    std::vector<int> consumed;
    OrderedPipeline<Job>::run(
        workers, 6,
        [&](Job& j) {
          if (next == 200) return false;
          j.input = next++;
          return true;
        },
        [](Job& j, unsigned) {
          // Uneven work, so later jobs often finish first.
          std::this_thread::sleep_for(std::chrono::microseconds((j.input * 7919) % 300));
          j.output = j.input * 2;
        },
        [&](Job& j) {
          consumed.push_back(j.output);
          return true;
        });
    ASSERT_EQ(consumed.size(), 200u);
    for (int i = 0; i < 200; ++i) EXPECT_EQ(consumed[i], 2 * i);
  }
}

TEST(OrderedPipeline, ConsumerCanStopEarly) {
  int produced = 0;
  int consumed = 0;
  OrderedPipeline<Job>::run(
      2, 4,
      [&](Job& j) {
        j.input = produced++;
        return produced < 100000;
      },
      [](Job&, unsigned) {},
      [&](Job&) { return ++consumed < 10; });
  EXPECT_EQ(consumed, 10);
  EXPECT_LT(produced, 100);  // the pool bounds how far production runs ahead
}

TEST(OrderedPipeline, WorkerExceptionReachesTheCaller) {
  int next = 0;
  EXPECT_THROW(OrderedPipeline<Job>::run(
                   2, 4,
                   [&](Job& j) {
                     j.input = next++;
                     return next < 50;
                   },
                   [](Job& j, unsigned) {
                     if (j.input == 17) throw std::runtime_error("boom");
                   },
                   [](Job&) { return true; }),
               std::runtime_error);
}

TEST(OrderedPipeline, EmptyInput) {
  int consumed = 0;
  OrderedPipeline<Job>::run(
      2, 4, [](Job&) { return false; }, [](Job&, unsigned) {},
      [&](Job&) { return ++consumed > 0; });
  EXPECT_EQ(consumed, 0);
}

}  // namespace
}  // namespace winnow
