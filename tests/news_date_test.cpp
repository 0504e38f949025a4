#include "winnow/news_date.hpp"

#include <gtest/gtest.h>

namespace winnow {
namespace {

// Expected values come from GNU date, e.g. `date -u -d '2026-11-20 10:05:30Z' +%s`.
constexpr int64_t kMidnight = 1795132800;  // 2026-11-20 00:00:00Z
constexpr int64_t kMinute = 1795169100;    // 2026-11-20 10:05:00Z
constexpr int64_t kSecond = 1795169130;    // 2026-11-20 10:05:30Z

TEST(NewsDate, ReadsIsoForms) {
  EXPECT_EQ(parse_news_date("2026-11-20"), kMidnight);
  EXPECT_EQ(parse_news_date("2026-11-20T10:05"), kMinute);
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30"), kSecond);
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30Z"), kSecond);
  EXPECT_EQ(parse_news_date("2026-11-20t10:05:30z"), kSecond);
  EXPECT_EQ(parse_news_date("2026-11-20 10:05:30"), kSecond);
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30.123456Z"), kSecond);  // fraction dropped
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30.9"), kSecond);
  EXPECT_EQ(parse_news_date("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(parse_news_date("1900-01-01"), -2208988800);
  EXPECT_EQ(parse_news_date("0001-01-01"), -62135596800);
  EXPECT_EQ(parse_news_date("9999-12-31T23:59:59Z"), 253402300799);
}

TEST(NewsDate, IsoOffsetsShiftTheInstant) {
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30+01:00"), 1795165530);  // 09:05:30Z
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30+0100"), 1795165530);
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30+01"), 1795165530);
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30+02:00"), 1795161930);  // 08:05:30Z
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30-05:30"), 1795188930);  // 15:35:30Z
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30-00:00"), kSecond);
  EXPECT_EQ(parse_news_date("2026-11-20 10:05:30.5+01:00"), 1795165530);
  EXPECT_EQ(parse_news_date("2026-11-20T23:30:00-01:00"), 1795221000);  // 2026-11-21 00:30Z
  EXPECT_EQ(parse_news_date("2026-11-20T01:30+02:00"), 1795131000);     // 2026-11-19 23:30Z
}

TEST(NewsDate, ReadsRfc822Forms) {
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 GMT"), kSecond);
  EXPECT_EQ(parse_news_date("20 Nov 2026 10:05:30 GMT"), kSecond);
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05 GMT"), kMinute);
  EXPECT_EQ(parse_news_date("Fri,20 Nov 2026 10:05:30 UT"), kSecond);
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 UTC"), kSecond);
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 Z"), kSecond);
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 +0000"), kSecond);
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30"), kSecond);  // no zone: UTC
  EXPECT_EQ(parse_news_date("fri, 20 NOV 2026 10:05:30 gmt"), kSecond);
  EXPECT_EQ(parse_news_date("Friday, 20 November 2026 10:05:30 GMT"), kSecond);
  EXPECT_EQ(parse_news_date("Mon, 20 Nov 2026 10:05:30 GMT"), kSecond);  // weekday unchecked
  EXPECT_EQ(parse_news_date("Fri, 01 Jan 2027 00:00:00 GMT"), 1798761600);
  EXPECT_EQ(parse_news_date("1 Jan 2027 00:00 GMT"), 1798761600);
}

TEST(NewsDate, Rfc822TwoDigitYears) {
  EXPECT_EQ(parse_news_date("20 Nov 26 10:05:30 GMT"), kSecond);
  EXPECT_EQ(parse_news_date("Fri, 31 Dec 99 23:59 GMT"), 946684740);  // 1999
  EXPECT_EQ(parse_news_date("1 Jan 49 00:00 GMT"), 2493072000);        // 2049
  EXPECT_EQ(parse_news_date("1 Jan 50 00:00 GMT"), -631152000);        // 1950
  EXPECT_EQ(parse_news_date("1 Jan 950 00:00 GMT"), std::nullopt);     // 3 digits
}

TEST(NewsDate, Rfc822ZonesShiftTheInstant) {
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 +0100"), 1795165530);  // 09:05:30Z
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 -0530"), 1795188930);  // 15:35:30Z
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 EDT"), 1795183530);    // 14:05:30Z
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 EST"), 1795187130);    // 15:05:30Z
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 CDT"), 1795187130);
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 CST"), 1795190730);    // 16:05:30Z
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 MDT"), 1795190730);
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 MST"), 1795194330);    // 17:05:30Z
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 PDT"), 1795194330);
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 PST"), 1795197930);    // 18:05:30Z
}

TEST(NewsDate, ReadsEpochIntegers) {
  EXPECT_EQ(parse_news_date("1795169130"), kSecond);
  EXPECT_EQ(parse_news_date("100000000"), 100000000);  // 9 digits: 1973
  EXPECT_EQ(parse_news_date("2026"), std::nullopt);     // a bare year is not an instant
  EXPECT_EQ(parse_news_date("0"), std::nullopt);
  EXPECT_EQ(parse_news_date("-1"), std::nullopt);
  EXPECT_EQ(parse_news_date("999999999999"), 999999999999);  // 12 digits: still seconds
  EXPECT_EQ(parse_news_date("1795169130123"), kSecond);      // 13 digits: milliseconds
  EXPECT_EQ(parse_news_date("1795169130999"), kSecond);
  EXPECT_EQ(parse_news_date("-1795169130123"), -1795169131);  // floored, not truncated
  EXPECT_EQ(parse_news_date("-1795169130000"), -1795169130);
  EXPECT_EQ(parse_news_date("99999999999999999999"), std::nullopt);  // overflows int64
}

TEST(NewsDate, IgnoresSurroundingWhitespace) {
  EXPECT_EQ(parse_news_date("  2026-11-20T10:05:30Z\n"), kSecond);
  EXPECT_EQ(parse_news_date("\tFri, 20 Nov 2026 10:05:30 GMT \r\n"), kSecond);
  EXPECT_EQ(parse_news_date(" 1795169130 "), kSecond);
}

TEST(NewsDate, LeapDays) {
  EXPECT_EQ(parse_news_date("2024-02-29T12:00:00Z"), 1709208000);
  EXPECT_EQ(parse_news_date("Thu, 29 Feb 2024 12:00:00 GMT"), 1709208000);
  EXPECT_EQ(parse_news_date("2000-02-29"), 951782400);  // divisible by 400
  EXPECT_EQ(parse_news_date("2026-02-29"), std::nullopt);
  EXPECT_EQ(parse_news_date("1900-02-29"), std::nullopt);  // divisible by 100 only
  EXPECT_EQ(parse_news_date("29 Feb 2023 12:00 GMT"), std::nullopt);
}

TEST(NewsDate, RejectsOutOfRangeFields) {
  EXPECT_EQ(parse_news_date("2026-13-01"), std::nullopt);
  EXPECT_EQ(parse_news_date("2026-00-10"), std::nullopt);
  EXPECT_EQ(parse_news_date("2026-04-31"), std::nullopt);
  EXPECT_EQ(parse_news_date("2026-11-00"), std::nullopt);
  EXPECT_EQ(parse_news_date("2026-11-20T24:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_news_date("2026-11-20T10:60Z"), std::nullopt);
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:61Z"), std::nullopt);
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30+24:00"), std::nullopt);
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:30+01:60"), std::nullopt);
  EXPECT_EQ(parse_news_date("32 Nov 2026 10:05 GMT"), std::nullopt);
  EXPECT_EQ(parse_news_date("20 Nov 2026 10:05:30 +2400"), std::nullopt);
}

TEST(NewsDate, LeapSecondReadsAsTheSecondBefore) {
  EXPECT_EQ(parse_news_date("2026-11-20T10:05:60Z"), 1795169159);  // 10:05:59Z
  EXPECT_EQ(parse_news_date("20 Nov 2026 10:05:60 GMT"), 1795169159);
}

TEST(NewsDate, RejectsGarbageAndPartialDates) {
  for (const char* text :
       {"", "   ", "yesterday", "-", "12abc", "+1795169130", "1795169130.5",
        "2026-11", "2026-1-20", "2026-11-20T", "2026-11-20T10", "2026-11-20T10:5",
        "2026-11-20T10:05:", "2026-11-20T10:05:30.", "2026-11-20T10:05.5",
        "2026-11-20T10:05+01:", "2026-11-20T10:05+010", "2026-11-20Z", "2026-11-20 junk",
        "2026-11-20T10:05:30Z junk", "2026-11-20  10:05", "Fri, 20 Nov 2026",
        "Fri 20 Nov 2026 10:05 GMT", "Fry, 20 Nov 2026 10:05 GMT", "20 Nox 2026 10:05 GMT",
        "20 Nov 2026 10:05 XYZ", "20 Nov 2026 10:05 +01", "20 Nov 2026 10:05GMT",
        "20 Nov 2026 10:05:30.5 GMT", "20 Nov 2026 9:05 GMT", "Nov 20 2026 10:05 GMT"}) {
    EXPECT_EQ(parse_news_date(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(NewsDate, OrdersRfc822AndIsoFormsOfNearbyInstants) {
  // 10:05:30 at +0100 is 09:05:30Z, so it comes before 09:10Z despite the later wall clock.
  auto rss = parse_news_date("Fri, 20 Nov 2026 10:05:30 +0100");
  auto iso = parse_news_date("2026-11-20T09:10:00Z");
  ASSERT_TRUE(rss && iso);
  EXPECT_LT(*rss, *iso);
  EXPECT_EQ(*iso - *rss, 270);
  // Same wall clock: EST is five hours behind, so the RSS date is the later one.
  auto est = parse_news_date("Fri, 20 Nov 2026 10:05:30 EST");
  auto utc = parse_news_date("2026-11-20T10:05:30Z");
  ASSERT_TRUE(est && utc);
  EXPECT_GT(*est, *utc);
  EXPECT_EQ(parse_news_date("Fri, 20 Nov 2026 10:05:30 -0500"),
            parse_news_date("2026-11-20T10:05:30-05:00"));
}

}  // namespace
}  // namespace winnow
