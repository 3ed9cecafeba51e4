// Exact decimal numbers for JSON Schema comparisons: the schema validator Helm uses compares
// big.Rat values built from each number's shortest decimal text, so 0.1 <= 0.1 and 0.3 is a
// multiple of 0.1 even though their float64 values say otherwise.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "render/value.hpp"

namespace render::chart {

class Decimal {
 public:
  // "12", "-0.5", "1e+06", "1.5E-7"; nullopt for anything else (NaN, Inf, text).
  static std::optional<Decimal> parse(std::string_view text);
  // A number Value (int, int64, float64) by its shortest decimal text.
  static std::optional<Decimal> of(const Value& number);

  int compare(const Decimal& other) const;
  // Whether this / divisor is an integer (divisor non-zero).
  bool multiple_of(const Decimal& divisor) const;
  bool is_integer() const { return exp_ >= 0 || digits_ == "0"; }
  double to_double() const;

 private:
  bool negative_ = false;
  std::string digits_ = "0";  // no leading zeros; "0" for zero
  int exp_ = 0;               // value = digits * 10^exp
};

}  // namespace render::chart
