#include "winnow/normalize.hpp"

#include "utf8_fold.hpp"

namespace winnow {

NormalizeResult normalize_append(std::string_view text, std::string& out) {
  // Sized for the worst case up front so the scan writes through a plain pointer.
  const size_t old_size = out.size();
  out.resize(old_size + detail::kMaxFoldGrowth * text.size());
  NormalizeResult result;
  const auto ignore_words = [](size_t, size_t, size_t, size_t) {};
  const size_t written =
      detail::fold_utf8(text, out.data() + old_size, result.invalid_utf8, ignore_words);
  out.resize(old_size + written);
  return result;
}

std::string normalize(std::string_view text) {
  std::string out;
  normalize_append(text, out);
  return out;
}

}  // namespace winnow
