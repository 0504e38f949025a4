// What a paragraph is. Everything but `content` is removed by `winnow clean`.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace winnow {

enum class Label : uint8_t {
  content,
  boilerplate,  // generic: template text, repeated lines, site chrome
  navigation,   // menus, section lists, breadcrumbs, language pickers
  related,      // related/recommended article blocks
  comment,      // comment sections: header, names, comments, sign-in prompts
  ad,           // advertisement markers and sponsored notes
  newsletter,   // newsletter and subscription prompts
  share,        // share bars, follow-us lines
  footer,       // feed footers ("The post ... appeared first on ...")
  copyright,    // copyright, terms and privacy lines, cookie notices
  notice,       // editorial notices: corrections, disclaimers
  credit,       // photo and video credits, captions' credit lines
  byline,       // author and date lines
};

inline constexpr size_t kLabelCount = 13;

const char* label_name(Label label);
std::optional<Label> parse_label(std::string_view name);

}  // namespace winnow
