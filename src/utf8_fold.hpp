// Internal: UTF-8 decoding and per-code-point folding shared by the normalizer,
// the fingerprinter and the paragraph splitter, so all agree on one normal form.
#pragma once
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow::detail {

// ---- Decoding -------------------------------------------------------------------

struct Decoded {
  char32_t cp = 0;
  uint32_t length = 1;  // bytes consumed; for invalid input, the maximal invalid subpart
  bool valid = false;
};

// Decodes the sequence at s[0..n), n >= 1 and s[0] >= 0x80. Invalid input (overlong forms,
// surrogates, > U+10FFFF, truncation, stray continuations) consumes its maximal invalid
// subpart, as Unicode recommends, so one bad byte never swallows the valid text after it.
inline Decoded decode_multibyte(const unsigned char* s, size_t n) {
  const unsigned char lead = s[0];
  uint32_t need;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  char32_t cp;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1, cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2, cp = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3, cp = lead & 0x07;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
  } else {
    return {};  // stray continuation byte or a lead that can never start a valid sequence
  }
  for (uint32_t k = 1; k <= need; ++k) {
    if (k >= n) return {0, k, false};
    const unsigned char c = s[k];
    const bool in_range = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
    if (!in_range) return {0, k, false};
    cp = (cp << 6) | (c & 0x3F);
  }
  return {cp, need + 1, true};
}

inline size_t encode_utf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// ---- Case folding (simple, one code point to one) ---------------------------------

// Maps an upper-case member of an alternating upper/lower pair range to its lower case.
constexpr char32_t fold_pair(char32_t cp, bool upper_is_even) {
  return ((cp & 1) == 0) == upper_is_even ? cp + 1 : cp;
}

constexpr char32_t fold_latin_extended_a(char32_t cp) {  // U+0100..U+017F
  if (cp <= 0x012F) return fold_pair(cp, true);
  if (cp == 0x0130) return U'i';  // capital I with dot: its only one-letter fold
  if (cp >= 0x0132 && cp <= 0x0137) return fold_pair(cp, true);
  if (cp >= 0x0139 && cp <= 0x0148) return fold_pair(cp, false);
  if (cp >= 0x014A && cp <= 0x0177) return fold_pair(cp, true);
  if (cp == 0x0178) return 0x00FF;
  if (cp >= 0x0179 && cp <= 0x017E) return fold_pair(cp, false);
  if (cp == 0x017F) return U's';  // long s
  return cp;
}

constexpr char32_t fold_latin_extended_b(char32_t cp) {  // U+0180..U+024F, common parts
  if (cp >= 0x01C4 && cp <= 0x01CC) return cp + 2 - (cp - 0x01C4) % 3;  // DŽ Dž dž, LJ.., NJ..
  if (cp >= 0x01CD && cp <= 0x01DC) return fold_pair(cp, false);
  if (cp >= 0x01DE && cp <= 0x01EF) return fold_pair(cp, true);
  if (cp == 0x01F1 || cp == 0x01F2) return 0x01F3;
  if (cp == 0x01F4) return 0x01F5;
  if (cp >= 0x01F8 && cp <= 0x021F) return fold_pair(cp, true);  // incl. Romanian Ș Ț
  if (cp == 0x0220) return 0x019E;
  if (cp >= 0x0222 && cp <= 0x0233) return fold_pair(cp, true);
  return cp;
}

constexpr char32_t fold_greek(char32_t cp) {  // U+0370..U+03FF
  if (cp >= 0x0391 && cp <= 0x03AB && cp != 0x03A2) return cp + 32;  // U+03A2 is unassigned
  switch (cp) {
    case 0x0370: case 0x0372: case 0x0376: return cp + 1;
    case 0x037F: return 0x03F3;
    case 0x0386: return 0x03AC;
    case 0x0388: case 0x0389: case 0x038A: return cp + 37;
    case 0x038C: return 0x03CC;
    case 0x038E: case 0x038F: return cp + 63;
    case 0x03C2: return 0x03C3;  // final sigma folds to sigma
    case 0x03CF: return 0x03D7;
    case 0x03D0: return 0x03B2;
    case 0x03D1: case 0x03F4: return 0x03B8;
    case 0x03D5: return 0x03C6;
    case 0x03D6: return 0x03C0;
    case 0x03F0: return 0x03BA;
    case 0x03F1: return 0x03C1;
    case 0x03F5: return 0x03B5;
    case 0x03F7: case 0x03FA: return cp + 1;
    case 0x03F9: return 0x03F2;
    case 0x03FD: case 0x03FE: case 0x03FF: return cp - 130;
    default: break;
  }
  if (cp >= 0x03D8 && cp <= 0x03EF) return fold_pair(cp, true);
  return cp;
}

constexpr char32_t fold_cyrillic_armenian(char32_t cp) {  // U+0400..U+058F
  if (cp <= 0x040F) return cp + 80;
  if (cp <= 0x042F) return cp + 32;
  if (cp >= 0x0460 && cp <= 0x0481) return fold_pair(cp, true);
  if (cp >= 0x048A && cp <= 0x04BF) return fold_pair(cp, true);
  if (cp == 0x04C0) return 0x04CF;
  if (cp >= 0x04C1 && cp <= 0x04CE) return fold_pair(cp, false);
  if (cp >= 0x04D0 && cp <= 0x052F) return fold_pair(cp, true);
  if (cp >= 0x0531 && cp <= 0x0556) return cp + 48;
  return cp;
}

constexpr char32_t fold_latin_extended_additional(char32_t cp) {  // U+1E00..U+1EFF
  if (cp <= 0x1E95 || cp >= 0x1EA0) return fold_pair(cp, true);
  if (cp == 0x1E9B) return 0x1E61;
  if (cp == 0x1E9E) return 0x00DF;  // capital sharp s
  return cp;
}

// Simple case fold of any code point >= U+0080 (ASCII goes through kAsciiFold).
constexpr char32_t fold_case(char32_t cp) {
  if (cp < 0x0100) {
    if (cp >= 0x00C0 && cp <= 0x00DE && cp != 0x00D7) return cp + 32;
    return cp == 0x00B5 ? 0x03BC : cp;  // micro sign is a Greek mu
  }
  if (cp < 0x0180) return fold_latin_extended_a(cp);
  if (cp < 0x0250) return fold_latin_extended_b(cp);
  if (cp < 0x0370) return cp;
  if (cp < 0x0400) return fold_greek(cp);
  if (cp < 0x0590) return fold_cyrillic_armenian(cp);
  if (cp >= 0x1E00 && cp <= 0x1EFF) return fold_latin_extended_additional(cp);
  if (cp >= 0xFF21 && cp <= 0xFF3A) return cp + 32;  // fullwidth A..Z
  return cp;
}

// True for lower-case letters of the scripts folded above; the splitter uses it to spot
// a line that continues a sentence.
constexpr bool is_lowercase(char32_t cp) {
  if (cp >= U'a' && cp <= U'z') return true;
  if (cp < 0x00DF) return false;
  if (cp <= 0x00FF) return cp != 0x00F7;
  if (cp < 0x0180) return fold_case(cp) == cp;  // every code point there is a letter
  if (cp >= 0x01CD && cp <= 0x0233) return fold_case(cp) == cp && fold_case(cp - 1) == cp;
  if (cp >= 0x03AC && cp <= 0x03CE) return true;
  if (cp == 0x0390) return true;
  if (cp >= 0x0430 && cp <= 0x045F) return true;
  if ((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x052F)) {
    return cp == 0x04CF || (cp != 0x04C0 && fold_case(cp) == cp);
  }
  if (cp >= 0x0561 && cp <= 0x0586) return true;
  if (cp >= 0x1E00 && cp <= 0x1EFF) return fold_case(cp) == cp && fold_case(cp - 1) == cp;
  return cp >= 0xFF41 && cp <= 0xFF5A;  // fullwidth a..z
}

// ---- Folding into the normal form ---------------------------------------------------

enum class CharKind : uint8_t {
  text,       // emit the folded code point
  space,      // ends a word; runs collapse to one ASCII space
  ignorable,  // zero-width: dropped without ending the word
};

struct Folded {
  char32_t cp;
  CharKind kind;
};

// First code point (zero) of every run of Unicode decimal digits (Nd), sorted; each run
// holds zero..nine, so one search classifies any digit of any script.
inline constexpr std::array<char32_t, 65> kDigitZeros = {
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
    0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0,
    0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0,
    0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50,
    0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
    0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0};

constexpr bool is_unicode_digit(char32_t cp) {
  auto next = std::upper_bound(kDigitZeros.begin(), kDigitZeros.end(), cp);
  return next != kDigitZeros.begin() && cp - *(next - 1) <= 9;
}

constexpr Folded fold_general_punctuation(char32_t cp) {  // U+2000..U+206F
  if (cp <= 0x200A) return {U' ', CharKind::space};
  if (cp <= 0x200D) return {cp, CharKind::ignorable};  // zero-width space, (non-)joiner
  if (cp >= 0x2010 && cp <= 0x2015) return {U'-', CharKind::text};
  switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
      return {U'\'', CharKind::text};
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
      return {U'"', CharKind::text};
    case 0x2028: case 0x2029: case 0x202F: case 0x205F:
      return {U' ', CharKind::space};
    case 0x2060:  // word joiner
      return {cp, CharKind::ignorable};
    default:
      return {cp, CharKind::text};
  }
}

// Folds one valid code point >= U+0080.
constexpr Folded fold_code_point(char32_t cp) {
  if (cp < 0x0100) {
    if (cp <= 0x00A0) return {U' ', CharKind::space};  // C1 controls and no-break space
    if (cp == 0x00AD) return {cp, CharKind::ignorable};  // soft hyphen
    if (cp == 0x00AB || cp == 0x00BB) return {U'"', CharKind::text};
    return {fold_case(cp), CharKind::text};
  }
  if (cp < 0x0660) return {fold_case(cp), CharKind::text};
  if (cp >= 0x2000 && cp <= 0x206F) return fold_general_punctuation(cp);
  if (is_unicode_digit(cp)) return {U'0', CharKind::text};
  switch (cp) {
    case 0x1680: case 0x3000: return {U' ', CharKind::space};
    case 0xFEFF: return {cp, CharKind::ignorable};  // byte order mark / zero-width no-break
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D: return {U'-', CharKind::text};
    default: return {fold_case(cp), CharKind::text};
  }
}

// Byte -> folded ASCII byte; kSpaceByte for whitespace and controls, kMultiByte for >= 0x80.
inline constexpr unsigned char kSpaceByte = 0;
inline constexpr unsigned char kMultiByte = 1;

inline constexpr std::array<unsigned char, 256> kAsciiFold = [] {
  std::array<unsigned char, 256> table{};
  for (unsigned c = 0; c < 256; ++c) {
    unsigned char folded = static_cast<unsigned char>(c);
    if (c <= 0x20 || c == 0x7F) folded = kSpaceByte;  // controls, NUL included, are whitespace
    else if (c >= 'A' && c <= 'Z') folded = static_cast<unsigned char>(c + 32);
    else if (c >= '0' && c <= '9') folded = '0';
    else if (c >= 0x80) folded = kMultiByte;
    table[c] = folded;
  }
  return table;
}();

#if defined(__SSE2__)
// kAsciiFold on 16 bytes: writes all of them folded to `out` and returns how many lead
// bytes are ASCII word bytes (0x21-0x7E), the only ones the caller keeps.
inline size_t fold_ascii16(const unsigned char* s, char* out) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  // Signed compares: bytes from 0x80 up are negative, so never word bytes or letters.
  const auto in_range = [&](char low, char high) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(low - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(high + 1))));
  };
  const __m128i word = in_range(0x21, 0x7E);
  const __m128i digit = in_range('0', '9');
  __m128i folded = _mm_add_epi8(v, _mm_and_si128(in_range('A', 'Z'), _mm_set1_epi8(32)));
  folded = _mm_or_si128(_mm_andnot_si128(digit, folded), _mm_and_si128(digit, _mm_set1_epi8('0')));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), folded);
  return static_cast<size_t>(std::countr_one(static_cast<unsigned>(_mm_movemask_epi8(word))));
}
#endif

inline constexpr char kReplacementUtf8[] = "\xEF\xBF\xBD";  // U+FFFD

// Worst case growth: one invalid byte becomes the three bytes of U+FFFD.
inline constexpr size_t kMaxFoldGrowth = 3;

// One scan over `text` writing its normal form; reports each word as it completes.
template <class OnWord>
class Utf8Folder {
 public:
  Utf8Folder(std::string_view text, char* out, OnWord& on_word)
      : s_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()), out_(out),
        on_word_(on_word) {}

  size_t run() {
    while (i_ < n_) {
      unsigned char f = kAsciiFold[s_[i_]];
      if (f > kMultiByte) {
        open_word(i_);
        fold_ascii_run();
      } else if (f == kSpaceByte) {
        close_word();
        ++i_;
      } else {
        fold_multibyte();
      }
    }
    close_word();
    return o_;
  }

  uint64_t invalid() const { return invalid_; }

 private:
  // Runs of ASCII word bytes are the common case: copied folded, sixteen at a time where
  // the input has them, so the end of a word costs no per-byte branch.
  void fold_ascii_run() {
#if defined(__SSE2__)
    while (i_ + 16 <= n_) {
      // The output has room: it grows at most kMaxFoldGrowth bytes per input byte read.
      const size_t run = fold_ascii16(s_ + i_, out_ + o_);
      i_ += run;
      o_ += run;
      if (run < 16) {
        word_src_end_ = i_;
        return;
      }
    }
#endif
    unsigned char f;
    while (i_ < n_ && (f = kAsciiFold[s_[i_]]) > kMultiByte) {
      out_[o_++] = static_cast<char>(f);
      ++i_;
    }
    word_src_end_ = i_;
  }

  void fold_multibyte() {
    const size_t start = i_;
    const Decoded d = decode_multibyte(s_ + i_, n_ - i_);
    i_ += d.length;
    if (!d.valid) {
      ++invalid_;
      emit(start, kReplacementUtf8, 3);
      return;
    }
    const Folded folded = fold_code_point(d.cp);
    if (folded.kind == CharKind::ignorable) return;
    if (folded.kind == CharKind::space) {
      close_word();
    } else if (folded.cp == d.cp) {
      emit(start, reinterpret_cast<const char*>(s_ + start), d.length);
    } else {
      char encoded[4];
      emit(start, encoded, encode_utf8(folded.cp, encoded));
    }
  }

  void emit(size_t src_start, const char* bytes, size_t length) {
    open_word(src_start);
    for (size_t k = 0; k < length; ++k) out_[o_++] = bytes[k];
    word_src_end_ = i_;
  }

  // The separating space is written lazily, so no leading or trailing space ever appears.
  void open_word(size_t src_start) {
    if (in_word_) return;
    if (o_ != 0) out_[o_++] = ' ';
    word_src_ = src_start, word_out_ = o_, in_word_ = true;
  }

  void close_word() {
    if (!in_word_) return;
    on_word_(word_src_, word_src_end_, word_out_, o_);
    in_word_ = false;
  }

  const unsigned char* s_;
  size_t n_;
  char* out_;
  OnWord& on_word_;
  size_t i_ = 0, o_ = 0;
  size_t word_src_ = 0, word_src_end_ = 0, word_out_ = 0;
  bool in_word_ = false;
  uint64_t invalid_ = 0;
};

// Writes the normal form of `text` to `out`, which must have room for
// kMaxFoldGrowth * text.size() bytes, and returns its length. Calls
// on_word(src_begin, src_end, out_begin, out_end) for each word as it completes: its
// original byte range in `text` and its folded bytes in `out`.
template <class OnWord>
inline size_t fold_utf8(std::string_view text, char* out, uint64_t& invalid, OnWord&& on_word) {
  Utf8Folder<std::remove_reference_t<OnWord>> folder(text, out, on_word);
  const size_t length = folder.run();
  invalid += folder.invalid();
  return length;
}

}  // namespace winnow::detail
