#include "winnow/normalize.hpp"

#include <gtest/gtest.h>

#include <string>

namespace winnow {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

// Appending, rather than "literal" + std::string, which trips a GCC 12 -Wrestrict false alarm.
std::string concat(std::string first, const std::string& second, const std::string& third = "") {
  first += second;
  first += third;
  return first;
}

// The ASCII rules on their own, byte by byte: what the fast path must agree with.
std::string fold_ascii_slowly(const std::string& text) {
  std::string out;
  bool space = false;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c >= '0' && c <= '9' ? '0' : ch;
  }
  return out;
}

// Words of every length around the sixteen-byte blocks, at every offset, among spaces,
// controls and DEL: the block path and the byte path must give the same text.
TEST(Normalize, AsciiWordsOfAnyLengthAtAnyOffset) {
  const std::string alphabet = "aZ9.-'\"(Q~!";
  for (size_t length = 1; length <= 40; ++length) {
    for (size_t offset = 0; offset < 17; ++offset) {
      std::string text(offset, ' ');
      for (int w = 0; w < 3; ++w) {
        for (size_t i = 0; i < length; ++i) text += alphabet[(i * 7 + w + offset) % alphabet.size()];
        text += w == 0 ? "\t" : w == 1 ? "\x7f " : "\n\n";
      }
      ASSERT_EQ(normalize(text), fold_ascii_slowly(text)) << length << " " << offset;
    }
  }
  // A block that ends in a multi-byte character keeps it.
  EXPECT_EQ(normalize("ABCDEFGHIJKLMNOP\xC3\x89t\xC3\xA9"), "abcdefghijklmnop\xC3\xA9t\xC3\xA9");
}

TEST(Normalize, FoldsAsciiCase) {
  EXPECT_EQ(normalize("Hello WORLD, Mixed CaSe"), "hello world, mixed case");
}

TEST(Normalize, FoldsLatin1) {
  EXPECT_EQ(normalize("ÀÉÎÕÜ Ç Ñ Ø Þ Ý"), "àéîõü ç ñ ø þ ý");
  EXPECT_EQ(normalize("× ß µ"), "× ß μ");  // the sign stays; sharp s has no one-letter fold
}

TEST(Normalize, FoldsLatinExtendedA) {
  EXPECT_EQ(normalize("ĀĂĄĆČĎĒĞĪĲĹĽŁŃŇŊŐŒŘŚŠŤŮŰŶŸŹŻŽ"), "āăąćčďēğīĳĺľłńňŋőœřśšťůűŷÿźżž");
  EXPECT_EQ(normalize("ſ ı ĸ"), "s ı ĸ");
}

TEST(Normalize, FoldsCommonLatinExtendedBAndVietnamese) {
  EXPECT_EQ(normalize("ȘȚ ǅ Ǎ ẞ Ạ Ỹ"), "șț ǆ ǎ ß ạ ỹ");
}

TEST(Normalize, FoldsGreekWithTonosAndFinalSigma) {
  EXPECT_EQ(normalize("ΆΈΉΊΌΎΏ"), "άέήίόύώ");
  EXPECT_EQ(normalize("ΟΔΥΣΣΕΥΣ"), "οδυσσευσ");
  EXPECT_EQ(normalize("λόγος"), "λόγοσ");
  EXPECT_EQ(normalize("ΪΫ"), "ϊϋ");
}

TEST(Normalize, FoldsCyrillic) {
  EXPECT_EQ(normalize("МОСКВА Ёлка"), "москва ёлка");
  EXPECT_EQ(normalize("ЂЉЊЋЏЎІЇЄ"), "ђљњћџўіїє");
  EXPECT_EQ(normalize("ѢѲҐҚӀӁӐӨ"), "ѣѳґқӏӂӑө");
}

TEST(Normalize, FoldsFullwidthLatin) { EXPECT_EQ(normalize("ＡＢＣ"), "ａｂｃ"); }

TEST(Normalize, UnifiesQuotes) {
  EXPECT_EQ(normalize("‘a’ ‚b‛ 5′"), "'a' 'b' 0'");
  EXPECT_EQ(normalize("“c” „d‟ «e» 6″"), "\"c\" \"d\" \"e\" 0\"");
}

TEST(Normalize, UnifiesDashes) {
  EXPECT_EQ(normalize("a‐b‑c‒d–e—f―g−h﹘i﹣j－k"), "a-b-c-d-e-f-g-h-i-j-k");
}

TEST(Normalize, MapsEveryDecimalDigitToZero) {
  EXPECT_EQ(normalize("Born 1987, aged 36"), "born 0000, aged 00");
  EXPECT_EQ(normalize("１２３ ٣٤ ९ ๕"), "000 00 0 0");
}

TEST(Normalize, CollapsesAllKindsOfWhitespace) {
  EXPECT_EQ(normalize("  a \t\r\n b\u00A0\u00A0c\u1680d\u2003e\u2028f\u2029g\u202Fh\u205Fi\u3000j "
                      "\v\f"),
            "a b c d e f g h i j");
}

TEST(Normalize, DropsZeroWidthCharacters) {
  EXPECT_EQ(normalize("zero\u200Bwidth\u200C\u200Djoin\uFEFFed soft\u00ADhyphen"),
            "zerowidthjoined softhyphen");
  EXPECT_EQ(normalize("a \u200B b\u200B"), "a b");
}

TEST(Normalize, ControlCharactersAndNulAreWhitespace) {
  EXPECT_EQ(normalize(std::string("a\0b\x01" "c\x7F" "d\x1F", 8)), "a b c d");
  EXPECT_EQ(normalize("a\u0085b"), "a b");  // C1 next-line control
}

TEST(Normalize, BlankInputGivesEmptyOutput) {
  EXPECT_EQ(normalize(""), "");
  EXPECT_EQ(normalize(" \n\u00A0\u200B "), "");
}

struct InvalidCase {
  const char* name;
  std::string bytes;
  int replacements;  // maximal invalid subparts
};

TEST(Normalize, EachInvalidSubpartBecomesOneCountedReplacement) {
  const InvalidCase cases[] = {
      {"overlong", "\xC0\xAF", 2},
      {"surrogate", "\xED\xA0\x80", 3},
      {"truncated", "\xE2\x82", 1},
      {"stray continuation", "\x80", 1},
      {"beyond U+10FFFF", "\xF4\x90\x80\x80", 4},
      {"truncated four-byte", "\xF0\x9F\x98", 1},
      {"never a lead byte", "\xFF", 1},
  };
  for (const InvalidCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::string out;
    const NormalizeResult inside = normalize_append(concat("x", c.bytes, "y"), out);
    EXPECT_EQ(out, concat("x", repeat(kReplacement, c.replacements), "y"));
    EXPECT_EQ(inside.invalid_utf8, static_cast<uint64_t>(c.replacements));

    out.clear();
    const NormalizeResult at_end = normalize_append(concat("x ", c.bytes), out);
    EXPECT_EQ(out, concat("x ", repeat(kReplacement, c.replacements)));
    EXPECT_EQ(at_end.invalid_utf8, static_cast<uint64_t>(c.replacements));
  }
}

TEST(Normalize, ValidMultibyteTextIsNotCountedAsInvalid) {
  std::string out;
  const NormalizeResult result = normalize_append("ok 😀 \xEF\xBF\xBD €", out);
  EXPECT_EQ(out, "ok 😀 \xEF\xBF\xBD €");
  EXPECT_EQ(result.invalid_utf8, 0u);
}

TEST(Normalize, AppendKeepsExistingContent) {
  std::string out = "prefix|";
  normalize_append(" Some  TEXT ", out);
  EXPECT_EQ(out, "prefix|some text");
}

TEST(Normalize, NormalFormIsAFixedPoint) {
  const std::string once = normalize(" “Ἀθῆναι” ΆΘΗΝΑ — 2024\u00A0Ünïcödé  \xC3 x ");
  EXPECT_EQ(normalize(once), once);
}

}  // namespace
}  // namespace winnow
