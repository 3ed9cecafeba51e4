#include "chart/values_schema_formats.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "chart/go_split.hpp"
#include "render/go_quote.hpp"
#include "render/go_strconv.hpp"
#include "render/go_url.hpp"
#include "render/utf8.hpp"
#include "template/functions/regex.hpp"

namespace render::chart {
namespace {

// ---------------------------------------------------------------------------------------------
// Go's pieces the library builds on: a string's runes.

// %q of a rune from `runes`: a byte that is not UTF-8 is ranged over as U+FFFD.
std::string quote_rune(long cp) {
  return go_quote_rune(cp < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(cp));
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

// ---------------------------------------------------------------------------------------------
// The library's formats.

bool ipv4(std::string_view s, std::string& why) {
  auto groups = go_split(s, '.');
  if (groups.size() != 4) {
    why = "expected four decimals";
    return false;
  }
  for (auto group : groups) {
    if (group.size() > 1 && group[0] == '0') {
      why = "leading zeros";
      return false;
    }
    auto n = go_atoi(group, why);
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
  bool is4 = false;
  why = go_parse_ip_addr(s, is4);
  if (!why.empty()) return false;
  if (s.find('%') != std::string_view::npos) {  // parsed, so with a zone
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
  for (auto label : go_split(h, '.')) {
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
    auto n = go_atoi(str.substr(k * 3, 2), ignored);
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
      auto n = go_atoi(parts[k], ignored);
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
  auto parts = go_split(s, 'T');
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
  for (auto token : go_split(s.substr(1), '/')) {
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
  auto groups = go_split(s, '-');
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
    for (auto id : go_split(build, '.')) {
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
    for (auto id : go_split(s.substr(dash + 1), '.')) {
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
  auto versions = go_split(s, '.');
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

// The library's parseURL: url.Parse, then a check of an IPv6 host.
std::optional<GoUrl> library_parse_url(std::string_view s, std::string& why) {
  GoUrl url;
  if (!go_url_parse(s, url, why)) return std::nullopt;
  std::string name = go_url_hostname(url.host);
  if (name.find(':') != std::string::npos) {
    if (url.host.find('[') == std::string::npos || url.host.find(']') == std::string::npos) {
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
  for (auto token : go_split(url->raw_path, '/')) {
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
