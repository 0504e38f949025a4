// Reading the date strings of scraped news records as one comparable UTC instant. The
// canonical record of a duplicate cluster is the earliest by date, so ISO 8601, RSS
// (RFC 822) and epoch dates must all land on the same time line to be compared.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace winnow {

// Seconds since the Unix epoch (UTC) for `text`, or nullopt when it is not a date this
// understands. Surrounding whitespace is ignored. Accepted forms:
//  - ISO 8601 / RFC 3339: "2026-11-20", "2026-11-20T10:05[:30[.123]]" with an optional
//    Z, +hh:mm, +hhmm or +hh offset; a space may replace the T; no offset means UTC.
//  - RFC 822/2822 as in RSS: "[Fri, ]20 Nov 2026 10:05[:30] GMT"; 2-digit years below 50
//    are 20xx, others 19xx; zones GMT, UT, UTC, Z, US zones, +hhmm; no zone means UTC.
//  - A plain integer of 9 digits or more: epoch seconds, or epoch milliseconds (floored)
//    from 13 digits on. Shorter ones (a bare year) are refused.
// Fractional seconds are dropped and a leap second (:60) reads as :59.
std::optional<int64_t> parse_news_date(std::string_view text);

// Sorts after every date: a record without one is taken as the latest.
inline constexpr int64_t kNoDate = INT64_MAX;

}  // namespace winnow
