#include "winnow/label.hpp"

#include <array>

namespace winnow {

namespace {

constexpr std::array<const char*, kLabelCount> kNames = {
    "content", "boilerplate", "navigation", "related", "comment", "ad", "newsletter",
    "share",   "footer",      "copyright",  "notice",  "credit",  "byline"};

}  // namespace

const char* label_name(Label label) { return kNames[static_cast<size_t>(label)]; }

std::optional<Label> parse_label(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (name == kNames[i]) return static_cast<Label>(i);
  }
  return std::nullopt;
}

}  // namespace winnow
