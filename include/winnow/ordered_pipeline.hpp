// produce -> parallel work -> consume in input order, over a fixed pool of reusable items.
// Threads meet once per item (a batch of records), never per record.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace winnow {

template <class Item>
class OrderedPipeline {
 public:
  using Produce = std::function<bool(Item&)>;           // false: input exhausted
  using Work = std::function<void(Item&, unsigned)>;    // second argument: worker index
  using Consume = std::function<bool(Item&)>;           // false: stop early

  // Consumes on the calling thread. Rethrows the first exception of any stage.
  static void run(unsigned workers, size_t pool_size, Produce produce, Work work,
                  Consume consume) {
    OrderedPipeline p(pool_size);
    p.start(workers, std::move(produce), std::move(work));
    p.drain(consume);
    p.stop_and_join();
    if (p.error_) std::rethrow_exception(p.error_);
  }

 private:
  explicit OrderedPipeline(size_t pool_size) {
    for (size_t i = 0; i < pool_size; ++i) {
      pool_.push_back(std::make_unique<Item>());
      free_.push_back(pool_.back().get());
    }
  }

  void start(unsigned workers, Produce produce, Work work) {
    threads_.emplace_back([this, produce = std::move(produce)] { produce_loop(produce); });
    for (unsigned w = 0; w < workers; ++w) {
      threads_.emplace_back([this, work, w] { work_loop(work, w); });
    }
  }

  void fail(std::exception_ptr e) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = e;
    stopping_ = true;
    changed_.notify_all();
  }

  void produce_loop(const Produce& produce) {
    try {
      for (uint64_t seq = 0;; ++seq) {
        Item* item = nullptr;
        {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [&] { return stopping_ || !free_.empty(); });
          if (stopping_) return;
          item = free_.front();
          free_.pop_front();
        }
        bool more = produce(*item);
        std::lock_guard lock(mutex_);
        if (!more) {
          free_.push_back(item);
          produced_all_ = true;
          total_ = seq;
          changed_.notify_all();
          return;
        }
        todo_.emplace_back(seq, item);
        changed_.notify_all();
      }
    } catch (...) {
      fail(std::current_exception());
    }
  }

  void work_loop(const Work& work, unsigned worker) {
    try {
      while (true) {
        std::pair<uint64_t, Item*> job;
        {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [&] { return stopping_ || !todo_.empty() || produced_all_; });
          if (stopping_ || todo_.empty()) return;
          job = todo_.front();
          todo_.pop_front();
        }
        work(*job.second, worker);
        std::lock_guard lock(mutex_);
        done_.emplace(job.first, job.second);
        changed_.notify_all();
      }
    } catch (...) {
      fail(std::current_exception());
    }
  }

  void drain(const Consume& consume) {
    for (uint64_t seq = 0;; ++seq) {
      Item* item = nullptr;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] {
          return stopping_ || done_.count(seq) > 0 || (produced_all_ && seq >= total_);
        });
        if (stopping_ || done_.count(seq) == 0) return;
        item = done_[seq];
        done_.erase(seq);
      }
      bool go_on = false;
      try {
        go_on = consume(*item);
      } catch (...) {
        fail(std::current_exception());
        return;
      }
      std::lock_guard lock(mutex_);
      free_.push_back(item);
      changed_.notify_all();
      if (!go_on) return;
    }
  }

  void stop_and_join() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      changed_.notify_all();
    }
    for (std::thread& t : threads_) t.join();
  }

  std::vector<std::unique_ptr<Item>> pool_;
  std::deque<Item*> free_;
  std::deque<std::pair<uint64_t, Item*>> todo_;
  std::map<uint64_t, Item*> done_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  bool produced_all_ = false;
  uint64_t total_ = 0;
  std::exception_ptr error_;
};

}  // namespace winnow
