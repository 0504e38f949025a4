// A growable array of trivially copyable items kept in a malloc'd block, so growing it is
// realloc: the C library remaps a large block's pages rather than copying them into fresh
// ones, which for tables of hundreds of megabytes saves both the copy and the page faults.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

namespace winnow {

template <typename T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T>, "items are moved as bytes");

 public:
  PodArray() = default;
  explicit PodArray(std::span<const T> items) { assign(items.data(), items.data() + items.size()); }
  PodArray(PodArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  PodArray& operator=(PodArray&& other) noexcept {
    if (this != &other) {
      std::free(data_);
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  PodArray(const PodArray&) = delete;
  PodArray& operator=(const PodArray&) = delete;
  ~PodArray() { std::free(data_); }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  operator std::span<const T>() const { return {data_, size_}; }

  // Throws std::bad_alloc and leaves the array as it was when there is no room.
  void reserve(size_t capacity) {
    if (capacity > capacity_) reallocate(capacity);
  }
  // Items past the old size are left for the caller to write.
  void resize_for_overwrite(size_t size) {
    reserve(size);
    size_ = size;
  }
  void assign(const T* first, const T* last) {
    resize_for_overwrite(static_cast<size_t>(last - first));
    if (size_ != 0) std::copy(first, last, data_);
  }
  void clear() { size_ = 0; }
  void erase_front(size_t count) {  // count <= size()
    if (count == 0) return;  // std::copy may not write onto its own source
    std::copy(data_ + count, data_ + size_, data_);
    size_ -= count;
  }
  void shrink_to_fit() {
    if (size_ == 0) {
      std::free(std::exchange(data_, nullptr));
      capacity_ = 0;
    } else if (size_ < capacity_) {
      reallocate(size_);
    }
  }
  // Keeps the items for which keep(item) holds, in order.
  template <typename Keep>
  void keep_if(Keep&& keep) {
    size_ = static_cast<size_t>(std::remove_if(begin(), end(), [&](const T& item) { return !keep(item); }) - begin());
  }

 private:
  void reallocate(size_t capacity) {
    if (capacity > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
    void* block = std::realloc(data_, capacity * sizeof(T));
    if (block == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(block);
    capacity_ = capacity;
  }

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace winnow
