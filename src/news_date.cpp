#include "winnow/news_date.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace winnow {

namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return to_lower(x) == y; });
}

// Index of `word` in `names` (lower case), matching the full name or its 3-letter form.
template <size_t N>
int name_index(std::string_view word, const std::array<std::string_view, N>& names) {
  for (size_t k = 0; k < N; ++k)
    if (iequals(word, names[k]) || iequals(word, names[k].substr(0, 3))) return int(k);
  return -1;
}

constexpr std::array<std::string_view, 12> kMonths{
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays{
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

struct Zone {
  std::string_view name;
  int hours;  // offset from UTC
};
constexpr std::array<Zone, 12> kZones{{{"gmt", 0}, {"ut", 0}, {"utc", 0}, {"z", 0},
                                       {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
                                       {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}}};

// Reads left to right; a failed read consumes nothing, so callers just bail out.
struct Cursor {
  std::string_view s;
  size_t i = 0;

  bool done() const { return i == s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) {
    if (done() || s[i] != c) return false;
    ++i;
    return true;
  }
  size_t skip(bool (*pred)(char)) {
    size_t start = i;
    while (!done() && pred(s[i])) ++i;
    return i - start;
  }
  size_t spaces() { return skip(is_space); }
  std::string_view word() {
    size_t start = i;
    return s.substr(start, skip(is_alpha));
  }
  // The whole run of digits here as a number, if the run is min..max digits long.
  std::optional<int> number(size_t min, size_t max) {
    size_t n = 0;
    while (i + n < s.size() && is_digit(s[i + n])) ++n;
    if (n < min || n > max) return std::nullopt;
    int value = 0;
    for (; n > 0; --n) value = value * 10 + (s[i++] - '0');
    return value;
  }
};

struct Civil {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

constexpr bool is_leap(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int days_in_month(int y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 in the proleptic Gregorian calendar. Counting from March makes
// the leap day the last day of the year, and 400-year eras repeat exactly.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t year_of_era = y - era * 400;                                    // [0, 399]
  int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

// The instant for a wall-clock time `offset_minutes` ahead of UTC, if every field is in range.
std::optional<int64_t> to_epoch(const Civil& t, int offset_minutes) {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month))
    return std::nullopt;
  if (t.hour > 23 || t.minute > 59 || t.second > 60) return std::nullopt;
  int64_t seconds = t.hour * 3600 + t.minute * 60 + std::min(t.second, 59);
  return days_from_civil(t.year, t.month, t.day) * 86400 + seconds - offset_minutes * 60;
}

// hh:mm with optional :ss and, in ISO form, an optional fraction (dropped).
bool read_time(Cursor& c, Civil& t, bool fraction_ok) {
  auto h = c.number(2, 2);
  if (!h || !c.eat(':')) return false;
  auto m = c.number(2, 2);
  if (!m) return false;
  t.hour = *h;
  t.minute = *m;
  if (!c.eat(':')) return true;
  auto s = c.number(2, 2);
  if (!s) return false;
  t.second = *s;
  if (fraction_ok && c.eat('.')) return c.skip(is_digit) > 0;
  return true;
}

// A signed offset in minutes from hours and minutes, if both are in range.
std::optional<int> offset_minutes(bool negative, int hours, int minutes) {
  if (hours > 23 || minutes > 59) return std::nullopt;
  int total = hours * 60 + minutes;
  return negative ? -total : total;
}

// Nothing (UTC), Z, or +hh:mm / +hhmm / +hh.
std::optional<int> iso_offset(Cursor& c) {
  if (c.done() || c.eat('Z') || c.eat('z')) return 0;
  bool negative = c.peek() == '-';
  if (!c.eat('+') && !c.eat('-')) return std::nullopt;
  size_t start = c.i;
  auto v = c.number(2, 4);
  if (!v || c.i - start == 3) return std::nullopt;
  if (c.i - start == 4) return offset_minutes(negative, *v / 100, *v % 100);
  if (!c.eat(':')) return offset_minutes(negative, *v, 0);
  auto m = c.number(2, 2);
  return m ? offset_minutes(negative, *v, *m) : std::nullopt;
}

// Nothing (UTC), a zone name, or +hhmm.
std::optional<int> rfc822_zone(Cursor& c) {
  if (c.done()) return 0;
  bool negative = c.peek() == '-';
  if (c.eat('+') || c.eat('-')) {
    auto v = c.number(4, 4);
    return v ? offset_minutes(negative, *v / 100, *v % 100) : std::nullopt;
  }
  std::string_view name = c.word();
  for (const Zone& z : kZones)
    if (iequals(name, z.name)) return z.hours * 60;
  return std::nullopt;
}

std::optional<int64_t> parse_epoch(std::string_view s) {
  size_t sign = !s.empty() && s[0] == '-' ? 1 : 0;
  std::string_view digits = s.substr(sign);
  // Fewer than 9 digits is a year or a count, not an instant (9 digits reach back to 1973).
  if (digits.size() < 9 || !std::all_of(digits.begin(), digits.end(), is_digit)) return std::nullopt;
  int64_t v = 0;
  if (std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc()) return std::nullopt;
  if (digits.size() < 13) return v;
  return v / 1000 - (v % 1000 < 0);  // milliseconds, floored toward the past
}

std::optional<int64_t> parse_iso(std::string_view s) {
  Cursor c{s};
  Civil t;
  auto y = c.number(4, 4);
  if (!y || !c.eat('-')) return std::nullopt;
  auto m = c.number(2, 2);
  if (!m || !c.eat('-')) return std::nullopt;
  auto d = c.number(2, 2);
  if (!d) return std::nullopt;
  t.year = *y;
  t.month = *m;
  t.day = *d;
  if (!c.done()) {
    if (!c.eat('T') && !c.eat('t') && !c.eat(' ')) return std::nullopt;
    if (!read_time(c, t, true)) return std::nullopt;
  }
  auto offset = iso_offset(c);
  if (!offset || !c.done()) return std::nullopt;
  return to_epoch(t, *offset);
}

std::optional<int64_t> parse_rfc822(std::string_view s) {
  Cursor c{s};
  Civil t;
  if (is_alpha(c.peek())) {  // the weekday is optional and not checked against the date
    if (name_index(c.word(), kWeekdays) < 0 || !c.eat(',')) return std::nullopt;
    c.spaces();
  }
  auto d = c.number(1, 2);
  if (!d || !c.spaces()) return std::nullopt;
  int month = name_index(c.word(), kMonths);
  if (month < 0 || !c.spaces()) return std::nullopt;
  size_t year_start = c.i;
  auto y = c.number(2, 4);
  size_t year_digits = c.i - year_start;
  if (!y || year_digits == 3 || !c.spaces()) return std::nullopt;
  t.year = year_digits == 4 ? *y : *y + (*y < 50 ? 2000 : 1900);
  t.month = month + 1;
  t.day = *d;
  if (!read_time(c, t, false)) return std::nullopt;
  if (!c.done() && !c.spaces()) return std::nullopt;  // the zone is set off by a space
  auto offset = rfc822_zone(c);
  if (!offset || !c.done()) return std::nullopt;
  return to_epoch(t, *offset);
}

}  // namespace

std::optional<int64_t> parse_news_date(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  std::string_view s = text.substr(begin, end - begin);
  if (auto t = parse_epoch(s)) return t;
  if (auto t = parse_iso(s)) return t;
  return parse_rfc822(s);
}

}  // namespace winnow
