// Sprig's string functions (sprig v3.3.0 with goutils v1.1.1 and xstrings v1.5), as Helm 4.1.4
// runs them. Everything is byte-based where Go is: trunc, substr, abbrev, wrap and nospace can
// split multi-byte characters, and goutils' byte-wise helpers (nospace, initials) re-encode
// non-ASCII bytes as Latin-1 code points, exactly like Go's WriteRune(rune(byte)).
#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <re2/re2.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "render/guards.hpp"
#include "render/utf8.hpp"
#include "template/function.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8 the way Go's unicode/utf8 decodes it: an invalid byte is U+FFFD of width 1.

constexpr char32_t kRuneError = 0xfffd;

struct Rune {
  char32_t r;
  std::size_t size;
};

// utf8.DecodeRuneInString(s[i:]); i < s.size().
Rune decode_rune(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1};
  std::size_t j = i;
  long cp = next_code_point(s, j);
  if (cp < 0) return {kRuneError, 1};
  return {static_cast<char32_t>(cp), j - i};
}

// utf8.DecodeLastRuneInString(s); s non-empty.
Rune decode_last_rune(std::string_view s) {
  std::size_t end = s.size();
  std::size_t start = end - 1;
  auto b = static_cast<unsigned char>(s[start]);
  if (b < 0x80) return {b, 1};
  std::size_t lim = end >= 4 ? end - 4 : 0;
  while (start > lim) {
    --start;
    if ((static_cast<unsigned char>(s[start]) & 0xc0) != 0x80) break;
  }
  Rune r = decode_rune(s.substr(0, end), start);
  if (start + r.size != end) return {kRuneError, 1};
  return r;
}

// Go's []rune(s).
std::u32string to_runes(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    Rune r = decode_rune(s, i);
    out.push_back(r.r);
    i += r.size;
  }
  return out;
}

// Go's string([]rune).
std::string from_runes(const std::u32string& runes) {
  std::string out;
  out.reserve(runes.size());
  for (char32_t r : runes) append_utf8(out, r);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Go's unicode package: categories from RE2's Unicode tables, case mapping from the C library's
// Unicode-aware C.UTF-8 locale (both simple mappings, as Go's unicode.ToUpper/ToLower/ToTitle).

enum Category { kUpper, kLower, kTitle, kNumber, kPunct };

bool in_category(char32_t r, Category category) {
  static const std::array<RE2, 5> kClasses{{"\\p{Lu}", "\\p{Ll}", "\\p{Lt}", "\\p{N}", "\\p{P}"}};
  std::string encoded;
  append_utf8(encoded, r);
  return RE2::FullMatch(encoded, kClasses[static_cast<std::size_t>(category)]);
}

bool is_upper(char32_t r) {
  if (r < 0x80) return r >= 'A' && r <= 'Z';
  return in_category(r, kUpper);
}
bool is_lower(char32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z';
  return in_category(r, kLower);
}
bool is_title(char32_t r) {
  if (r < 0x80) return false;
  return in_category(r, kTitle);
}
bool is_letter(char32_t r) {
  return go_is_letter(r);
}
bool is_digit(char32_t r) {
  return go_is_digit(r);
}
bool is_number(char32_t r) {
  if (r < 0x80) return r >= '0' && r <= '9';
  return in_category(r, kNumber);
}
bool is_punct(char32_t r) {
  if (r < 0x80) {
    // ASCII punctuation (category P): symbols such as $ + < = > ^ ` | ~ are category S.
    return std::string_view("!\"#%&'()*,-./:;?@[\\]_{}").find(static_cast<char>(r)) !=
           std::string_view::npos;
  }
  return in_category(r, kPunct);
}
bool is_space(char32_t r) {
  return go_is_space(r);
}

locale_t unicode_locale() {
  static const locale_t locale = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
    if (l == locale_t{}) l = newlocale(LC_CTYPE_MASK, "C.utf8", locale_t{});
    return l;
  }();
  return locale;
}

char32_t to_upper(char32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z' ? r - 32 : r;
  locale_t l = unicode_locale();
  if (l == locale_t{}) return r;
  return static_cast<char32_t>(towupper_l(static_cast<wint_t>(r), l));
}
char32_t to_lower(char32_t r) {
  if (r < 0x80) return r >= 'A' && r <= 'Z' ? r + 32 : r;
  locale_t l = unicode_locale();
  if (l == locale_t{}) return r;
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(r), l));
}
char32_t to_title(char32_t r) {
  if (r < 0x80) return to_upper(r);
  locale_t l = unicode_locale();
  if (l == locale_t{}) return r;
  static const wctrans_t kTitle = wctrans_l("totitle", l);
  if (kTitle == wctrans_t{}) return to_upper(r);
  return static_cast<char32_t>(towctrans_l(static_cast<wint_t>(r), kTitle, l));
}

// strings.Map(mapping, s): every rune mapped, invalid bytes become U+FFFD.
template <typename F>
std::string map_runes(std::string_view s, F mapping) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    Rune r = decode_rune(s, i);
    i += r.size;
    char32_t m = mapping(r.r);
    if (m < 0x80) {
      out += static_cast<char>(m);
    } else {
      append_utf8(out, m);
    }
  }
  return out;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by several functions.

const std::string& str(std::span<const Value> args, std::size_t i) {
  return args[i].as_string();
}

std::int64_t num(std::span<const Value> args, std::size_t i) {
  return args[i].as_int();
}

// strings.Repeat's panics.
std::string go_repeat(std::string_view s, std::int64_t count) {
  if (count == 0) return {};
  if (count == 1) return std::string(s);
  if (count < 0) throw FunctionError("strings: negative Repeat count");
  if (!s.empty() &&
      static_cast<std::uint64_t>(count) >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / s.size()) {
    throw FunctionError("strings: Repeat output length overflow");
  }
  check_size(s.size() * static_cast<std::size_t>(count), kMaxMadeBytes, "repeat's result");
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) out += s;
  return out;
}

// sprig's strval: strings and []byte as they are, everything else as %v.
std::string strval(const Value& v) {
  if (v.is_string() || v.is_bytes()) return v.as_string();
  return print_value(v);
}

// sprig's strslice: the elements of a slice as strings (nils dropped); nil -> []; anything else a
// one-element list.
std::vector<std::string> strslice(const Value& v) {
  std::vector<std::string> out;
  if (v.is_list()) {
    const List& items = v.as_list();
    out.reserve(items.size());
    for (const Value& item : items) {
      if (!item.is_nil()) out.push_back(strval(item));
    }
  } else if (v.is_bytes()) {  // []uint8: each element a number
    for (unsigned char c : v.as_string()) out.push_back(std::to_string(c));
  } else if (List items; v.is_object() && v.as_object()->elements(items)) {  // a []string type
    for (const Value& item : items) out.push_back(strval(item));
  } else if (!v.is_nil()) {
    out.push_back(strval(v));
  }
  return out;
}

Value string_list(std::vector<std::string> items) {
  List out;
  out.reserve(items.size());
  for (auto& item : items) out.push_back(Value::string(std::move(item)));
  return Value::list(std::move(out)).with_elements(Value::Elements::kStrings);  // Go's []string
}

// strings.SplitN (n < 0: all).
std::vector<std::string> go_split(std::string_view s, std::string_view sep, std::int64_t n) {
  std::vector<std::string> out;
  if (n == 0) return out;
  if (sep.empty()) {  // explode into UTF-8 sequences
    std::size_t runes = 0;
    for (std::size_t i = 0; i < s.size(); i += decode_rune(s, i).size) ++runes;
    std::size_t count =
        n < 0 || static_cast<std::uint64_t>(n) > runes ? runes : static_cast<std::size_t>(n);
    std::size_t i = 0;
    for (std::size_t k = 0; k + 1 < count; ++k) {
      std::size_t size = decode_rune(s, i).size;
      out.emplace_back(s.substr(i, size));
      i += size;
    }
    if (count > 0) out.emplace_back(s.substr(i));
    return out;
  }
  std::size_t pos = 0;
  while (n < 0 || static_cast<std::int64_t>(out.size()) < n - 1) {
    std::size_t m = s.find(sep, pos);
    if (m == std::string_view::npos) break;
    out.emplace_back(s.substr(pos, m - pos));
    pos = m + sep.size();
  }
  out.emplace_back(s.substr(pos));
  return out;
}

Value split_map(const std::vector<std::string>& parts) {
  Map::Items out;  // _0 _1 ... _10: not in key order, so sorted once at the end
  out.reserve(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out.emplace_back("_" + std::to_string(i), Value::string(parts[i]));
  }
  return Value::map(Map::from_entries(std::move(out))).as_string_map();
}

// Go's "runtime error: slice bounds out of range ..." for s[low:high] on a string of length len.
[[noreturn]] void slice_panic_alen(std::int64_t high, std::size_t len) {
  if (high < 0) {
    throw FunctionError("runtime error: slice bounds out of range [:" + std::to_string(high) + "]");
  }
  throw FunctionError("runtime error: slice bounds out of range [:" + std::to_string(high) +
                      "] with length " + std::to_string(len));
}
[[noreturn]] void slice_panic_b(std::int64_t low, std::int64_t high) {
  throw FunctionError("runtime error: slice bounds out of range [" + std::to_string(low) + ":" +
                      std::to_string(high) + "]");
}

// goutils.AbbreviateFull (errors give "").
std::string abbreviate_full(std::string_view s, std::int64_t offset, std::int64_t max_width) {
  if (s.empty()) return {};
  if (max_width < 4) return {};
  auto len = static_cast<std::int64_t>(s.size());
  if (len <= max_width) return std::string(s);
  if (offset > len) offset = len;
  if (len - offset < max_width - 3) offset = len - (max_width - 3);
  if (offset <= 4) {
    return std::string(s.substr(0, static_cast<std::size_t>(max_width - 3))) + "...";
  }
  if (max_width < 7) return {};
  if (offset + max_width - 3 < len) {
    return "..." + abbreviate_full(s.substr(static_cast<std::size_t>(offset)), 0, max_width - 3);
  }
  return "..." + std::string(s.substr(static_cast<std::size_t>(len - (max_width - 3))));
}

// goutils.WrapCustom.
std::string wrap_custom(std::string_view s, std::int64_t wrap_length, std::string_view newline,
                        bool wrap_long_words) {
  if (s.empty()) return {};
  if (newline.empty()) newline = "\n";
  if (wrap_length < 1) wrap_length = 1;
  const auto width = static_cast<std::size_t>(wrap_length);
  const std::size_t len = s.size();
  std::size_t offset = 0;
  std::string out;
  out.reserve(len + len / width * newline.size());
  while (len - offset > width) {
    if (s[offset] == ' ') {
      ++offset;
      continue;
    }
    std::size_t end = width + offset + 1;
    std::size_t space = s.substr(offset, end - offset).rfind(' ');
    if (space != std::string_view::npos) {
      out.append(s.substr(offset, space));
      out.append(newline);
      offset += space + 1;
    } else if (wrap_long_words) {
      out.append(s.substr(offset, width));
      out.append(newline);
      offset += width;
    } else {
      std::size_t next = s.find(' ', width + offset);
      if (next != std::string_view::npos) {
        out.append(s.substr(offset, next - offset));
        out.append(newline);
        offset = next + 1;
      } else {
        out.append(s.substr(offset));
        offset = len;
      }
    }
  }
  out.append(s.substr(offset));
  return out;
}

// Go's unicode.IsSpace on a single byte taken as a rune (goutils' byte loops).
bool byte_is_space(unsigned char b) {
  return (b >= '\t' && b <= '\r') || b == ' ' || b == 0x85 || b == 0xa0;
}

void append_byte_rune(std::string& out, unsigned char b) {
  if (b < 0x80) {
    out += static_cast<char>(b);
  } else {
    append_utf8(out, b);
  }
}

// strings.Trim's rune membership: ContainsRune(cutset, r); RuneError matches an invalid byte too.
bool cutset_contains(std::string_view cutset, char32_t r) {
  for (std::size_t i = 0; i < cutset.size();) {
    Rune c = decode_rune(cutset, i);
    if (c.r == r) return true;
    i += c.size;
  }
  return false;
}

std::string_view go_trim(std::string_view s, std::string_view cutset) {
  if (s.empty() || cutset.empty()) return s;
  if (is_ascii(cutset)) {
    auto in_set = [&](char c) { return cutset.find(c) != std::string_view::npos; };
    while (!s.empty() && in_set(s.back())) s.remove_suffix(1);
    while (!s.empty() && in_set(s.front())) s.remove_prefix(1);
    return s;
  }
  while (!s.empty()) {
    Rune r = decode_last_rune(s);
    if (!cutset_contains(cutset, r.r)) break;
    s.remove_suffix(r.size);
  }
  while (!s.empty()) {
    Rune r = decode_rune(s, 0);
    if (!cutset_contains(cutset, r.r)) break;
    s.remove_prefix(r.size);
  }
  return s;
}

std::string_view go_trim_space(std::string_view s) {
  while (!s.empty()) {
    Rune r = decode_rune(s, 0);
    if (!is_space(r.r)) break;
    s.remove_prefix(r.size);
  }
  while (!s.empty()) {
    Rune r = decode_last_rune(s);
    if (!is_space(r.r)) break;
    s.remove_suffix(r.size);
  }
  return s;
}

// strings.Replace(s, old, new, -1).
void append_replace_all(std::string& out, std::string_view s, std::string_view from,
                        std::string_view to) {
  if (from == to) {
    out += s;
    return;
  }
  if (from.empty()) {
    out.reserve(out.size() + s.size() + (s.size() + 1) * to.size());
    out.append(to);
    for (std::size_t i = 0; i < s.size();) {
      std::size_t size = decode_rune(s, i).size;
      out.append(s.substr(i, size));
      out.append(to);
      i += size;
    }
    return;
  }
  std::size_t pos = 0;
  while (true) {
    std::size_t m = s.find(from, pos);
    if (m == std::string_view::npos) break;
    out.append(s.substr(pos, m - pos));
    out.append(to);
    pos = m + from.size();
  }
  out.append(s.substr(pos));
}

// ---------------------------------------------------------------------------------------------
// xstrings v1.5: ToPascalCase (sprig's camelcase), ToSnakeCase, ToKebabCase.

bool is_connector(char32_t r) {
  return r == '-' || r == '_' || is_space(r);
}
// xstrings' isAlphabet: a letter, CJK ideographs excluded.
bool is_alphabet(char32_t r) {
  if (!is_letter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  return true;
}

// xstrings' toCamelCase(str, isBig = true).
std::string pascal_case(std::string_view s) {
  if (s.empty()) return {};
  std::string out;
  out.reserve(s.size());
  bool first_upper = false;
  char32_t r0 = 0;
  std::size_t size = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    Rune r = decode_rune(s, i);
    r0 = r.r;
    size = r.size;
    i += r.size;
    if (!is_connector(r0)) {
      first_upper = is_upper(r0);
      r0 = to_upper(r0);
      break;
    }
    append_utf8(out, r0);
  }
  if (i >= s.size()) {
    if (size != 0) append_utf8(out, r0);  // Go writes the last rune again: "__" -> "___"
    return out;
  }
  while (i < s.size()) {
    char32_t r1 = r0;
    Rune r = decode_rune(s, i);
    r0 = r.r;
    i += r.size;
    if (is_connector(r0) && is_connector(r1)) {
      append_utf8(out, r1);
      continue;
    }
    if (is_connector(r1)) {
      first_upper = is_upper(r0);
      r0 = to_upper(r0);
    } else {
      if (first_upper) {
        if (is_upper(r0)) {
          r0 = to_lower(r0);
        } else {
          first_upper = false;
        }
      }
      append_utf8(out, r1);
    }
  }
  append_utf8(out, r0);
  return out;
}

enum class WordType { kInvalid, kNumber, kUpperCase, kAlphabet, kConnector, kPunct, kOther };

// xstrings' nextValidRune: skips invalid sequences (and U+FFFD); prev when none is left.
Rune next_valid_rune(std::string_view s, char32_t prev) {
  std::size_t size = 0;
  while (size < s.size()) {
    Rune r = decode_rune(s, size);
    size += r.size;
    if (r.r != kRuneError) return {r.r, size};
  }
  return {prev, size};
}

struct Word {
  WordType type = WordType::kInvalid;
  std::string_view word;
  std::string_view remaining;
};

Word next_word(std::string_view str) {
  Word w;
  if (str.empty()) return w;
  std::size_t offset = 0;
  std::string_view remaining = str;
  Rune rr = next_valid_rune(remaining, kRuneError);
  char32_t r = rr.r;
  std::size_t size = rr.size;
  offset += size;
  if (r == kRuneError) {
    w.type = WordType::kInvalid;
    w.word = str.substr(0, offset);
    w.remaining = str.substr(offset);
    return w;
  }
  auto advance = [&](auto stop) {
    remaining = remaining.substr(size);
    while (!remaining.empty()) {
      Rune n = next_valid_rune(remaining, r);
      r = n.r;
      size = n.size;
      if (stop(r, size)) break;
      offset += size;
      remaining = remaining.substr(size);
    }
  };
  if (is_connector(r)) {
    w.type = WordType::kConnector;
    advance([](char32_t c, std::size_t) { return !is_connector(c); });
  } else if (is_punct(r)) {
    w.type = WordType::kPunct;
    advance([](char32_t c, std::size_t) { return !is_punct(c); });
  } else if (is_upper(r)) {
    w.type = WordType::kUpperCase;
    remaining = remaining.substr(size);
    if (!remaining.empty()) {
      Rune n = next_valid_rune(remaining, r);
      r = n.r;
      size = n.size;
      if (is_upper(r)) {
        std::size_t prev_size = size;
        offset += size;
        remaining = remaining.substr(size);
        while (!remaining.empty()) {
          Rune m = next_valid_rune(remaining, r);
          r = m.r;
          size = m.size;
          if (!is_upper(r)) break;
          prev_size = size;
          offset += size;
          remaining = remaining.substr(size);
        }
        // "HTTPStatus": "HTTP" and "Status", so the "S" stays in remaining.
        if (!remaining.empty() && is_alphabet(r)) {
          offset -= prev_size;
          remaining = str.substr(offset);
        }
      } else if (is_alphabet(r)) {
        offset += size;
        remaining = remaining.substr(size);
        while (!remaining.empty()) {
          Rune m = next_valid_rune(remaining, r);
          r = m.r;
          size = m.size;
          if (!is_alphabet(r) || is_upper(r)) break;
          offset += size;
          remaining = remaining.substr(size);
        }
      }
    }
  } else if (is_alphabet(r)) {
    w.type = WordType::kAlphabet;
    advance([](char32_t c, std::size_t) { return !is_alphabet(c) || is_upper(c); });
  } else if (is_number(r)) {
    w.type = WordType::kNumber;
    advance([](char32_t c, std::size_t) { return !is_number(c); });
  } else {
    w.type = WordType::kOther;
    advance([](char32_t c, std::size_t n) {
      return n == 0 || is_connector(c) || is_alphabet(c) || is_number(c) || is_punct(c);
    });
  }
  w.word = str.substr(0, offset);
  w.remaining = remaining;
  return w;
}

void lower_word(std::string& out, WordType type, std::string_view word, char connector) {
  if (type != WordType::kUpperCase && type != WordType::kConnector) {
    out.append(word);
    return;
  }
  for (std::size_t i = 0; i < word.size();) {
    Rune r = decode_rune(word, i);
    i += r.size;
    if (is_connector(r.r)) {
      out += connector;
    } else if (is_upper(r.r)) {
      append_utf8(out, to_lower(r.r));
    } else {
      append_utf8(out, r.r);
    }
  }
}

// xstrings' camelCaseToLowerCase.
std::string camel_to_lower(std::string_view str, char connector) {
  if (str.empty()) return {};
  std::string out;
  out.reserve(str.size() + 8);
  Word w = next_word(str);
  while (!w.remaining.empty()) {
    if (w.type != WordType::kConnector) lower_word(out, w.type, w.word, connector);
    WordType prev = w.type;
    std::string_view last = w.word;
    w = next_word(w.remaining);
    switch (prev) {
      case WordType::kNumber:
        while (w.type == WordType::kAlphabet || w.type == WordType::kNumber) {
          lower_word(out, w.type, w.word, connector);
          w = next_word(w.remaining);
        }
        if (w.type != WordType::kInvalid && w.type != WordType::kPunct &&
            w.type != WordType::kConnector) {
          out += connector;
        }
        break;
      case WordType::kConnector:
        lower_word(out, prev, last, connector);
        break;
      case WordType::kPunct:
        break;
      default: {
        if (w.type != WordType::kNumber) {
          if (w.type != WordType::kConnector && w.type != WordType::kPunct) out += connector;
          break;
        }
        if (w.remaining.empty()) break;
        std::string_view number = w.word;
        w = next_word(w.remaining);
        // A number followed by something else than letters belongs to the previous word.
        if (w.type != WordType::kAlphabet) {
          lower_word(out, WordType::kNumber, number, connector);
          if (w.type != WordType::kConnector && w.type != WordType::kPunct) out += connector;
          break;
        }
        // Lower-case letters after a number start a new word with the number: "HTTP2xx".
        out += connector;
        lower_word(out, WordType::kNumber, number, connector);
        while (w.type == WordType::kAlphabet || w.type == WordType::kNumber) {
          lower_word(out, w.type, w.word, connector);
          w = next_word(w.remaining);
        }
        if (w.type != WordType::kInvalid && w.type != WordType::kConnector &&
            w.type != WordType::kPunct) {
          out += connector;
        }
        break;
      }
    }
  }
  lower_word(out, w.type, w.word, connector);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The functions.

Value fn_hello(CallContext&, std::span<const Value>) {
  return Value::string("Hello!");
}

Value fn_upper(CallContext&, std::span<const Value> args) {
  const std::string& s = str(args, 0);
  if (is_ascii(s)) {
    std::string out = s;
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return Value::string(std::move(out));
  }
  return Value::string(map_runes(s, to_upper));
}

Value fn_lower(CallContext&, std::span<const Value> args) {
  const std::string& s = str(args, 0);
  if (is_ascii(s)) {
    std::string out = s;
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return Value::string(std::move(out));
  }
  return Value::string(map_runes(s, to_lower));
}

// strings.Title's separators.
bool is_title_separator(char32_t r) {
  if (r <= 0x7f) {
    return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') ||
             r == '_');
  }
  if (is_letter(r) || is_digit(r)) return false;
  return is_space(r);
}

Value fn_title(CallContext&, std::span<const Value> args) {
  char32_t prev = ' ';
  return Value::string(map_runes(str(args, 0), [&prev](char32_t r) {
    bool separator = is_title_separator(prev);
    prev = r;
    return separator ? to_title(r) : r;
  }));
}

// goutils.Uncapitalize.
Value fn_untitle(CallContext&, std::span<const Value> args) {
  const std::string& s = str(args, 0);
  if (s.empty()) return Value::string("");
  std::u32string runes = to_runes(s);
  bool next = true;
  for (char32_t& r : runes) {
    if (is_space(r)) {
      next = true;
    } else if (next) {
      r = to_lower(r);
      next = false;
    }
  }
  return Value::string(from_runes(runes));
}

Value fn_repeat(CallContext&, std::span<const Value> args) {
  return Value::string(go_repeat(str(args, 1), num(args, 0)));
}

Value fn_substr(CallContext&, std::span<const Value> args) {
  std::int64_t start = num(args, 0);
  std::int64_t end = num(args, 1);
  const std::string& s = str(args, 2);
  auto len = static_cast<std::int64_t>(s.size());
  if (start < 0) {
    if (end < 0 || end > len) slice_panic_alen(end, s.size());
    return Value::string(s.substr(0, static_cast<std::size_t>(end)));
  }
  if (end < 0 || end > len) {
    if (start > len) slice_panic_b(start, len);
    return Value::string(s.substr(static_cast<std::size_t>(start)));
  }
  if (start > end) slice_panic_b(start, end);
  return Value::string(
      s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
}

// goutils.DeleteWhiteSpace: byte-wise; when something is removed, the other bytes are written as
// runes (so non-ASCII bytes become Latin-1 characters).
Value fn_nospace(CallContext&, std::span<const Value> args) {
  const std::string& s = str(args, 0);
  if (std::none_of(s.begin(), s.end(),
                   [](char c) { return byte_is_space(static_cast<unsigned char>(c)); })) {
    return args[0];
  }
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto b = static_cast<unsigned char>(c);
    if (!byte_is_space(b)) append_byte_rune(out, b);
  }
  return Value::string(std::move(out));
}

// The part of its string argument trunc keeps.
std::string_view trunc_view(std::span<const Value> args) {
  std::int64_t c = num(args, 0);
  std::string_view s = str(args, 1);
  auto len = static_cast<std::int64_t>(s.size());
  if (c < 0 && len + c > 0) return s.substr(static_cast<std::size_t>(len + c));
  if (c >= 0 && len > c) return s.substr(0, static_cast<std::size_t>(c));
  return s;
}

Value fn_trunc(CallContext&, std::span<const Value> args) {
  std::string_view kept = trunc_view(args);
  if (kept.size() == args[1].as_string().size()) return args[1];
  return Value::string(kept.data(), kept.size());
}

void print_trunc(CallContext& ctx, std::span<const Value> args, std::string& out) {
  std::size_t from = out.size();
  out += trunc_view(args);
  check_printed(ctx.name, out, from);
}

Value fn_abbrev(CallContext&, std::span<const Value> args) {
  std::int64_t width = num(args, 0);
  if (width < 4) return args[1];
  return Value::string(abbreviate_full(str(args, 1), 0, width));
}

Value fn_abbrevboth(CallContext&, std::span<const Value> args) {
  std::int64_t left = num(args, 0);
  std::int64_t right = num(args, 1);
  if (right < 4 || (left > 0 && right < 7)) return args[2];
  return Value::string(abbreviate_full(str(args, 2), left, right));
}

// goutils.Initials: byte-wise, the first byte of each space-separated word written as a rune.
Value fn_initials(CallContext&, std::span<const Value> args) {
  const std::string& s = str(args, 0);
  std::string out;
  bool gap = true;
  for (char c : s) {
    auto b = static_cast<unsigned char>(c);
    if (byte_is_space(b)) {
      gap = true;
    } else if (gap) {
      append_byte_rune(out, b);
      gap = false;
    }
  }
  return Value::string(std::move(out));
}

Value fn_wrap(CallContext&, std::span<const Value> args) {
  return Value::string(wrap_custom(str(args, 1), num(args, 0), "", false));
}

Value fn_wrap_with(CallContext&, std::span<const Value> args) {
  return Value::string(wrap_custom(str(args, 2), num(args, 0), str(args, 1), true));
}

Value fn_contains(CallContext&, std::span<const Value> args) {
  return Value::boolean(str(args, 1).find(str(args, 0)) != std::string::npos);
}

Value fn_has_prefix(CallContext&, std::span<const Value> args) {
  return Value::boolean(std::string_view(str(args, 1)).starts_with(str(args, 0)));
}

Value fn_has_suffix(CallContext&, std::span<const Value> args) {
  return Value::boolean(std::string_view(str(args, 1)).ends_with(str(args, 0)));
}

// quote: %q of each non-nil argument's strval, space-separated.
void append_quoted(std::string& out, std::span<const Value> args) {
  bool first = true;
  for (const Value& v : args) {
    if (v.is_nil()) continue;
    if (!first) out += ' ';
    first = false;
    if (v.is_string() || v.is_bytes()) {
      append_go_quote(out, v.as_string());
    } else {
      append_go_quote(out, print_value(v));
    }
  }
}

Value fn_quote(CallContext&, std::span<const Value> args) {
  std::string out;
  append_quoted(out, args);
  return Value::string(std::move(out));
}

// {{ x | quote }}: most quoted strings go straight into the output.
void print_quote(CallContext& ctx, std::span<const Value> args, std::string& out) {
  std::size_t from = out.size();
  append_quoted(out, args);
  check_printed(ctx.name, out, from);
}

// squote: '%v' of each non-nil argument, no escaping.
Value fn_squote(CallContext&, std::span<const Value> args) {
  std::string out;
  bool first = true;
  for (const Value& v : args) {
    if (v.is_nil()) continue;
    if (!first) out += ' ';
    first = false;
    out += '\'';
    append_print(out, v);
    out += '\'';
  }
  return Value::string(std::move(out));
}

// cat: %v of the non-nil arguments joined by spaces.
Value fn_cat(CallContext&, std::span<const Value> args) {
  std::string out;
  bool first = true;
  for (const Value& v : args) {
    if (v.is_nil()) continue;
    if (!first) out += ' ';
    first = false;
    append_print(out, v);
  }
  return Value::string(std::move(out));
}

// Appends `s` to `out` with `spaces` spaces before it and after every newline in it.
// Copies n bytes: short lines (most of an indented text) with two overlapping moves, in place of
// a call.
inline void copy_line(char* to, const char* from, std::size_t n) {
  if (n >= 16 && n <= 32) {
#if defined(__SSE2__)
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + n - 16));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to), a);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + n - 16), b);
    return;
#endif
  } else if (n >= 8 && n < 16) {
    std::uint64_t a, b;
    std::memcpy(&a, from, 8);
    std::memcpy(&b, from + n - 8, 8);
    std::memcpy(to, &a, 8);
    std::memcpy(to + n - 8, &b, 8);
    return;
  }
  std::memcpy(to, from, n);
}

void append_indented(std::string& out, std::int64_t spaces, std::string_view s) {
  if (spaces <= 0) {
    if (spaces < 0) go_repeat(" ", spaces);  // Go's error for the count
    out += s;
    return;
  }
  // The size is known before anything is written (its limit is checked first): the text is
  // written in place, as charts indent whole documents.
  if (s.empty()) s = std::string_view("", 0);  // (memchr and memcpy want a pointer)
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  const std::size_t lines = 1 + count_line_breaks(s);
  auto pad = static_cast<std::uint64_t>(spaces);
  bool over = pad > kMaxMadeBytes || lines * pad > kMaxMadeBytes;
  check_size(over ? kMaxMadeBytes + 1 : s.size() + lines * pad, kMaxMadeBytes, "indent's result");
  std::size_t at = out.size();
  out.resize(at + s.size() + lines * pad);
  char* w = out.data() + at;
  char* const w_end = out.data() + out.size();
  // The output is written front to back, so sixteen spaces stored where there is room for them
  // are overwritten by what follows wherever the padding is shorter.
  auto write_pad = [&] {
#if defined(__SSE2__)
    if (pad <= 16 && w_end - w >= 16) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), _mm_set1_epi8(' '));
      w += pad;
      return;
    }
#endif
    std::memset(w, ' ', pad);
    w += pad;
  };
  const char* line = begin;  // where the line being copied starts
  auto line_ends_at = [&](const char* nl) {
    auto n = static_cast<std::size_t>(nl + 1 - line);
    copy_line(w, line, n);
    w += n;
    line = nl + 1;
    write_pad();
  };
  write_pad();
  // The line breaks, sixteen bytes at a time where SSE2 is there; past the last whole block,
  // memchr finds them.
  const char* block = begin;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  auto breaks_in = [&](const char* b) {
    return _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b)), newline);
  };
  for (; end - block >= 16; block += 16) {
    for (auto m = static_cast<unsigned>(_mm_movemask_epi8(breaks_in(block))); m != 0; m &= m - 1) {
      line_ends_at(block + std::countr_zero(m));
    }
  }
#endif
  for (const char* p = block;
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) !=
       nullptr;
       ++p) {
    line_ends_at(p);
  }
  copy_line(w, line, static_cast<std::size_t>(end - line));
}

std::string indent_text(std::int64_t spaces, std::string_view s) {
  std::string out;
  append_indented(out, spaces, s);
  return out;
}

Value fn_indent(CallContext&, std::span<const Value> args) {
  return Value::string(indent_text(num(args, 0), str(args, 1)));
}

Value fn_nindent(CallContext&, std::span<const Value> args) {
  std::string out = "\n";
  append_indented(out, num(args, 0), str(args, 1));
  return Value::string(std::move(out));
}

void print_indent(CallContext&, std::span<const Value> args, std::string& out) {
  append_indented(out, num(args, 0), str(args, 1));
}

void print_nindent(CallContext&, std::span<const Value> args, std::string& out) {
  out += '\n';
  append_indented(out, num(args, 0), str(args, 1));
}

Value fn_replace(CallContext&, std::span<const Value> args) {
  std::string out;
  append_replace_all(out, str(args, 2), str(args, 0), str(args, 1));
  return Value::string(std::move(out));
}

void print_replace(CallContext& ctx, std::span<const Value> args, std::string& out) {
  std::size_t from = out.size();
  append_replace_all(out, str(args, 2), str(args, 0), str(args, 1));
  check_printed(ctx.name, out, from);
}

Value fn_plural(CallContext&, std::span<const Value> args) {
  return num(args, 2) == 1 ? args[0] : args[1];
}

Value fn_trim(CallContext&, std::span<const Value> args) {
  return Value::string(std::string(go_trim_space(str(args, 0))));
}

Value fn_trim_all(CallContext&, std::span<const Value> args) {
  return Value::string(std::string(go_trim(str(args, 1), str(args, 0))));
}

Value fn_trim_prefix(CallContext&, std::span<const Value> args) {
  std::string_view s = str(args, 1);
  const std::string& prefix = str(args, 0);
  if (s.starts_with(prefix)) s.remove_prefix(prefix.size());
  return Value::string(std::string(s));
}

std::string_view trim_suffix_view(std::span<const Value> args) {
  std::string_view s = str(args, 1);
  const std::string& suffix = str(args, 0);
  if (s.ends_with(suffix)) s.remove_suffix(suffix.size());
  return s;
}

Value fn_trim_suffix(CallContext&, std::span<const Value> args) {
  std::string_view s = trim_suffix_view(args);
  return Value::string(s.data(), s.size());
}

void print_trim_suffix(CallContext& ctx, std::span<const Value> args, std::string& out) {
  std::size_t from = out.size();
  out += trim_suffix_view(args);
  check_printed(ctx.name, out, from);
}

// goutils.SwapCase: lower-case letters at the start or after white space become title case.
Value fn_swapcase(CallContext&, std::span<const Value> args) {
  const std::string& s = str(args, 0);
  if (s.empty()) return args[0];
  std::u32string runes = to_runes(s);
  bool whitespace = true;
  for (char32_t& r : runes) {
    if (is_upper(r) || is_title(r)) {
      r = to_lower(r);
      whitespace = false;
    } else if (is_lower(r)) {
      r = whitespace ? to_title(r) : to_upper(r);
      whitespace = false;
    } else {
      whitespace = is_space(r);
    }
  }
  return Value::string(from_runes(runes));
}

Value fn_snakecase(CallContext&, std::span<const Value> args) {
  return Value::string(camel_to_lower(str(args, 0), '_'));
}

Value fn_kebabcase(CallContext&, std::span<const Value> args) {
  return Value::string(camel_to_lower(str(args, 0), '-'));
}

Value fn_camelcase(CallContext&, std::span<const Value> args) {
  return Value::string(pascal_case(str(args, 0)));
}

Value fn_split(CallContext&, std::span<const Value> args) {
  return split_map(go_split(str(args, 1), str(args, 0), -1));
}

Value fn_split_list(CallContext&, std::span<const Value> args) {
  return string_list(go_split(str(args, 1), str(args, 0), -1));
}

Value fn_splitn(CallContext&, std::span<const Value> args) {
  return split_map(go_split(str(args, 2), str(args, 0), num(args, 1)));
}

Value fn_to_string(CallContext&, std::span<const Value> args) {
  if (args[0].is_string()) return args[0];
  return Value::string(strval(args[0]));
}

void print_to_string(CallContext& ctx, std::span<const Value> args, std::string& out) {
  const Value& v = args[0];
  std::size_t from = out.size();
  if (v.is_list() || v.is_map() || v.is_object()) {
    out += strval(v);  // (made apart: its size limits count what it prints, not the output)
  } else if (v.is_string() || v.is_bytes()) {
    out += v.as_string();
  } else {
    append_print(out, v);
  }
  check_printed(ctx.name, out, from);
}

Value fn_to_strings(CallContext&, std::span<const Value> args) {
  return string_list(strslice(args[0]));
}

Value fn_join(CallContext&, std::span<const Value> args) {
  const std::string& sep = str(args, 0);
  std::vector<std::string> parts = strslice(args[1]);
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return Value::string(std::move(out));
}

// sortAlpha: slices are stringified and sorted bytewise; anything else (nil included) gives a
// one-element list of its strval ("<nil>" for nil).
Value fn_sort_alpha(CallContext&, std::span<const Value> args) {
  const Value& v = args[0];
  List elements;
  bool slice = v.is_list() || v.is_bytes() || (v.is_object() && v.as_object()->elements(elements));
  if (!slice) return string_list({strval(v)});
  std::vector<std::string> items = strslice(v);
  std::sort(items.begin(), items.end());
  return string_list(std::move(items));
}

}  // namespace

void add_string_functions(FunctionList& out) {
  using P = Param;
  auto add = [&out](std::string_view name, std::vector<Param> params, FunctionImpl impl,
                    bool variadic = false) {
    Function f;
    f.name = name;
    f.params = std::move(params);
    f.variadic = variadic;
    f.impl = impl;
    out.push_back(std::move(f));
  };
  add("hello", {}, fn_hello);
  add("upper", {P::kString}, fn_upper);
  add("lower", {P::kString}, fn_lower);
  add("title", {P::kString}, fn_title);
  add("untitle", {P::kString}, fn_untitle);
  add("repeat", {P::kInt, P::kString}, fn_repeat);
  add("substr", {P::kInt, P::kInt, P::kString}, fn_substr);
  add("nospace", {P::kString}, fn_nospace);
  add("trunc", {P::kInt, P::kString}, fn_trunc);
  out.back().print = print_trunc;
  add("abbrev", {P::kInt, P::kString}, fn_abbrev);
  add("abbrevboth", {P::kInt, P::kInt, P::kString}, fn_abbrevboth);
  add("initials", {P::kString}, fn_initials);
  add("wrap", {P::kInt, P::kString}, fn_wrap);
  add("wrapWith", {P::kInt, P::kString, P::kString}, fn_wrap_with);
  add("contains", {P::kString, P::kString}, fn_contains);
  add("hasPrefix", {P::kString, P::kString}, fn_has_prefix);
  add("hasSuffix", {P::kString, P::kString}, fn_has_suffix);
  add("quote", {P::kAny}, fn_quote, true);
  out.back().print = print_quote;
  add("squote", {P::kAny}, fn_squote, true);
  add("cat", {P::kAny}, fn_cat, true);
  add("indent", {P::kInt, P::kString}, fn_indent);
  out.back().print = print_indent;
  add("nindent", {P::kInt, P::kString}, fn_nindent);
  out.back().print = print_nindent;
  add("replace", {P::kString, P::kString, P::kString}, fn_replace);
  out.back().print = print_replace;
  add("plural", {P::kString, P::kString, P::kInt}, fn_plural);
  add("trim", {P::kString}, fn_trim);
  add("trimAll", {P::kString, P::kString}, fn_trim_all);
  add("trimall", {P::kString, P::kString}, fn_trim_all);
  add("trimPrefix", {P::kString, P::kString}, fn_trim_prefix);
  add("trimSuffix", {P::kString, P::kString}, fn_trim_suffix);
  out.back().print = print_trim_suffix;
  add("swapcase", {P::kString}, fn_swapcase);
  add("snakecase", {P::kString}, fn_snakecase);
  add("camelcase", {P::kString}, fn_camelcase);
  add("kebabcase", {P::kString}, fn_kebabcase);
  add("split", {P::kString, P::kString}, fn_split);
  add("splitList", {P::kString, P::kString}, fn_split_list);
  add("splitn", {P::kString, P::kInt, P::kString}, fn_splitn);
  add("toString", {P::kAny}, fn_to_string);
  out.back().print = print_to_string;
  add("toStrings", {P::kAny}, fn_to_strings);
  add("join", {P::kString, P::kAny}, fn_join);
  add("sortAlpha", {P::kAny}, fn_sort_alpha);
}

}  // namespace render::tmpl
