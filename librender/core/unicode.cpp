// Go's unicode predicates over the generated range tables.
#include <algorithm>
#include <iterator>

#include "render/go_quote.hpp"
#include "render/utf8.hpp"

namespace render {
namespace {

#include "core/unicode_tables.inc"

// Whether c lies in one of the ranges of `table` (pairs of first and last, in order): the first
// bound past c is a range's last (at an odd index) when c is inside that range, or follows a
// range whose last is c.
template <std::size_t N>
bool in_ranges(const char32_t (&table)[N], char32_t c) {
  const auto i = static_cast<std::size_t>(std::upper_bound(std::begin(table), std::end(table), c) -
                                          std::begin(table));
  return i % 2 == 1 || (i > 0 && table[i - 1] == c);
}

}  // namespace

bool go_is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return in_ranges(kLetters, c);
}

bool go_is_digit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return in_ranges(kDigits, c);
}

// strconv.IsPrint, as unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the
// ASCII space.
bool go_is_print(char32_t c) {
  if (c < 0x80) return c >= 0x20 && c < 0x7f;
  return in_ranges(kGraphic, c);
}

bool go_is_space(char32_t c) {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200a;
  }
}

std::string_view go_trim_space(std::string_view s, bool left) {
  while (left && !s.empty()) {
    std::size_t i = 0;
    const long c = next_code_point(s, i);
    if (c < 0 || !go_is_space(static_cast<char32_t>(c))) break;
    s.remove_prefix(i);
  }
  while (!s.empty()) {
    // The last code point: back over continuation bytes to its first byte.
    std::size_t start = s.size() - 1;
    while (start > 0 && s.size() - start < 4 &&
           (static_cast<unsigned char>(s[start]) & 0xc0) == 0x80) {
      --start;
    }
    std::size_t i = start;
    const long c = next_code_point(s, i);
    if (c < 0 || i != s.size() || !go_is_space(static_cast<char32_t>(c))) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

}  // namespace render
