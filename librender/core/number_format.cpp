#include "render/number_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace render {
namespace {

// The shortest round-trip decimal digits of |value| and its decimal exponent (value = 0.d1d2... *
// 10^point, i.e. point = exp + 1).
struct Digits {
  std::string digits;  // no leading zeros; "0" for zero
  int exp = 0;         // decimal exponent of the first digit
};

template <typename Float>
Digits shortest_digits(Float value) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(value), std::chars_format::scientific);
  std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  Digits d;
  auto e = text.find('e');
  for (char c : text.substr(0, e)) {
    if (c != '.') d.digits.push_back(c);
  }
  d.exp = std::atoi(std::string(text.substr(e + 1)).c_str());
  return d;
}

std::string plain(const Digits& d) {
  std::string out;
  int point = d.exp + 1;  // digits before the decimal point
  int n = static_cast<int>(d.digits.size());
  if (point <= 0) {
    out = "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += d.digits;
  } else if (point >= n) {
    out = d.digits;
    out.append(static_cast<std::size_t>(point - n), '0');
  } else {
    out = d.digits.substr(0, static_cast<std::size_t>(point));
    out += '.';
    out += d.digits.substr(static_cast<std::size_t>(point));
  }
  return out;
}

std::string scientific(const Digits& d, bool pad_exponent) {
  std::string out(1, d.digits[0]);
  if (d.digits.size() > 1) {
    out += '.';
    out += d.digits.substr(1);
  }
  out += 'e';
  out += d.exp < 0 ? '-' : '+';
  int e = std::abs(d.exp);
  if (pad_exponent && e < 10) out += '0';
  out += std::to_string(e);
  return out;
}

const char* special(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return nullptr;
}

// strconv.FormatFloat(value, 'g', -1, bits of Float).
template <typename Float>
std::string shortest_g(Float value) {
  if (const char* s = special(value)) return s;
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  Digits d = shortest_digits(value);
  std::string body = (d.exp < -4 || d.exp >= 6) ? scientific(d, true) : plain(d);
  return std::signbit(value) ? "-" + body : body;
}

}  // namespace

std::string format_go_v(double value) {
  return shortest_g(value);
}

std::string format_go_g32(double value) {
  return shortest_g(static_cast<float>(value));
}

std::string format_json_number(double value) {
  if (const char* s = special(value)) return s;
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  // A whole number below 2^53 (most numbers in values: replicas, ports, counts) prints as that
  // integer, which its shortest round-trip digits are; without finding those digits first.
  if (std::fabs(value) < 9007199254740992.0 && value == std::trunc(value)) {
    return std::to_string(static_cast<long long>(value));
  }
  Digits d = shortest_digits(value);
  double a = std::fabs(value);
  std::string body = (a < 1e-6 || a >= 1e21) ? scientific(d, false) : plain(d);
  return std::signbit(value) ? "-" + body : body;
}

}  // namespace render
