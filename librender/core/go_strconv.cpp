#include "render/go_strconv.hpp"

#include <limits>

#include "render/go_quote.hpp"

namespace render {

std::optional<long long> go_atoi(std::string_view s, std::string& error) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  bool syntax = digits.empty();
  for (char c : digits) syntax = syntax || c < '0' || c > '9';
  if (syntax) {
    error = "strconv.Atoi: parsing " + go_quote(s) + ": invalid syntax";
    return std::nullopt;
  }
  // The magnitude is gathered unsigned so that the most negative int64 fits.
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

}  // namespace render
