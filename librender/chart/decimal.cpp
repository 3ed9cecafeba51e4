#include "chart/decimal.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "render/number_format.hpp"

namespace render::chart {
namespace {

// Compares two non-negative digit strings scaled to the same exponent.
int compare_magnitude(const std::string& a, int ea, const std::string& b, int eb) {
  // value = digits * 10^e; compare by the position of the leading digit first.
  if (a == "0" || b == "0") {
    if (a == "0" && b == "0") return 0;
    return a == "0" ? -1 : 1;
  }
  long la = static_cast<long>(a.size()) + ea, lb = static_cast<long>(b.size()) + eb;
  if (la != lb) return la < lb ? -1 : 1;
  std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    char ca = i < a.size() ? a[i] : '0', cb = i < b.size() ? b[i] : '0';
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

// digits * 10^shift as one string of decimal digits (shift >= 0).
std::string scaled(const std::string& digits, int shift) {
  return digits + std::string(static_cast<std::size_t>(shift), '0');
}

// Whether the digit string `a` (no leading zeros, or "0") is at least `b` (the same).
bool at_least(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() > b.size();
  return a >= b;
}

// a - b for digit strings with a >= b, without leading zeros.
std::string minus(const std::string& a, const std::string& b) {
  std::string out = a;
  int borrow = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::size_t ia = out.size() - 1 - i;
    int d = out[ia] - '0' - borrow - (i < b.size() ? b[b.size() - 1 - i] - '0' : 0);
    borrow = d < 0;
    out[ia] = static_cast<char>('0' + (d < 0 ? d + 10 : d));
  }
  const std::size_t nz = out.find_first_not_of('0');
  return nz == std::string::npos ? "0" : out.substr(nz);
}

// Whether b divides a, for decimal digit strings (b non-zero), by long division: schema numbers
// are kept as written and may have any number of digits (100000000000000000001).
bool divisible(const std::string& a, const std::string& b) {
  if (b.size() <= 18) {
    unsigned long long d = std::stoull(b), r = 0;
    for (char c : a) r = (r * 10 + static_cast<unsigned>(c - '0')) % d;
    return r == 0;
  }
  std::string r = "0";
  for (char c : a) {
    r = r == "0" ? std::string(1, c) : r + c;
    while (at_least(r, b)) r = minus(r, b);
  }
  return r == "0";
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  Decimal d;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    d.negative_ = text[i] == '-';
    ++i;
  }
  std::string digits;
  int exp = 0;
  bool any = false, dot = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      any = true;
      if (dot) --exp;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    int e = 0;
    std::string_view rest = text.substr(i);
    if (!rest.empty() && rest[0] == '+') rest.remove_prefix(1);
    auto r = std::from_chars(rest.data(), rest.data() + rest.size(), e);
    if (r.ec != std::errc() || r.ptr != rest.data() + rest.size()) return std::nullopt;
    exp += e;
    i = text.size();
  }
  if (i != text.size()) return std::nullopt;
  std::size_t nz = digits.find_first_not_of('0');
  if (nz == std::string::npos) {
    d.negative_ = false;
    d.digits_ = "0";
    d.exp_ = 0;
    return d;
  }
  digits.erase(0, nz);
  while (digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    ++exp;
  }
  d.digits_ = digits;
  d.exp_ = exp;
  return d;
}

std::optional<Decimal> Decimal::of(const Value& v) {
  if (v.is_integer()) return parse(std::to_string(v.as_int()));
  if (v.is_float()) {
    if (!std::isfinite(v.as_float())) return std::nullopt;
    return parse(format_go_v(v.as_float()));
  }
  return std::nullopt;
}

int Decimal::compare(const Decimal& o) const {
  bool za = digits_ == "0", zb = o.digits_ == "0";
  int sa = za ? 0 : negative_ ? -1 : 1, sb = zb ? 0 : o.negative_ ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int m = compare_magnitude(digits_, exp_, o.digits_, o.exp_);
  return sa > 0 ? m : -m;
}

bool Decimal::multiple_of(const Decimal& d) const {
  if (d.digits_ == "0") return false;
  if (digits_ == "0") return true;
  int e = std::min(exp_, d.exp_);
  // Guard against absurd exponents (1e300 multipleOf 1e-300).
  if (exp_ - e > 4000 || d.exp_ - e > 4000) {
    double q = to_double() / d.to_double();
    return std::isfinite(q) && q == std::floor(q);
  }
  return divisible(scaled(digits_, exp_ - e), scaled(d.digits_, d.exp_ - e));
}

double Decimal::to_double() const {
  std::string text = (negative_ ? "-" : "") + digits_ + "e" + std::to_string(exp_);
  return std::strtod(text.c_str(), nullptr);
}

}  // namespace render::chart
