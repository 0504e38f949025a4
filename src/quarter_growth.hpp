// Containers of state bounded by a memory budget grow by a quarter, not by the doubling
// vectors do on their own: such state should not hold twice what it uses.
#pragma once
#include <cstddef>

namespace winnow::detail {

// Makes room for `size` elements (a quarter more when it must reallocate).
template <typename Container>
void reserve_quarter_more(Container& c, size_t size) {
  if (size > c.capacity()) c.reserve(size + size / 4);
}

}  // namespace winnow::detail
