// YAML 1.1 resolution of plain scalars, as yaml.v2 (and so Helm) does it.
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "render/number_format.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

// The digits of Go's strconv.ParseInt/ParseUint(s, 0, 64): an optional sign, then 0x/0o/0b
// prefixes or a leading 0 for octal. False when they do not fit 64 bits.
bool parse_go_magnitude(std::string_view s, bool& signed_text, bool& negative,
                        std::uint64_t& magnitude) {
  negative = false;
  signed_text = !s.empty() && (s[0] == '+' || s[0] == '-');
  if (signed_text) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
    base = 8;
    s.remove_prefix(2);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
    base = 2;
    s.remove_prefix(2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8;
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  auto res = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

}  // namespace

bool yaml_style_float(std::string_view s) {
  // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

namespace {

// Whether `text` is the word `w`: byte by byte over a known length, which the compiler unrolls
// (a call to compare would cost more than the comparison).
template <std::size_t N>
bool is_word(std::string_view text, const char (&w)[N]) {
  if (text.size() != N - 1) return false;
  for (std::size_t k = 0; k + 1 < N; ++k) {
    if (text[k] != w[k]) return false;
  }
  return true;
}

// The null, boolean and special float words of YAML 1.1; false when `text` is none of them. The
// length picks the few words to compare with: scalars are read by the thousand, and most of them
// are none of these.
bool resolve_word(std::string_view text, PlainScalar& r) {
  using Kind = PlainScalar::Kind;
  auto null = [&] {
    r.kind = Kind::kNull;
    return true;
  };
  auto boolean = [&](bool b) {
    r.kind = Kind::kBool;
    r.boolean = b;
    return true;
  };
  auto special = [&](double d) {
    r.kind = Kind::kFloat;
    r.number = d;
    return true;
  };
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // The length, then the first byte, pick the words to compare with.
  const char first = text.empty() ? '\0' : text[0];
  switch (text.size()) {
    case 0:
      return null();
    case 1:
      if (first == '~') return null();
      if (first == 'y' || first == 'Y') return boolean(true);
      if (first == 'n' || first == 'N') return boolean(false);
      return false;
    case 2:
      if (first == 'o') return is_word(text, "on") ? boolean(true) : false;
      if (first == 'O') return is_word(text, "On") || is_word(text, "ON") ? boolean(true) : false;
      if (first == 'n') return is_word(text, "no") ? boolean(false) : false;
      if (first == 'N') return is_word(text, "No") || is_word(text, "NO") ? boolean(false) : false;
      return false;
    case 3:
      if (first == 'y') return is_word(text, "yes") ? boolean(true) : false;
      if (first == 'Y') return is_word(text, "Yes") || is_word(text, "YES") ? boolean(true) : false;
      if (first == 'o') return is_word(text, "off") ? boolean(false) : false;
      if (first == 'O') {
        return is_word(text, "Off") || is_word(text, "OFF") ? boolean(false) : false;
      }
      return false;
    case 4:
      switch (first) {
        case 'n':
          return is_word(text, "null") ? null() : false;
        case 'N':
          return is_word(text, "Null") || is_word(text, "NULL") ? null() : false;
        case 't':
          return is_word(text, "true") ? boolean(true) : false;
        case 'T':
          return is_word(text, "True") || is_word(text, "TRUE") ? boolean(true) : false;
        case '.':
          if (is_word(text, ".inf") || is_word(text, ".Inf") || is_word(text, ".INF")) {
            return special(kInf);
          }
          if (is_word(text, ".nan") || is_word(text, ".NaN") || is_word(text, ".NAN")) {
            return special(std::numeric_limits<double>::quiet_NaN());
          }
          return false;
        default:
          return false;
      }
    case 5:
      switch (first) {
        case 'f':
          return is_word(text, "false") ? boolean(false) : false;
        case 'F':
          return is_word(text, "False") || is_word(text, "FALSE") ? boolean(false) : false;
        case '+':
          return is_word(text, "+.inf") || is_word(text, "+.Inf") || is_word(text, "+.INF")
                     ? special(kInf)
                     : false;
        case '-':
          return is_word(text, "-.inf") || is_word(text, "-.Inf") || is_word(text, "-.INF")
                     ? special(-kInf)
                     : false;
        default:
          return false;
      }
    default:
      return false;
  }
}

// The bytes a number resolve_number() reads may hold.
constexpr std::array<bool, 256> kNumberBytes = [] {
  std::array<bool, 256> t{};
  for (char c : std::string_view("0123456789+-._xXoObBaAcCdDeEfF")) {
    t[static_cast<unsigned char>(c)] = true;
  }
  return t;
}();

// resolve_plain() for what starts as a number may ('+', '-', '.' or a digit), past the plain
// decimal integers it reads itself. Kept out of line: resolve_plain() is called for most
// scalars, and this part's stack frame would cost every call.
[[gnu::noinline]] PlainScalar resolve_number(std::string_view text) {
  PlainScalar r;
  using Kind = PlainScalar::Kind;
  // A number is made of digits, signs, points, '_', base prefixes (0x, 0o, 0b), hex digits and
  // exponents: any other byte ("10m", "512Mi") leaves a string, seen before any parse.
  for (char c : text) {
    if (!kNumberBytes[static_cast<unsigned char>(c)]) return r;
  }
  std::string without_underscores;
  std::string_view plain = text;
  if (text.find('_') != std::string_view::npos) {
    for (char c : text) {
      if (c != '_') without_underscores += c;
    }
    plain = without_underscores;
  }
  // yaml.v2 tries Go's ParseInt(s, 0, 64), then ParseUint(s, 0, 64) (no sign, up to 2^64-1).
  bool signed_text = false, negative = false;
  std::uint64_t magnitude = 0;
  if (parse_go_magnitude(plain, signed_text, negative, magnitude)) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (magnitude <= kMax + (negative ? 1 : 0)) {
      r.kind = Kind::kInt;
      r.integer = negative ? static_cast<std::int64_t>(0 - magnitude)
                           : static_cast<std::int64_t>(magnitude);
      return r;
    }
    if (!signed_text) {
      r.kind = Kind::kInt;
      r.uint64_only = true;
      r.integer = static_cast<std::int64_t>(magnitude);
      return r;
    }
  }
  if (yaml_style_float(plain)) {
    double d = 0;
    const char* b = plain.data();
    if (*b == '+') ++b;
    auto res = std::from_chars(b, plain.data() + plain.size(), d);
    if (res.ec == std::errc::result_out_of_range) {
      // Go's ParseFloat rounds what is too small to zero, but fails on what is too large
      // (1e400): yaml.v2 then keeps the text a string.
      d = std::strtod(std::string(plain).c_str(), nullptr);  // HUGE_VAL, or what it rounds to
      if (std::isinf(d)) return r;
      res.ec = std::errc();
    }
    if (res.ec == std::errc()) {
      r.kind = Kind::kFloat;
      r.number = d;
      return r;
    }
  }
  return r;
}

}  // namespace

PlainScalar resolve_plain(std::string_view text) {
  PlainScalar r;
  using Kind = PlainScalar::Kind;
  // The words are at most five bytes long, and none starts with a digit.
  const bool digit = !text.empty() && text[0] >= '0' && text[0] <= '9';
  if (text.size() <= 5 && !digit) {
    if (PlainScalar word; resolve_word(text, word)) return word;
  }
  if (text.empty()) return r;
  char first = text[0];
  if (!(first == '+' || first == '-' || first == '.' || digit)) return r;
  // Plain decimal digits without a leading zero (an octal prefix) and too few to overflow, or a
  // decimal fraction of few digits ("0.5", "12.25"): what most numbers in values files are, read
  // in one pass without the general parse. A fraction is the quotient of its digits (below 2^53)
  // and a power of ten (at most 1e15), which a double holds exactly; one division rounds it as
  // the full parse does.
  if (digit) {
    static constexpr double kTens[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const std::size_t n = text.size();
    std::size_t k = 0, point = n;
    std::int64_t value = 0;
    for (; k < n && k < 18; ++k) {
      const char c = text[k];
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
      } else if (c == '.' && point == n) {
        point = k;
      } else {
        break;
      }
    }
    if (k == n && point == n && (first != '0' || n == 1)) {
      r.kind = Kind::kInt;
      r.integer = value;
      return r;
    }
    if (k == n && n <= 16 && point < n - 1) {
      r.kind = Kind::kFloat;
      r.number = static_cast<double>(value) / kTens[n - 1 - point];
      return r;
    }
  }
  return resolve_number(text);
}

std::string plain_key_name(std::string_view text, KeyTrouble& trouble,
                           std::uint64_t& unsigned_key) {
  trouble = KeyTrouble::kNone;
  PlainScalar r = resolve_plain(text);
  switch (r.kind) {
    case PlainScalar::Kind::kNull:
      trouble = KeyTrouble::kNull;
      return {};
    case PlainScalar::Kind::kBool:
      return r.boolean ? "true" : "false";
    case PlainScalar::Kind::kInt:
      if (r.uint64_only) {  // a uint64 key, which sigs.k8s.io/yaml cannot name
        trouble = KeyTrouble::kUint64;
        unsigned_key = r.unsigned_integer();
        return {};
      }
      return std::to_string(r.integer);
    case PlainScalar::Kind::kFloat:
    case PlainScalar::Kind::kString:
      break;
  }
  if (r.kind == PlainScalar::Kind::kString) return std::string(text);
  std::string name = format_go_g32(r.number);
  if (name == "+Inf") return ".inf";
  if (name == "-Inf") return "-.inf";
  if (name == "NaN") return ".nan";
  return name;
}

std::string go_uint64_syntax(std::uint64_t v) {
  char hex[16];
  auto end = std::to_chars(hex, hex + sizeof hex, v, 16).ptr;
  return "0x" + std::string(hex, end);
}

std::string unsupported_key_message(KeyTrouble trouble, std::uint64_t unsigned_key,
                                    std::string_view value_syntax) {
  std::string type_and_key = "%!s(<nil>), key: <nil>";
  if (trouble == KeyTrouble::kUint64)
    type_and_key = "uint64, key: " + go_uint64_syntax(unsigned_key);
  return "unsupported map key of type: " + type_and_key + ", value: " + std::string(value_syntax);
}

bool is_indicator(char c) {
  switch (c) {
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
    case '?':
    case ':':
    case '-':
      return true;
    default:
      return false;
  }
}

std::size_t quoted_end(std::string_view text) {
  char quote = text.front();
  for (std::size_t k = 1; k < text.size(); ++k) {
    if (quote == '"' && text[k] == '\\') {
      ++k;
    } else if (text[k] == quote) {
      if (quote == '\'' && k + 1 < text.size() && text[k + 1] == '\'') {
        ++k;
      } else {
        return k + 1;
      }
    }
  }
  return std::string_view::npos;
}

bool cannot_be_key(std::string_view t, bool first_column, std::string_view to_end) {
  if (t.empty()) return false;
  if (t[0] == '"' || t[0] == '\'') {
    // Closed on its line, with nothing but a comment after it; or closed on a later line: a
    // key stays on one line in yaml.v2, so a ':' after it changes nothing.
    std::size_t end = quoted_end(t);
    if (end == std::string_view::npos) {
      return to_end.size() > t.size() && quoted_end(to_end) != std::string_view::npos;
    }
    std::string_view tail = t.substr(end);
    std::size_t text = tail.find_first_not_of(' ');
    return text == std::string_view::npos || (text > 0 && tail[text] == '#');
  }
  // '-', '?' and ':' start a plain scalar when a non-blank follows ("-x", "--", "-1").
  bool plain_start =
      (t[0] == '-' || t[0] == '?' || t[0] == ':') && t.size() > 1 && t[1] != ' ' && t[1] != '\t';
  if (is_indicator(t[0]) && !plain_start) return false;
  for (std::string_view marker : {"...", "---"}) {
    if (first_column && t.starts_with(marker) && (t.size() == 3 || t[3] == ' ')) return false;
  }
  // (A tab is a blank here as a space is: before a comment, after the ':' of a key.)
  std::size_t comment = std::min(t.find(" #"), t.find("\t#"));
  if (comment != std::string_view::npos) t = t.substr(0, comment);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return !t.empty() && t.find(": ") == std::string_view::npos &&
         t.find(":\t") == std::string_view::npos && t.back() != ':';
}

namespace {

// Reads 1 or 2 digits (time.Parse's non-fixed numbers) in [lo, hi].
bool two_digits(std::string_view s, std::size_t& i, int lo, int hi, int& out) {
  if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  out = s[i++] - '0';
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') out = out * 10 + (s[i++] - '0');
  return out >= lo && out <= hi;
}

}  // namespace

// time.Parse's rules: the numbers are 1 or 2 digits ("1", "2", "15", "4", "5") but the year
// (4) and the zone ("Z" or ±hh:mm, at most 24:60), a fraction may follow the seconds, and the
// date must exist.
bool go_yaml_timestamp(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return false;
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  ++i;
  int month = 0;
  int day = 0;
  if (!two_digits(s, i, 1, 12, month) || i >= s.size() || s[i++] != '-') return false;
  if (!two_digits(s, i, 1, 31, day)) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max_day = kDays[month - 1] +
                (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 1 : 0);
  if (day > max_day) return false;
  if (i == s.size()) return true;
  char sep = s[i++];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  while (sep == ' ' && i < s.size() && s[i] == ' ') ++i;  // a space in a layout matches several
  int h = 0;
  int m = 0;
  int sec = 0;
  if (!two_digits(s, i, 0, 23, h) || i >= s.size() || s[i++] != ':') return false;
  if (!two_digits(s, i, 0, 59, m) || i >= s.size() || s[i++] != ':') return false;
  if (!two_digits(s, i, 0, 59, sec)) return false;
  if (i < s.size() && s[i] == '.' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  if (sep == ' ') return i == s.size();
  if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  ++i;
  auto fixed2 = [&](int& out) {
    if (i + 2 > s.size() || s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9')
      return false;
    out = (s[i] - '0') * 10 + (s[i + 1] - '0');
    i += 2;
    return true;
  };
  int zh = 0;
  int zm = 0;
  if (!fixed2(zh) || i >= s.size() || s[i++] != ':' || !fixed2(zm)) return false;
  return i == s.size() && zh <= 24 && zm <= 60;
}

}  // namespace render::yaml
