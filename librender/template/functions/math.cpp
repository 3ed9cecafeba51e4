// Sprig's math: integer arithmetic over cast.ToInt64, float arithmetic through shopspring/decimal,
// rounding, conversions and integer sequences.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "render/go_strconv.hpp"
#include "render/guards.hpp"
#include "render/value.hpp"
#include "template/function.hpp"
#include "template/functions/cast.hpp"
#include "template/functions/fmt.hpp"

namespace render::tmpl {
namespace {

constexpr const char* kDivideByZero = "runtime error: integer divide by zero";

// Go's wrapping int64 arithmetic.
std::int64_t wrap_add(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
std::int64_t wrap_sub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
std::int64_t wrap_mul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

// ---------------------------------------------------------------------------------------------
// Unsigned big integers as decimal digit strings (most significant first, no leading zeros, "0"
// for zero): enough for shopspring/decimal's exact add, sub, mul and 16-place division.

int compare_magnitude(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

void strip_leading_zeros(std::string& s) {
  std::size_t nz = s.find_first_not_of('0');
  if (nz == std::string::npos) {
    s = "0";
  } else if (nz > 0) {
    s.erase(0, nz);
  }
}

std::string add_magnitude(const std::string& a, const std::string& b) {
  std::string out;
  out.reserve(std::max(a.size(), b.size()) + 1);
  int carry = 0;
  auto i = static_cast<std::ptrdiff_t>(a.size()) - 1;
  auto j = static_cast<std::ptrdiff_t>(b.size()) - 1;
  while (i >= 0 || j >= 0 || carry != 0) {
    int d = carry;
    if (i >= 0) d += a[static_cast<std::size_t>(i--)] - '0';
    if (j >= 0) d += b[static_cast<std::size_t>(j--)] - '0';
    out += static_cast<char>('0' + d % 10);
    carry = d / 10;
  }
  std::reverse(out.begin(), out.end());
  strip_leading_zeros(out);
  return out;
}

// a - b with a >= b.
std::string sub_magnitude(const std::string& a, const std::string& b) {
  std::string out;
  out.reserve(a.size());
  int borrow = 0;
  auto i = static_cast<std::ptrdiff_t>(a.size()) - 1;
  auto j = static_cast<std::ptrdiff_t>(b.size()) - 1;
  while (i >= 0) {
    int d = a[static_cast<std::size_t>(i--)] - '0' - borrow;
    if (j >= 0) d -= b[static_cast<std::size_t>(j--)] - '0';
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 10;
    out += static_cast<char>('0' + d);
  }
  std::reverse(out.begin(), out.end());
  strip_leading_zeros(out);
  return out;
}

std::string mul_magnitude(const std::string& a, const std::string& b) {
  std::vector<int> acc(a.size() + b.size(), 0);
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      acc[i + j + 1] += (a[i] - '0') * (b[j] - '0');
    }
  }
  for (std::size_t k = acc.size(); k-- > 1;) {
    acc[k - 1] += acc[k] / 10;
    acc[k] %= 10;
  }
  std::string out;
  out.reserve(acc.size());
  for (int d : acc) out += static_cast<char>('0' + d);
  strip_leading_zeros(out);
  return out;
}

// Long division: quotient and remainder of a / b (b non-zero).
std::pair<std::string, std::string> divmod_magnitude(const std::string& a, const std::string& b) {
  std::string quotient;
  std::string rem = "0";
  for (char c : a) {
    if (rem == "0") {
      rem = std::string(1, c);
    } else {
      rem += c;
    }
    int q = 0;
    while (compare_magnitude(rem, b) >= 0) {
      rem = sub_magnitude(rem, b);
      ++q;
    }
    quotient += static_cast<char>('0' + q);
  }
  strip_leading_zeros(quotient);
  return {quotient, rem};
}

// shopspring/decimal's Decimal: value = (negative ? -1 : 1) * digits * 10^exp.
struct Decimal {
  bool negative = false;
  std::string digits = "0";
  int exp = 0;

  bool is_zero() const { return digits == "0"; }
};

// decimal.NewFromFloat: the shortest decimal that reads back as the float. NaN and infinities
// panic.
Decimal decimal_from_float(double f) {
  if (std::isnan(f)) throw FunctionError("Cannot create a Decimal from NaN");
  if (std::isinf(f))
    throw FunctionError(f > 0 ? "Cannot create a Decimal from +Inf"
                              : "Cannot create a Decimal from -Inf");
  Decimal d;
  if (f == 0) return d;
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::scientific);
  std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  auto e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  d.negative = f < 0;
  d.exp = exponent - static_cast<int>(digits.size()) + 1;
  while (digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    ++d.exp;
  }
  d.digits = digits;
  return d;
}

// digits * 10^shift.
std::string shifted(const std::string& digits, int shift) {
  if (digits == "0" || shift <= 0) return digits;
  return digits + std::string(static_cast<std::size_t>(shift), '0');
}

Decimal decimal_add(const Decimal& a, const Decimal& b) {
  int exp = std::min(a.exp, b.exp);
  std::string x = shifted(a.digits, a.exp - exp);
  std::string y = shifted(b.digits, b.exp - exp);
  Decimal r;
  r.exp = exp;
  if (a.negative == b.negative) {
    r.digits = add_magnitude(x, y);
    r.negative = a.negative;
  } else if (compare_magnitude(x, y) >= 0) {
    r.digits = sub_magnitude(x, y);
    r.negative = a.negative;
  } else {
    r.digits = sub_magnitude(y, x);
    r.negative = b.negative;
  }
  if (r.is_zero()) r.negative = false;
  return r;
}

Decimal decimal_negate(Decimal d) {
  if (!d.is_zero()) d.negative = !d.negative;
  return d;
}

Decimal decimal_mul(const Decimal& a, const Decimal& b) {
  Decimal r;
  r.digits = mul_magnitude(a.digits, b.digits);
  r.exp = a.exp + b.exp;
  r.negative = !r.is_zero() && a.negative != b.negative;
  return r;
}

// Decimal.Div: DivRound(d2, 16), the quotient rounded half away from zero to 16 places.
Decimal decimal_div(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) throw FunctionError("decimal division by 0");
  constexpr int kPrecision = 16;
  int scale = a.exp - b.exp + kPrecision;
  std::string n = a.digits;
  std::string d = b.digits;
  if (scale >= 0) {
    n = shifted(n, scale);
  } else {
    d = shifted(d, -scale);
  }
  auto [q, r] = divmod_magnitude(n, d);
  if (compare_magnitude(add_magnitude(r, r), d) >= 0) q = add_magnitude(q, "1");
  Decimal out;
  out.digits = q;
  out.exp = -kPrecision;
  out.negative = !out.is_zero() && a.negative != b.negative;
  return out;
}

// Decimal.Float64: the nearest float64 to the exact value.
double decimal_to_float(const Decimal& d) {
  std::string text = d.negative ? "-" : "";
  text += d.digits;
  text += 'e';
  text += std::to_string(d.exp);
  return std::strtod(text.c_str(), nullptr);
}

enum class DecimalOp { kAdd, kSub, kMul, kDiv };

// sprig's execDecimalOp.
double exec_decimal_op(const Value& first, std::span<const Value> rest, DecimalOp op) {
  Decimal acc = decimal_from_float(to_float64(first));
  for (const Value& v : rest) {
    Decimal x = decimal_from_float(to_float64(v));
    switch (op) {
      case DecimalOp::kAdd:
        acc = decimal_add(acc, x);
        break;
      case DecimalOp::kSub:
        acc = decimal_add(acc, decimal_negate(x));
        break;
      case DecimalOp::kMul:
        acc = decimal_mul(acc, x);
        break;
      case DecimalOp::kDiv:
        acc = decimal_div(acc, x);
        break;
    }
  }
  return decimal_to_float(acc);
}

// ---------------------------------------------------------------------------------------------

Value add_impl(CallContext&, std::span<const Value> args) {
  std::int64_t sum = 0;
  for (const Value& v : args) sum = wrap_add(sum, to_int64(v));
  return Value::int64(sum);
}

Value add1_impl(CallContext&, std::span<const Value> args) {
  return Value::int64(wrap_add(to_int64(args[0]), 1));
}

Value sub_impl(CallContext&, std::span<const Value> args) {
  return Value::int64(wrap_sub(to_int64(args[0]), to_int64(args[1])));
}

Value mul_impl(CallContext&, std::span<const Value> args) {
  std::int64_t product = to_int64(args[0]);
  for (const Value& v : args.subspan(1)) product = wrap_mul(product, to_int64(v));
  return Value::int64(product);
}

Value div_impl(CallContext&, std::span<const Value> args) {
  std::int64_t a = to_int64(args[0]);
  std::int64_t b = to_int64(args[1]);
  if (b == 0) throw FunctionError(kDivideByZero);
  if (b == -1) return Value::int64(wrap_sub(0, a));  // MinInt64 / -1 wraps in Go
  return Value::int64(a / b);
}

Value mod_impl(CallContext&, std::span<const Value> args) {
  std::int64_t a = to_int64(args[0]);
  std::int64_t b = to_int64(args[1]);
  if (b == 0) throw FunctionError(kDivideByZero);
  if (b == -1) return Value::int64(0);
  return Value::int64(a % b);
}

Value max_impl(CallContext&, std::span<const Value> args) {
  std::int64_t best = to_int64(args[0]);
  for (const Value& v : args.subspan(1)) best = std::max(best, to_int64(v));
  return Value::int64(best);
}

Value min_impl(CallContext&, std::span<const Value> args) {
  std::int64_t best = to_int64(args[0]);
  for (const Value& v : args.subspan(1)) best = std::min(best, to_int64(v));
  return Value::int64(best);
}

// Go's math.Max / math.Min: infinities win, then NaN, and +0 > -0.
double go_max(double x, double y) {
  if (std::isinf(x) && x > 0) return x;
  if (std::isinf(y) && y > 0) return y;
  if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0 && x == y) return std::signbit(x) ? y : x;
  return x > y ? x : y;
}

double go_min(double x, double y) {
  if (std::isinf(x) && x < 0) return x;
  if (std::isinf(y) && y < 0) return y;
  if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0 && x == y) return std::signbit(x) ? x : y;
  return x < y ? x : y;
}

Value maxf_impl(CallContext&, std::span<const Value> args) {
  double best = to_float64(args[0]);
  for (const Value& v : args.subspan(1)) best = go_max(best, to_float64(v));
  return Value::number(best);
}

Value minf_impl(CallContext&, std::span<const Value> args) {
  double best = to_float64(args[0]);
  for (const Value& v : args.subspan(1)) best = go_min(best, to_float64(v));
  return Value::number(best);
}

Value add1f_impl(CallContext&, std::span<const Value> args) {
  Value one = Value::integer(1);
  return Value::number(exec_decimal_op(args[0], std::span<const Value>(&one, 1), DecimalOp::kAdd));
}

Value addf_impl(CallContext&, std::span<const Value> args) {
  return Value::number(exec_decimal_op(Value::number(0), args, DecimalOp::kAdd));
}

Value subf_impl(CallContext&, std::span<const Value> args) {
  return Value::number(exec_decimal_op(args[0], args.subspan(1), DecimalOp::kSub));
}

Value mulf_impl(CallContext&, std::span<const Value> args) {
  return Value::number(exec_decimal_op(args[0], args.subspan(1), DecimalOp::kMul));
}

Value divf_impl(CallContext&, std::span<const Value> args) {
  return Value::number(exec_decimal_op(args[0], args.subspan(1), DecimalOp::kDiv));
}

Value floor_impl(CallContext&, std::span<const Value> args) {
  return Value::number(std::floor(to_float64(args[0])));
}

Value ceil_impl(CallContext&, std::span<const Value> args) {
  return Value::number(std::ceil(to_float64(args[0])));
}

// Go's math.Pow for an integral exponent: repeated squaring of the mantissa.
double go_pow_int(double x, double y) {
  if (y == 0 || x == 1) return 1;
  if (y == 1) return x;
  if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0 || std::isinf(y) || std::isinf(x) || std::fabs(y) >= 9.223372036854775807e18)
    return std::pow(x, y);
  double yi = std::trunc(std::fabs(y));
  double a1 = 1.0;
  int ae = 0;
  int xe = 0;
  double x1 = std::frexp(x, &xe);
  for (auto i = static_cast<std::int64_t>(yi); i != 0; i >>= 1) {
    if (xe < -(1 << 12) || (1 << 12) < xe) {
      ae += xe;
      break;
    }
    if ((i & 1) == 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      --xe;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return std::ldexp(a1, ae);
}

// round(a interface{}, p int, rOpt ...float64).
Value round_impl(CallContext&, std::span<const Value> args) {
  double round_on = 0.5;
  if (args.size() > 2) round_on = args[2].as_float();
  double val = to_float64(args[0]);
  double places = static_cast<double>(args[1].as_int());
  double pow = go_pow_int(10, places);
  double digit = pow * val;
  double int_part;
  double frac = std::modf(digit, &int_part);
  double rounded = frac >= round_on ? std::ceil(digit) : std::floor(digit);
  return Value::number(rounded / pow);
}

Value int_impl(CallContext&, std::span<const Value> args) {
  return Value::integer(to_int(args[0]));
}

Value int64_impl(CallContext&, std::span<const Value> args) {
  return Value::int64(to_int64(args[0]));
}

Value float64_impl(CallContext&, std::span<const Value> args) {
  return Value::number(to_float64(args[0]));
}

// strconv.ParseInt(s, base, 64). On a range error Go returns the clamped value together with
// the error.
struct ParsedInt {
  std::int64_t value = 0;
  bool ok = false;
};

ParsedInt parse_int(std::string_view s, int base) {
  ParsedInt r;
  r.ok = go_parse_int(s, base, r.value) == GoNumError::kNone;
  return r;
}

// atoi: strconv.Atoi with the error dropped (a range error keeps the clamped value).
Value atoi_impl(CallContext&, std::span<const Value> args) {
  return Value::integer(parse_int(args[0].as_string(), 10).value);
}

// toDecimal: the %v text of the value read as octal; 0 on any error.
Value to_decimal_impl(CallContext&, std::span<const Value> args) {
  std::string text = go_sprint(args.subspan(0, 1));
  ParsedInt p = parse_int(text, 8);
  return Value::int64(p.ok ? p.value : 0);
}

// sprig's untilStep: `for i := start; i < stop; i += step` (i > stop for a negative step) with
// Go's wrapping int arithmetic. A list over the limit is refused before any of it is made; so is
// one whose steps pass int64's end, where Go's loop wraps around and goes on for 2^64 / step
// more values, or for ever.
List until_step(std::int64_t start, std::int64_t stop, std::int64_t step) {
  List out;
  if (stop == start || (stop < start ? step >= 0 : step <= 0)) return out;
  // (Differences of int64s are exact in uint64's modular arithmetic when they are not negative.)
  auto u = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
  const bool up = stop > start;
  const std::uint64_t distance = up ? u(stop) - u(start) : u(start) - u(stop);
  const std::uint64_t stride = up ? u(step) : 0 - u(step);
  const std::uint64_t n = distance / stride + (distance % stride != 0 ? 1 : 0);
  // The value after the last: past int64's end when n steps are more than the room there is.
  const std::uint64_t room = up ? u(std::numeric_limits<std::int64_t>::max()) - u(start)
                                : u(start) - u(std::numeric_limits<std::int64_t>::min());
  check_size(n > room / stride ? kMaxMadeItems + 1 : n, kMaxMadeItems, "the list", "items");
  out.reserve(n);
  std::int64_t i = start;
  for (std::uint64_t k = 0; k < n; ++k, i = wrap_add(i, step)) out.push_back(Value::integer(i));
  return out;
}

Value until_impl(CallContext&, std::span<const Value> args) {
  std::int64_t count = args[0].as_int();
  return Value::list(until_step(0, count, count < 0 ? -1 : 1))
      .with_elements(Value::Elements::kInts);
}

Value until_step_impl(CallContext&, std::span<const Value> args) {
  return Value::list(until_step(args[0].as_int(), args[1].as_int(), args[2].as_int()))
      .with_elements(Value::Elements::kInts);
}

std::string join_ints(const List& items) {
  std::string out;
  for (const Value& v : items) {
    if (!out.empty()) out += ' ';
    out += std::to_string(v.as_int());
  }
  return out;
}

Value seq_impl(CallContext&, std::span<const Value> args) {
  auto p = [&](std::size_t i) { return args[i].as_int(); };
  switch (args.size()) {
    case 1: {
      std::int64_t end = p(0);
      std::int64_t increment = end < 1 ? -1 : 1;
      return Value::string(join_ints(until_step(1, wrap_add(end, increment), increment)));
    }
    case 2: {
      std::int64_t start = p(0);
      std::int64_t end = p(1);
      std::int64_t step = end < start ? -1 : 1;
      return Value::string(join_ints(until_step(start, wrap_add(end, step), step)));
    }
    case 3: {
      std::int64_t start = p(0);
      std::int64_t step = p(1);
      std::int64_t end = p(2);
      std::int64_t increment = 1;
      if (end < start) {
        increment = -1;
        if (step > 0) return Value::string("");
      }
      return Value::string(join_ints(until_step(start, wrap_add(end, increment), step)));
    }
    default:
      return Value::string("");
  }
}

}  // namespace

void add_math_functions(FunctionList& out) {
  const std::vector<Param> any1 = {Param::kAny};
  const std::vector<Param> any2 = {Param::kAny, Param::kAny};
  out.push_back(Function{"add", any1, true, &add_impl});
  out.push_back(Function{"add1", any1, false, &add1_impl});
  out.push_back(Function{"sub", any2, false, &sub_impl});
  out.push_back(Function{"mul", any2, true, &mul_impl});
  out.push_back(Function{"div", any2, false, &div_impl});
  out.push_back(Function{"mod", any2, false, &mod_impl});
  out.push_back(Function{"max", any2, true, &max_impl});
  out.push_back(Function{"biggest", any2, true, &max_impl});
  out.push_back(Function{"min", any2, true, &min_impl});
  out.push_back(Function{"add1f", any1, false, &add1f_impl});
  out.push_back(Function{"addf", any1, true, &addf_impl});
  out.push_back(Function{"subf", any2, true, &subf_impl});
  out.push_back(Function{"mulf", any2, true, &mulf_impl});
  out.push_back(Function{"divf", any2, true, &divf_impl});
  out.push_back(Function{"maxf", any2, true, &maxf_impl});
  out.push_back(Function{"minf", any2, true, &minf_impl});
  out.push_back(Function{"floor", any1, false, &floor_impl});
  out.push_back(Function{"ceil", any1, false, &ceil_impl});
  out.push_back(Function{"round", {Param::kAny, Param::kInt, Param::kFloat}, true, &round_impl});
  out.push_back(Function{"int", any1, false, &int_impl});
  out.push_back(Function{"int64", any1, false, &int64_impl});
  out.push_back(Function{"float64", any1, false, &float64_impl});
  out.push_back(Function{"atoi", {Param::kString}, false, &atoi_impl});
  out.push_back(Function{"toDecimal", any1, false, &to_decimal_impl});
  out.push_back(Function{"seq", {Param::kInt}, true, &seq_impl});
  out.push_back(Function{"until", {Param::kInt}, false, &until_impl});
  out.push_back(
      Function{"untilStep", {Param::kInt, Param::kInt, Param::kInt}, false, &until_step_impl});
}

}  // namespace render::tmpl
