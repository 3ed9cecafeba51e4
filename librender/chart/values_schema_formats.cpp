#include "chart/values_schema_formats.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "render/go_quote.hpp"
#include "render/utf8.hpp"
#include "template/functions/regex.hpp"

namespace render::chart {
namespace {

// ---------------------------------------------------------------------------------------------
// Go's pieces the library builds on: strings.Split, %q of a rune, strconv.Atoi.

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    auto at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

std::string utf8_of(long cp) {
  std::string out;
  auto c = static_cast<std::uint32_t>(cp);
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// strconv.QuoteRune: the character in single quotes, escaped as Go escapes it; a byte that is
// not UTF-8 is ranged over as U+FFFD.
std::string quote_rune(long cp) {
  if (cp < 0) cp = 0xFFFD;
  if (cp == '\'') return "'\\''";
  if (cp == '"') return "'\"'";
  std::string q = go_quote(utf8_of(cp));
  return "'" + q.substr(1, q.size() - 2) + "'";
}

// The code points of s as Go's `for _, ch := range s` gives them (-1 for a bad byte).
std::vector<long> runes(std::string_view s) {
  std::vector<long> out;
  for (std::size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
  return out;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// strconv.Atoi: the value, or the NumError text.
std::optional<long long> atoi(std::string_view s, std::string& error) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  bool syntax = digits.empty();
  for (char c : digits) syntax = syntax || !is_digit(c);
  if (syntax) {
    error = "strconv.Atoi: parsing " + go_quote(s) + ": invalid syntax";
    return std::nullopt;
  }
  unsigned long long v = 0;
  const unsigned long long limit =
      static_cast<unsigned long long>(std::numeric_limits<long long>::max()) + (negative ? 1 : 0);
  for (char c : digits) {
    auto d = static_cast<unsigned long long>(c - '0');
    if (v > (limit - d) / 10) {
      error = "strconv.Atoi: parsing " + go_quote(s) + ": value out of range";
      return std::nullopt;
    }
    v = v * 10 + d;
  }
  return negative ? static_cast<long long>(0 - v) : static_cast<long long>(v);
}

// ---------------------------------------------------------------------------------------------
// net/netip.ParseAddr.

std::string addr_error(std::string_view in, std::string_view msg,
                       std::optional<std::string_view> at = {}) {
  std::string out = "ParseAddr(" + go_quote(in) + "): " + std::string(msg);
  if (at && !at->empty()) out += " (at " + go_quote(*at) + ")";
  return out;
}

bool parse_ipv4_fields(std::string_view in, std::size_t off, std::size_t end, std::string& error) {
  std::string_view s = in.substr(off, end - off);
  int val = 0, pos = 0, digits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      if (digits == 1 && val == 0) {
        error = addr_error(in, "IPv4 field has octet with leading zero");
        return false;
      }
      val = val * 10 + (s[i] - '0');
      ++digits;
      if (val > 255) {
        error = addr_error(in, "IPv4 field has value >255");
        return false;
      }
    } else if (s[i] == '.') {
      if (i == 0 || i == s.size() - 1 || s[i - 1] == '.') {
        error = addr_error(in, "IPv4 field must have at least one digit", s.substr(i));
        return false;
      }
      if (pos == 3) {
        error = addr_error(in, "IPv4 address too long");
        return false;
      }
      ++pos;
      val = 0;
      digits = 0;
    } else {
      error = addr_error(in, "unexpected character", s.substr(i));
      return false;
    }
  }
  if (pos < 3) {
    error = addr_error(in, "IPv4 address too short");
    return false;
  }
  return true;
}

struct Addr {
  bool is4 = false;
  std::string zone;
};

bool parse_ipv6(std::string_view in, Addr& addr, std::string& error) {
  std::string_view s = in;
  if (auto pct = s.find('%'); pct != std::string_view::npos) {
    addr.zone = std::string(s.substr(pct + 1));
    s = s.substr(0, pct);
    if (addr.zone.empty()) {
      error = addr_error(in, "zone must be a non-empty string");
      return false;
    }
  }
  int ellipsis = -1, i = 0;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return true;
  }
  while (i < 16) {
    std::size_t off = 0;
    std::uint32_t acc = 0;
    for (; off < s.size(); ++off) {
      char c = s[off];
      int d = is_digit(c)              ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) break;
      acc = (acc << 4) + static_cast<std::uint32_t>(d);
      if (off > 3) {
        error = addr_error(in, "each group must have 4 or less digits", s);
        return false;
      }
      if (acc > 0xFFFF) {
        error = addr_error(in, "IPv6 field has value >=2^16", s);
        return false;
      }
    }
    if (off == 0) {
      error = addr_error(in, "each colon-separated field must have at least one digit", s);
      return false;
    }
    if (off < s.size() && s[off] == '.') {
      if (ellipsis < 0 && i != 12) {
        error = addr_error(
            in, "embedded IPv4 address must replace the final 2 fields of the address", s);
        return false;
      }
      if (i + 4 > 16) {
        error = addr_error(
            in, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
        return false;
      }
      std::size_t end = in.size() - (addr.zone.empty() ? 0 : addr.zone.size() + 1);
      if (!parse_ipv4_fields(in, end - s.size(), end, error)) return false;
      s = {};
      i += 4;
      break;
    }
    i += 2;
    s.remove_prefix(off);
    if (s.empty()) break;
    if (s[0] != ':') {
      error = addr_error(in, "unexpected character, want colon", s);
      return false;
    }
    if (s.size() == 1) {
      error = addr_error(in, "colon must be followed by more characters", s);
      return false;
    }
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) {
        error = addr_error(in, "multiple :: in address", s);
        return false;
      }
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) {
    error = addr_error(in, "trailing garbage after address", s);
    return false;
  }
  if (i < 16 && ellipsis < 0) {
    error = addr_error(in, "address string too short");
    return false;
  }
  if (i >= 16 && ellipsis >= 0) {
    error = addr_error(in, "the :: must expand to at least one field of zeros", s);
    return false;
  }
  return true;
}

bool parse_addr(std::string_view s, Addr& addr, std::string& error) {
  for (char c : s) {
    if (c == '.') {
      addr.is4 = true;
      return parse_ipv4_fields(s, 0, s.size(), error);
    }
    if (c == ':') return parse_ipv6(s, addr, error);
    if (c == '%') {
      error = addr_error(s, "missing IPv6 address");
      return false;
    }
  }
  error = addr_error(s, "unable to parse IP");
  return false;
}

// ---------------------------------------------------------------------------------------------
// The library's formats.

bool ipv4(std::string_view s, std::string& why) {
  auto groups = split(s, '.');
  if (groups.size() != 4) {
    why = "expected four decimals";
    return false;
  }
  for (auto group : groups) {
    if (group.size() > 1 && group[0] == '0') {
      why = "leading zeros";
      return false;
    }
    auto n = atoi(group, why);
    if (!n) return false;
    if (*n < 0 || *n > 255) {
      why = "decimal must be between 0 and 255";
      return false;
    }
  }
  return true;
}

bool ipv6(std::string_view s, std::string& why) {
  if (s.find(':') == std::string_view::npos) {
    why = "missing colon";
    return false;
  }
  Addr addr;
  if (!parse_addr(s, addr, why)) return false;
  if (!addr.zone.empty()) {
    why = "zone id is not a part of ipv6 address";
    return false;
  }
  return true;
}

bool hostname(std::string_view h, std::string& why) {
  if (!h.empty() && h.back() == '.') h.remove_suffix(1);
  if (h.size() > 253) {
    why = "more than 253 characters long";
    return false;
  }
  for (auto label : split(h, '.')) {
    if (label.empty() || label.size() > 63) {
      why = "label must be 1 to 63 characters long";
      return false;
    }
    if (label.front() == '-' || label.back() == '-') {
      why = label.front() == '-' ? "label starts with hyphen" : "label ends with hyphen";
      return false;
    }
    for (long cp : runes(label)) {
      bool ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
                cp == '-';
      if (!ok) {
        why = "invalid character " + quote_rune(cp);
        return false;
      }
    }
  }
  return true;
}

bool email(std::string_view s, std::string& why) {
  if (s.size() > 254) {
    why = "more than 255 characters long";
    return false;
  }
  auto at = s.rfind('@');
  if (at == std::string_view::npos) {
    why = "missing @";
    return false;
  }
  std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  if (local.size() > 64) {
    why = "local part more than 64 characters long";
    return false;
  }
  if (local.size() > 1 && local.front() == '"' && local.back() == '"') {
    std::string_view inner = local.substr(1, local.size() - 2);
    if (inner.find_first_of("\\\"") != std::string_view::npos) {
      why = "backslash and quote are not allowed within quoted local part";
      return false;
    }
  } else {
    if (!local.empty() && local.front() == '.') {
      why = "starts with dot";
      return false;
    }
    if (!local.empty() && local.back() == '.') {
      why = "ends with dot";
      return false;
    }
    if (local.find("..") != std::string_view::npos) {
      why = "consecutive dots";
      return false;
    }
    static constexpr std::string_view kSpecial = ".!#$%&'*+-/=?^_`{|}~";
    for (long cp : runes(local)) {
      bool ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
                (cp >= 0 && cp < 0x80 && kSpecial.find(static_cast<char>(cp)) != kSpecial.npos);
      if (!ok) {
        why = "invalid character " + quote_rune(cp);
        return false;
      }
    }
  }
  if (domain.size() >= 2 && domain.front() == '[' && domain.back() == ']') {
    domain = domain.substr(1, domain.size() - 2);
    std::string inner;
    if (domain.starts_with("IPv6:")) {
      if (!ipv6(domain.substr(5), inner)) {
        why = "invalid ipv6 address: " + inner;
        return false;
      }
      return true;
    }
    if (!ipv4(domain, inner)) {
      why = "invalid ipv4 address: " + inner;
      return false;
    }
    return true;
  }
  std::string inner;
  if (!hostname(domain, inner)) {
    why = "invalid domain: " + inner;
    return false;
  }
  return true;
}

// time.Parse("2006-01-02", s): Go's error texts for that layout.
bool date(std::string_view value, std::string& why) {
  const std::string head = "parsing time " + go_quote(value);
  auto cannot = [&](std::string_view elem, std::string_view layout_elem) {
    why = head + " as \"2006-01-02\": cannot parse " + go_quote(elem) + " as " +
          go_quote(layout_elem);
    return false;
  };
  std::string_view v = value;
  if (v.size() < 4 || !std::all_of(v.begin(), v.begin() + 4, is_digit)) return cannot(v, "2006");
  int year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
  v.remove_prefix(4);
  // getnum(value, fixed): two digits.
  auto two = [&](int& out) {
    if (v.size() < 2 || !is_digit(v[0]) || !is_digit(v[1])) return false;
    out = (v[0] - '0') * 10 + (v[1] - '0');
    v.remove_prefix(2);
    return true;
  };
  if (v.empty() || v[0] != '-') return cannot(v, "-");
  v.remove_prefix(1);
  int month = 0, day = 0;
  if (!two(month)) return cannot(v, "01");
  if (month < 1 || month > 12) {
    why = head + ": month out of range";
    return false;
  }
  if (v.empty() || v[0] != '-') return cannot(v, "-");
  v.remove_prefix(1);
  if (!two(day)) return cannot(v, "02");
  if (!v.empty()) {
    why = head + ": extra text: " + go_quote(v);
    return false;
  }
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  int days = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  if (day < 1 || day > days) {
    why = head + ": day out of range";
    return false;
  }
  return true;
}

bool time_of_day(std::string_view str, std::string& why) {
  auto fail = [&](const char* reason) {
    why = reason;
    return false;
  };
  if (str.size() < 9) return fail("less than 9 characters long");
  if (str[2] != ':' || str[5] != ':') return fail("missing colon in correct place");
  std::array<long long, 3> hms{};
  for (std::size_t k = 0; k < 3; ++k) {
    std::string ignored;
    auto n = atoi(str.substr(k * 3, 2), ignored);
    if (!n) return fail("invalid hour/min/sec");
    if (*n < 0) return fail("non-positive hour/min/sec");
    hms[k] = *n;
  }
  long long h = hms[0], m = hms[1], s = hms[2];
  if (h > 23 || m > 59 || s > 60) return fail("hour/min/sec out of range");
  str.remove_prefix(8);
  if (!str.empty() && str[0] == '.') {
    std::size_t digits = 1;
    while (digits < str.size() && is_digit(str[digits])) ++digits;
    if (digits == 1) return fail("no digits in second fraction");
    str.remove_prefix(digits);
  }
  if (str != "z" && str != "Z") {
    if (str.size() != 6) return fail("offset must be 6 characters long");
    int sign = 0;
    if (str[0] == '+') sign = -1;
    if (str[0] == '-') sign = +1;
    if (sign == 0) return fail("offset must begin with plus/minus");
    str.remove_prefix(1);
    if (str[2] != ':') return fail("missing colon in offset in correct place");
    std::array<long long, 2> zhm{};
    std::array<std::string_view, 2> parts = {str.substr(0, 2), str.substr(3)};
    for (std::size_t k = 0; k < 2; ++k) {
      std::string ignored;
      auto n = atoi(parts[k], ignored);
      if (!n) return fail("invalid hour/min in offset");
      if (*n < 0) return fail("non-positive hour/min in offset");
      zhm[k] = *n;
    }
    if (zhm[0] > 23 || zhm[1] > 59) return fail("hour/min in offset out of range");
    long long hm = (h * 60 + m) + sign * (zhm[0] * 60 + zhm[1]);
    if (hm < 0) hm += 24 * 60;
    h = hm / 60;
    m = hm % 60;
  }
  if (s >= 60 && (h != 23 || m != 59)) return fail("invalid leap second");
  return true;
}

bool date_time(std::string_view s, std::string& why) {
  if (s.size() < 20) {
    why = "less than 20 characters long";
    return false;
  }
  if (s[10] != 't' && s[10] != 'T') {
    why = "11th character must be t or T";
    return false;
  }
  std::string inner;
  if (!date(s.substr(0, 10), inner)) {
    why = "invalid date element: " + inner;
    return false;
  }
  if (!time_of_day(s.substr(11), inner)) {
    why = "invalid time element: " + inner;
    return false;
  }
  return true;
}

bool duration(std::string_view s, std::string& why) {
  auto fail = [&](std::string reason) {
    why = std::move(reason);
    return false;
  };
  if (!s.starts_with('P')) return fail("must start with P");
  s.remove_prefix(1);
  if (s.empty()) return fail("nothing after P");
  if (s.ends_with('W')) {
    s.remove_suffix(1);
    if (s.empty()) return fail("no number in week");
    for (long cp : runes(s)) {
      if (cp < '0' || cp > '9') return fail("invalid week");
    }
    return true;
  }
  static constexpr std::array<std::string_view, 2> kUnits = {"YMD", "HMS"};
  auto parts = split(s, 'T');
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    if (i != 0 && part.empty()) return fail("no time elements");
    if (i >= kUnits.size()) return fail("more than one T");
    std::string_view units = kUnits[i];
    while (!part.empty()) {
      std::size_t digits = 0;
      while (digits < part.size() && is_digit(part[digits])) ++digits;
      if (digits == 0) return fail("missing number");
      part.remove_prefix(digits);
      if (part.empty()) return fail("missing unit");
      char unit = part[0];
      auto j = units.find(unit);
      if (j == std::string_view::npos) {
        long cp = static_cast<unsigned char>(unit);
        if (kUnits[i].find(unit) != std::string_view::npos) {
          return fail("unit " + quote_rune(cp) + " out of order");
        }
        return fail("invalid unit " + quote_rune(cp));
      }
      units.remove_prefix(j + 1);
      part.remove_prefix(1);
    }
  }
  return true;
}

bool period(std::string_view s, std::string& why) {
  auto slash = s.find('/');
  if (slash == std::string_view::npos) {
    why = "missing slash";
    return false;
  }
  std::string_view start = s.substr(0, slash), end = s.substr(slash + 1);
  std::string inner;
  auto fail = [&](const char* what) {
    why = std::string(what) + inner;
    return false;
  };
  if (start.starts_with('P')) {
    if (!duration(start, inner)) return fail("invalid start duration: ");
    if (!date_time(end, inner)) return fail("invalid end date-time: ");
    return true;
  }
  if (!date_time(start, inner)) return fail("invalid start date-time: ");
  if (end.starts_with('P')) {
    if (!duration(end, inner)) return fail("invalid end duration: ");
  } else if (!date_time(end, inner)) {
    return fail("invalid end date-time: ");
  }
  return true;
}

bool json_pointer(std::string_view s, std::string& why) {
  if (s.empty()) return true;
  if (s[0] != '/') {
    why = "not starting with /";
    return false;
  }
  for (auto token : split(s.substr(1), '/')) {
    // A '~' that ends the token or is followed by anything but 0 or 1.
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] != '~') continue;
      if (i + 1 == token.size() || (token[i + 1] != '0' && token[i + 1] != '1')) {
        why = "~ must be followed by 0 or 1";
        return false;
      }
      ++i;
    }
  }
  return true;
}

bool relative_json_pointer(std::string_view s, std::string& why) {
  std::size_t digits = 0;
  while (digits < s.size() && is_digit(s[digits])) ++digits;
  if (digits == 0) {
    why = "must start with non-negative integer";
    return false;
  }
  if (digits > 1 && s[0] == '0') {
    why = "starts with zero";
    return false;
  }
  s.remove_prefix(digits);
  if (s == "#") return true;
  return json_pointer(s, why);
}

bool uuid(std::string_view s, std::string& why) {
  static constexpr std::array<std::size_t, 5> kLengths = {8, 4, 4, 4, 12};
  auto groups = split(s, '-');
  if (groups.size() != kLengths.size()) {
    why = "must have 5 elements";
    return false;
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].size() != kLengths[i]) {
      why = "element " + std::to_string(i + 1) + " must be " + std::to_string(kLengths[i]) +
            " characters long";
      return false;
    }
    for (long cp : runes(groups[i])) {
      bool hex = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'f') || (cp >= 'A' && cp <= 'F');
      if (!hex) {
        why = "non-hex character " + quote_rune(cp);
        return false;
      }
    }
  }
  return true;
}

bool semver(std::string_view s, std::string& why) {
  auto fail = [&](std::string reason) {
    why = std::move(reason);
    return false;
  };
  auto ident_char = [](long cp) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           cp == '-';
  };
  if (auto plus = s.find('+'); plus != std::string_view::npos) {
    std::string_view build = s.substr(plus + 1);
    if (build.empty()) return fail("build is empty");
    for (auto id : split(build, '.')) {
      if (id.empty()) return fail("build identifier is empty");
      for (long cp : runes(id)) {
        if (!ident_char(cp)) {
          return fail("invalid character " + quote_rune(cp) + " in build identifier");
        }
      }
    }
    s = s.substr(0, plus);
  }
  if (auto dash = s.find('-'); dash != std::string_view::npos) {
    for (auto id : split(s.substr(dash + 1), '.')) {
      if (id.empty()) return fail("pre-release identifier is empty");
      bool all_digits = true;
      for (long cp : runes(id)) {
        if (!ident_char(cp)) {
          return fail("invalid character " + quote_rune(cp) + " in pre-release identifier");
        }
        all_digits = all_digits && cp >= '0' && cp <= '9';
      }
      if (all_digits && id.size() > 1 && id[0] == '0') {
        return fail("pre-release numeric identifier starts with zero");
      }
    }
    s = s.substr(0, dash);
  }
  auto versions = split(s, '.');
  if (versions.size() != 3) return fail("versionCore must have 3 numbers separated by dot");
  static constexpr std::array<const char*, 3> kNames = {"major", "minor", "patch"};
  for (std::size_t i = 0; i < 3; ++i) {
    std::string name = kNames[i];
    if (versions[i].empty()) return fail(name + " is empty");
    if (versions[i].size() > 1 && versions[i][0] == '0') return fail(name + " starts with zero");
    for (long cp : runes(versions[i])) {
      if (cp < '0' || cp > '9') return fail(name + " contains non-digit");
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// net/url.Parse (Go 1.25) as far as its errors go, and the library's checks on top.

bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int unhex(char c) {
  return is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
}

enum class Encoding { kPath, kHost, kZone, kUserPassword, kFragment };

bool should_escape(unsigned char c, Encoding mode) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return false;
  if (mode == Encoding::kHost || mode == Encoding::kZone) {
    if (std::string_view("!$&'()*+,;=:[]<>\"").find(static_cast<char>(c)) !=
        std::string_view::npos) {
      return false;
    }
  }
  if (c == '-' || c == '_' || c == '.' || c == '~') return false;
  if (std::string_view("$&+,/:;=?@").find(static_cast<char>(c)) != std::string_view::npos) {
    switch (mode) {
      case Encoding::kPath:
        return c == '?';
      case Encoding::kUserPassword:
        return c == '@' || c == '/' || c == '?' || c == ':';
      case Encoding::kFragment:
        return false;
      default:
        break;
    }
  }
  if (mode == Encoding::kFragment && (c == '!' || c == '(' || c == ')' || c == '*')) {
    return false;
  }
  return true;
}

// url.unescape: the text with %XX decoded, or EscapeError / InvalidHostError.
std::optional<std::string> unescape(std::string_view s, Encoding mode, std::string& error) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
        error = "invalid URL escape " + go_quote(s.substr(i, 3));
        return std::nullopt;
      }
      int v = unhex(s[i + 1]) << 4 | unhex(s[i + 2]);
      std::string_view escape = s.substr(i, 3);
      if (mode == Encoding::kHost && unhex(s[i + 1]) < 8 && escape != "%25") {
        error = "invalid URL escape " + go_quote(escape);
        return std::nullopt;
      }
      if (mode == Encoding::kZone && escape != "%25" && v != ' ' &&
          should_escape(static_cast<unsigned char>(v), Encoding::kHost)) {
        error = "invalid URL escape " + go_quote(escape);
        return std::nullopt;
      }
      out += static_cast<char>(v);
      i += 3;
      continue;
    }
    if ((mode == Encoding::kHost || mode == Encoding::kZone) &&
        static_cast<unsigned char>(c) < 0x80 &&
        should_escape(static_cast<unsigned char>(c), mode)) {
      error = "invalid character " + go_quote(s.substr(i, 1)) + " in host name";
      return std::nullopt;
    }
    out += c;
    ++i;
  }
  return out;
}

// url.escape for the path: what decides whether RawPath is kept.
std::string escape_path(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (!should_escape(c, Encoding::kPath)) {
      out += ch;
      continue;
    }
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

bool valid_optional_port(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  return std::all_of(port.begin() + 1, port.end(), is_digit);
}

bool valid_userinfo(std::string_view s) {
  for (long cp : runes(s)) {
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      continue;
    }
    if (cp >= 0 && cp < 0x80 &&
        std::string_view("-._:~!$&'()*+,;=%@").find(static_cast<char>(cp)) !=
            std::string_view::npos) {
      continue;
    }
    return false;
  }
  return true;
}

std::optional<std::string> parse_host(std::string_view host, std::string& error) {
  if (host.starts_with('[')) {
    auto close = host.rfind(']');
    if (close == std::string_view::npos) {
      error = "missing ']' in host";
      return std::nullopt;
    }
    std::string_view colon_port = host.substr(close + 1);
    if (!valid_optional_port(colon_port)) {
      error = "invalid port " + go_quote(colon_port) + " after host";
      return std::nullopt;
    }
    auto port = unescape(colon_port, Encoding::kHost, error);
    if (!port) return std::nullopt;
    std::string_view name = host.substr(1, close - 1);
    std::optional<std::string> unescaped_name, zone = std::string();
    if (auto z = name.find("%25"); z != std::string_view::npos) {
      unescaped_name = unescape(name.substr(0, z), Encoding::kHost, error);
      if (!unescaped_name) return std::nullopt;
      zone = unescape(name.substr(z), Encoding::kZone, error);
      if (!zone) return std::nullopt;
    } else {
      unescaped_name = unescape(name, Encoding::kHost, error);
      if (!unescaped_name) return std::nullopt;
    }
    Addr addr;
    std::string why;
    if (!parse_addr(*unescaped_name + *zone, addr, why)) {
      error = "invalid host: " + why;
      return std::nullopt;
    }
    if (addr.is4) {
      error = "invalid IP-literal";
      return std::nullopt;
    }
    return "[" + *unescaped_name + *zone + "]" + *port;
  }
  if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
    if (!valid_optional_port(host.substr(colon))) {
      error = "invalid port " + go_quote(host.substr(colon)) + " after host";
      return std::nullopt;
    }
  }
  return unescape(host, Encoding::kHost, error);
}

struct Url {
  std::string scheme, host, raw_path;
  bool opaque = false;
};

// url.Parse: the parts the library looks at, or the *url.Error text.
std::optional<Url> parse_url(std::string_view raw, std::string& error) {
  std::string_view u = raw, frag;
  bool has_frag = false;
  if (auto hash = raw.find('#'); hash != std::string_view::npos) {
    u = raw.substr(0, hash);
    frag = raw.substr(hash + 1);
    has_frag = true;
  }
  auto failed = [&](std::string_view what, const std::string& err) {
    error = "parse " + go_quote(what) + ": " + err;
    return std::nullopt;
  };
  for (char c : u) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return failed(u, "net/url: invalid control character in URL");
    }
  }
  Url url;
  if (u == "*") return url;
  std::string_view rest = u;
  for (std::size_t i = 0; i < u.size(); ++i) {
    char c = u[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if (is_digit(c) || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return failed(u, "missing protocol scheme");
      url.scheme = std::string(u.substr(0, i));
      rest = u.substr(i + 1);
    }
    break;
  }
  if (rest.ends_with('?') && std::count(rest.begin(), rest.end(), '?') == 1) {
    rest.remove_suffix(1);
  } else if (auto q = rest.find('?'); q != std::string_view::npos) {
    rest = rest.substr(0, q);
  }
  if (!rest.starts_with('/')) {
    if (!url.scheme.empty()) {
      url.opaque = true;
    } else if (rest.substr(0, rest.find('/')).find(':') != std::string_view::npos) {
      return failed(u, "first path segment in URL cannot contain colon");
    }
  }
  if (!url.opaque) {
    if (rest.starts_with("//") && (!url.scheme.empty() || !rest.starts_with("///"))) {
      std::string_view authority = rest.substr(2);
      rest = {};
      if (auto slash = authority.find('/'); slash != std::string_view::npos) {
        rest = authority.substr(slash);
        authority = authority.substr(0, slash);
      }
      auto at = authority.rfind('@');
      auto host =
          parse_host(at == std::string_view::npos ? authority : authority.substr(at + 1), error);
      if (!host) return failed(u, error);
      if (at != std::string_view::npos) {
        std::string_view userinfo = authority.substr(0, at);
        if (!valid_userinfo(userinfo)) return failed(u, "net/url: invalid userinfo");
        auto colon = userinfo.find(':');
        if (!unescape(userinfo.substr(0, colon), Encoding::kUserPassword, error)) {
          return failed(u, error);
        }
        if (colon != std::string_view::npos &&
            !unescape(userinfo.substr(colon + 1), Encoding::kUserPassword, error)) {
          return failed(u, error);
        }
      }
      url.host = std::move(*host);
    }
    auto path = unescape(rest, Encoding::kPath, error);
    if (!path) return failed(u, error);
    if (escape_path(*path) != rest) url.raw_path = std::string(rest);
  }
  if (has_frag && !unescape(frag, Encoding::kFragment, error)) return failed(raw, error);
  return url;
}

// URL.Hostname: the host without its port and brackets.
std::string_view hostname_of(std::string_view host) {
  if (auto colon = host.rfind(':');
      colon != std::string_view::npos && valid_optional_port(host.substr(colon))) {
    host = host.substr(0, colon);
  }
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  return host;
}

// The library's parseURL: url.Parse, then a check of an IPv6 host.
std::optional<Url> library_parse_url(std::string_view s, std::string& why) {
  auto url = parse_url(s, why);
  if (!url) return std::nullopt;
  std::string_view name = hostname_of(url->host);
  if (name.find(':') != std::string_view::npos) {
    if (url->host.find('[') == std::string::npos || url->host.find(']') == std::string::npos) {
      why = "ipv6 address not enclosed in brackets";
      return std::nullopt;
    }
    std::string inner;
    if (!ipv6(name, inner)) {
      why = "invalid ipv6 address: " + inner;
      return std::nullopt;
    }
  }
  return url;
}

bool uri(std::string_view s, std::string& why) {
  auto url = library_parse_url(s, why);
  if (!url) return false;
  if (url->scheme.empty()) {
    why = "relative url";
    return false;
  }
  return true;
}

bool uri_reference(std::string_view s, std::string& why) {
  if (s.find('\\') != std::string_view::npos) {
    why = "contains \\";
    return false;
  }
  return library_parse_url(s, why).has_value();
}

bool uri_template(std::string_view s, std::string& why) {
  auto url = library_parse_url(s, why);
  if (!url) return false;
  for (auto token : split(url->raw_path, '/')) {
    bool want = true;
    for (char c : token) {
      if (c != '{' && c != '}') continue;
      if ((c == '{') != want) {
        why = "nested curly braces";
        return false;
      }
      want = !want;
    }
    if (!want) {
      why = "no matching closing brace";
      return false;
    }
  }
  return true;
}

bool regex(std::string_view s, std::string& why) {
  why = tmpl::GoRegexp(std::string(s)).error();
  return why.empty();
}

}  // namespace

bool format_ok(std::string_view format, std::string_view s, std::string& why) {
  if (format == "email") return email(s, why);
  if (format == "ipv4") return ipv4(s, why);
  if (format == "ipv6") return ipv6(s, why);
  if (format == "hostname") return hostname(s, why);
  if (format == "date") return date(s, why);
  if (format == "time") return time_of_day(s, why);
  if (format == "date-time") return date_time(s, why);
  if (format == "duration") return duration(s, why);
  if (format == "period") return period(s, why);
  if (format == "uri" || format == "iri") return uri(s, why);
  if (format == "uri-reference" || format == "iri-reference") return uri_reference(s, why);
  if (format == "uri-template") return uri_template(s, why);
  if (format == "json-pointer") return json_pointer(s, why);
  if (format == "relative-json-pointer") return relative_json_pointer(s, why);
  if (format == "uuid") return uuid(s, why);
  if (format == "semver") return semver(s, why);
  if (format == "regex") return regex(s, why);
  return true;  // formats the library does not know are not asserted
}

}  // namespace render::chart
