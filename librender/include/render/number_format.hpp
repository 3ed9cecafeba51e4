// Number formatting exactly as Go prints float64 values.
#pragma once

#include <string>

namespace render {

// Go's fmt %v for float64 (strconv.FormatFloat(f, 'g', -1, 64)): the shortest digits that
// round-trip; with x = d.ddd * 10^exp, exponent form ("1e+06", "1.234567e+06", "1e-05", at least
// two exponent digits) iff exp < -4 || exp >= 6, else plain ("999999", "123456.7", "0.0001", "2").
// NaN and infinities print as "NaN", "+Inf", "-Inf".
std::string format_go_v(double value);

// strconv.FormatFloat(f, 'g', -1, 32): as format_go_v, with the shortest digits that round-trip
// f as a float32 ("1.2345679e+08" for 123456789.5); sigs.k8s.io/yaml names float map keys so.
std::string format_go_g32(double value);

// encoding/json's float64 format: plain ('f', shortest) unless |x| < 1e-6 or |x| >= 1e21, then
// 'e' with the exponent's leading zero removed ("1e-7", "1e+21").
std::string format_json_number(double value);

}  // namespace render
