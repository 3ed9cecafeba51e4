// Go's fmt printing (print.go / format.go) over template values, and the print, println and printf
// template functions.
#include "template/functions/fmt.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <tuple>
#include <vector>

#include "render/guards.hpp"
#include "render/number_format.hpp"
#include "render/utf8.hpp"
#include "template/function.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

constexpr char32_t kMaxRune = 0x10FFFF;
constexpr char32_t kRuneError = 0xFFFD;
constexpr std::string_view kLowerDigits = "0123456789abcdefx";
constexpr std::string_view kUpperDigits = "0123456789ABCDEFX";
constexpr std::string_view kLowerHex = "0123456789abcdef";

bool valid_rune(std::int64_t r) {
  return r >= 0 && r <= static_cast<std::int64_t>(kMaxRune) && !(r >= 0xD800 && r <= 0xDFFF);
}

// utf8.RuneCountInString: invalid bytes count one each.
std::size_t rune_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) next_code_point(s, i);
  return n;
}

// strconv's appendEscapedRune.
void append_escaped_rune(std::string& out, char32_t r, char quote, bool ascii_only) {
  if (r == static_cast<char32_t>(quote) || r == '\\') {
    out += '\\';
    append_utf8(out, r);
    return;
  }
  if (ascii_only) {
    if (r < 0x80 && go_is_print(r)) {
      out += static_cast<char>(r);
      return;
    }
  } else if (go_is_print(r)) {
    append_utf8(out, r);
    return;
  }
  switch (r) {
    case '\a':
      out += "\\a";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
    default:
      break;
  }
  if (r < ' ' || r == 0x7f) {
    out += "\\x";
    out += kLowerHex[(r >> 4) & 15];
    out += kLowerHex[r & 15];
    return;
  }
  if (!valid_rune(r)) r = kRuneError;
  if (r < 0x10000) {
    out += "\\u";
    for (int s = 12; s >= 0; s -= 4) out += kLowerHex[(r >> s) & 15];
  } else {
    out += "\\U";
    for (int s = 28; s >= 0; s -= 4) out += kLowerHex[(r >> s) & 15];
  }
}

// strconv.Quote / QuoteToASCII.
std::string quote_string(std::string_view s, bool ascii_only) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    long cp = next_code_point(s, i);
    if (cp < 0) {
      auto b = static_cast<unsigned char>(s[start]);
      out += "\\x";
      out += kLowerHex[b >> 4];
      out += kLowerHex[b & 15];
      continue;
    }
    append_escaped_rune(out, static_cast<char32_t>(cp), '"', ascii_only);
  }
  out += '"';
  return out;
}

// strconv.CanBackquote.
bool can_backquote(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    long cp = next_code_point(s, i);
    if (cp < 0) return false;
    if (i - start > 1) {
      if (cp == 0xFEFF) return false;
      continue;
    }
    if ((cp < ' ' && cp != '\t') || cp == '`' || cp == 0x7f) return false;
  }
  return true;
}

// The digits strconv.FormatFloat gives for the decimal formats, sign included; NaN/Inf as Go
// writes them.
std::string format_float_decimal(double v, char verb, int prec) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if ((verb == 'g' || verb == 'G') && prec < 0) {
    std::string s = format_go_v(v);
    if (verb == 'G') {
      for (char& c : s) {
        if (c == 'e') c = 'E';
      }
    }
    return s;
  }
  const char* pattern = "%.*f";
  switch (verb) {
    case 'e':
      pattern = "%.*e";
      break;
    case 'E':
      pattern = "%.*E";
      break;
    case 'g':
      pattern = "%.*g";
      break;
    case 'G':
      pattern = "%.*G";
      break;
    default:
      break;
  }
  int n = std::snprintf(nullptr, 0, pattern, prec, v);
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), pattern, prec, v);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

void append_decimal(std::string& out, std::uint64_t v) {
  out += std::to_string(v);
}

// strconv's 'b' and 'x' formats.
std::string format_float_binary(double v, char verb, int prec) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  bool neg = (bits >> 63) != 0;
  int exp = static_cast<int>((bits >> 52) & 0x7FF);
  std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
  if (exp == 0) {
    ++exp;
  } else {
    mant |= std::uint64_t{1} << 52;
  }
  exp -= 1023;
  std::string out;
  if (verb == 'b') {
    if (neg) out += '-';
    append_decimal(out, mant);
    out += 'p';
    exp -= 52;
    if (exp >= 0) out += '+';
    out += std::to_string(exp);
    return out;
  }
  if (mant == 0) exp = 0;
  mant <<= 60 - 52;
  while (mant != 0 && (mant & (std::uint64_t{1} << 60)) == 0) {
    mant <<= 1;
    --exp;
  }
  if (prec >= 0 && prec < 15) {
    unsigned shift = static_cast<unsigned>(prec * 4);
    std::uint64_t extra = (mant << shift) & ((std::uint64_t{1} << 60) - 1);
    mant >>= 60 - shift;
    if ((extra | (mant & 1)) > (std::uint64_t{1} << 59)) ++mant;
    mant <<= 60 - shift;
    if ((mant & (std::uint64_t{1} << 61)) != 0) {
      mant >>= 1;
      ++exp;
    }
  }
  std::string_view hex = verb == 'X' ? std::string_view("0123456789ABCDEF") : kLowerHex;
  if (neg) out += '-';
  out += '0';
  out += verb;
  out += static_cast<char>('0' + ((mant >> 60) & 1));
  mant <<= 4;
  if (prec < 0 && mant != 0) {
    out += '.';
    while (mant != 0) {
      out += hex[(mant >> 60) & 15];
      mant <<= 4;
    }
  } else if (prec > 0) {
    out += '.';
    for (int i = 0; i < prec; ++i) {
      out += hex[(mant >> 60) & 15];
      mant <<= 4;
    }
  }
  out += verb == 'X' ? 'P' : 'p';
  if (exp < 0) {
    out += '-';
    exp = -exp;
  } else {
    out += '+';
  }
  if (exp < 10) out += '0';
  out += std::to_string(exp);
  return out;
}

struct Flags {
  bool wid_present = false;
  bool prec_present = false;
  bool minus = false;
  bool plus = false;
  bool sharp = false;
  bool space = false;
  bool zero = false;
  bool plus_v = false;
  bool sharp_v = false;
  int wid = 0;
  int prec = 0;
};

class Printer {
 public:
  explicit Printer(std::string& out) : buf_(out) {}

  void do_print(std::span<const Value> args) {
    bool prev_string = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
      bool is_string = args[i].is_string();
      if (i > 0 && !is_string && !prev_string) buf_ += ' ';
      f_ = Flags{};
      print_arg(args[i], 'v');
      prev_string = is_string;
    }
  }

  void do_println(std::span<const Value> args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i > 0) buf_ += ' ';
      f_ = Flags{};
      print_arg(args[i], 'v');
    }
    buf_ += '\n';
  }

  void do_printf(std::string_view format, std::span<const Value> a);

 private:
  // --- padding (format.go) ---
  void write_padding(int n) {
    if (n <= 0) return;
    buf_.append(static_cast<std::size_t>(n), f_.zero && !f_.minus ? '0' : ' ');
  }

  void pad(std::string_view s) {
    if (!f_.wid_present || f_.wid == 0) {
      buf_ += s;
      return;
    }
    int width = f_.wid - static_cast<int>(rune_count(s));
    if (!f_.minus) {
      write_padding(width);
      buf_ += s;
    } else {
      buf_ += s;
      write_padding(width);
    }
  }

  void fmt_boolean(bool v) { pad(v ? "true" : "false"); }

  void fmt_unicode(std::uint64_t u) {
    std::string digits;
    int prec = 4;
    if (f_.prec_present && f_.prec > 4) prec = f_.prec;
    std::uint64_t x = u;
    do {
      digits.insert(digits.begin(), kUpperDigits[x & 0xF]);
      x >>= 4;
    } while (x != 0);
    std::string s = "U+";
    if (static_cast<int>(digits.size()) < prec)
      s.append(static_cast<std::size_t>(prec) - digits.size(), '0');
    s += digits;
    if (f_.sharp && u <= kMaxRune && go_is_print(static_cast<char32_t>(u))) {
      s += " '";
      append_utf8(s, static_cast<char32_t>(u));
      s += '\'';
    }
    bool old_zero = f_.zero;
    f_.zero = false;
    pad(s);
    f_.zero = old_zero;
  }

  void fmt_integer(std::uint64_t u, int base, bool is_signed, char verb, std::string_view digits) {
    bool negative = is_signed && static_cast<std::int64_t>(u) < 0;
    if (negative) u = ~u + 1;
    int prec = 0;
    if (f_.prec_present) {
      prec = f_.prec;
      if (prec == 0 && u == 0) {
        bool old_zero = f_.zero;
        f_.zero = false;
        write_padding(f_.wid);
        f_.zero = old_zero;
        return;
      }
    } else if (f_.zero && !f_.minus && f_.wid_present) {
      prec = f_.wid;
      if (negative || f_.plus || f_.space) --prec;
    }
    std::string rev;  // digits, least significant first
    auto ubase = static_cast<std::uint64_t>(base);
    while (u >= ubase) {
      rev += digits[u % ubase];
      u /= ubase;
    }
    rev += digits[u];
    while (static_cast<int>(rev.size()) < prec) rev += '0';
    if (f_.sharp) {
      switch (base) {
        case 2:
          rev += "b0";
          break;
        case 8:
          if (rev.back() != '0') rev += '0';
          break;
        case 16:
          rev += digits[16];
          rev += '0';
          break;
        default:
          break;
      }
    }
    if (verb == 'O') rev += "o0";
    if (negative) {
      rev += '-';
    } else if (f_.plus) {
      rev += '+';
    } else if (f_.space) {
      rev += ' ';
    }
    std::string s(rev.rbegin(), rev.rend());
    bool old_zero = f_.zero;
    f_.zero = false;
    pad(s);
    f_.zero = old_zero;
  }

  void fmt_s(std::string_view s) {
    if (f_.prec_present) {
      int n = f_.prec;
      for (std::size_t i = 0; i < s.size();) {
        if (--n < 0) {
          s = s.substr(0, i);
          break;
        }
        next_code_point(s, i);
      }
    }
    pad(s);
  }

  void fmt_sbx(std::string_view s, std::string_view digits) {
    int length = static_cast<int>(s.size());
    if (f_.prec_present && f_.prec < length) length = f_.prec;
    int width = 2 * length;
    if (width > 0) {
      if (f_.space) {
        if (f_.sharp) width *= 2;
        width += length - 1;
      } else if (f_.sharp) {
        width += 2;
      }
    } else {
      if (f_.wid_present) write_padding(f_.wid);
      return;
    }
    if (f_.wid_present && f_.wid > width && !f_.minus) write_padding(f_.wid - width);
    if (f_.sharp) {
      buf_ += '0';
      buf_ += digits[16];
    }
    for (int i = 0; i < length; ++i) {
      if (f_.space && i > 0) {
        buf_ += ' ';
        if (f_.sharp) {
          buf_ += '0';
          buf_ += digits[16];
        }
      }
      auto c = static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
      buf_ += digits[c >> 4];
      buf_ += digits[c & 0xF];
    }
    if (f_.wid_present && f_.wid > width && f_.minus) write_padding(f_.wid - width);
  }

  void fmt_q(std::string_view s) {
    if (f_.prec_present) {
      int n = f_.prec;
      for (std::size_t i = 0; i < s.size();) {
        if (--n < 0) {
          s = s.substr(0, i);
          break;
        }
        next_code_point(s, i);
      }
    }
    if (f_.sharp && can_backquote(s)) {
      std::string q = "`";
      q += s;
      q += '`';
      pad(q);
      return;
    }
    pad(quote_string(s, f_.plus));
  }

  static char32_t rune_of(std::uint64_t c) {
    if (c > kMaxRune) return kRuneError;
    auto r = static_cast<char32_t>(c);
    if (r >= 0xD800 && r <= 0xDFFF) return kRuneError;
    return r;
  }

  void fmt_c(std::uint64_t c) {
    std::string s;
    append_utf8(s, rune_of(c));
    pad(s);
  }

  void fmt_qc(std::uint64_t c) {
    std::string s = "'";
    append_escaped_rune(s, rune_of(c), '\'', f_.plus);
    s += '\'';
    pad(s);
  }

  void fmt_float_raw(double v, char verb, int prec) {
    if (f_.prec_present) prec = f_.prec;
    std::string body = (verb == 'b' || verb == 'x' || verb == 'X')
                           ? format_float_binary(v, verb, prec)
                           : format_float_decimal(v, verb, prec);
    std::string num;
    if (body[0] == '-' || body[0] == '+') {
      num = body;
    } else {
      num = "+" + body;
    }
    if (f_.space && num[0] == '+' && !f_.plus) num[0] = ' ';
    if (num[1] == 'I' || num[1] == 'N') {
      bool old_zero = f_.zero;
      f_.zero = false;
      if (num[1] == 'N' && !f_.space && !f_.plus) num.erase(0, 1);
      pad(num);
      f_.zero = old_zero;
      return;
    }
    if (f_.sharp && verb != 'b') {
      int digits = 0;
      if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') {
        digits = prec;
        if (digits == -1) digits = 6;
      }
      std::string tail;
      bool has_point = false;
      bool saw_nonzero = false;
      for (std::size_t i = 1; i < num.size(); ++i) {
        char c = num[i];
        if (c == '.') {
          has_point = true;
          continue;
        }
        if (c == 'p' || c == 'P') {
          tail = num.substr(i);
          num.resize(i);
          break;
        }
        if ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X') {
          tail = num.substr(i);
          num.resize(i);
          break;
        }
        if (c != '0') saw_nonzero = true;
        if (saw_nonzero) --digits;
      }
      if (!has_point) {
        if (num.size() == 2 && num[1] == '0') --digits;
        num += '.';
      }
      while (digits > 0) {
        num += '0';
        --digits;
      }
      num += tail;
    }
    if (f_.plus || num[0] != '+') {
      if (f_.zero && !f_.minus && f_.wid_present && f_.wid > static_cast<int>(num.size())) {
        buf_ += num[0];
        write_padding(f_.wid - static_cast<int>(num.size()));
        buf_.append(num, 1);
        return;
      }
      pad(num);
      return;
    }
    pad(std::string_view(num).substr(1));
  }

  // --- print.go ---
  void bad_verb(char32_t verb, const Value* value) {
    buf_ += "%!";
    append_utf8(buf_, verb);
    buf_ += '(';
    if (value == nullptr || value->is_nil()) {
      buf_ += "<nil>";
    } else {
      buf_ += value->type_name();
      buf_ += '=';
      print_value(*value, 'v', 0);
    }
    buf_ += ')';
  }

  void fmt_bool(bool v, char32_t verb, const Value& value) {
    if (verb == 't' || verb == 'v') {
      fmt_boolean(v);
    } else {
      bad_verb(verb, &value);
    }
  }

  void fmt_0x64(std::uint64_t v, bool leading0x) {
    bool sharp = f_.sharp;
    f_.sharp = leading0x;
    fmt_integer(v, 16, false, 'v', kLowerDigits);
    f_.sharp = sharp;
  }

  // An integer; `value` is null for the uint8 elements of a []byte.
  void fmt_int(std::uint64_t v, bool is_signed, char32_t verb, const Value* value) {
    switch (verb) {
      case 'v':
        if (f_.sharp_v && !is_signed) {
          fmt_0x64(v, true);
        } else {
          fmt_integer(v, 10, is_signed, 'v', kLowerDigits);
        }
        return;
      case 'd':
        fmt_integer(v, 10, is_signed, 'd', kLowerDigits);
        return;
      case 'b':
        fmt_integer(v, 2, is_signed, 'b', kLowerDigits);
        return;
      case 'o':
      case 'O':
        fmt_integer(v, 8, is_signed, static_cast<char>(verb), kLowerDigits);
        return;
      case 'x':
        fmt_integer(v, 16, is_signed, 'x', kLowerDigits);
        return;
      case 'X':
        fmt_integer(v, 16, is_signed, 'X', kUpperDigits);
        return;
      case 'c':
        fmt_c(v);
        return;
      case 'q':
        fmt_qc(v);
        return;
      case 'U':
        fmt_unicode(v);
        return;
      default:
        if (value != nullptr) {
          bad_verb(verb, value);
          return;
        }
        buf_ += "%!";
        append_utf8(buf_, verb);
        buf_ += "(uint8=";
        fmt_integer(v, 10, false, 'v', kLowerDigits);
        buf_ += ')';
    }
  }

  void fmt_float(double v, char32_t verb, const Value& value) {
    switch (verb) {
      case 'v':
        fmt_float_raw(v, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        fmt_float_raw(v, static_cast<char>(verb), -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        fmt_float_raw(v, static_cast<char>(verb), 6);
        return;
      case 'F':
        fmt_float_raw(v, 'f', 6);
        return;
      default:
        bad_verb(verb, &value);
    }
  }

  void fmt_string(std::string_view v, char32_t verb, const Value* value) {
    switch (verb) {
      case 'v':
        if (f_.sharp_v) {
          fmt_q(v);
        } else {
          fmt_s(v);
        }
        return;
      case 's':
        fmt_s(v);
        return;
      case 'x':
        fmt_sbx(v, kLowerDigits);
        return;
      case 'X':
        fmt_sbx(v, kUpperDigits);
        return;
      case 'q':
        fmt_q(v);
        return;
      default:
        bad_verb(verb, value);
    }
  }

  // []byte: fmtBytes at the top level, the reflect path for elements of lists and maps (the
  // same output but for the type name %#v shows).
  void fmt_bytes(std::string_view v, char32_t verb, int depth) {
    switch (verb) {
      case 's':
        fmt_s(v);
        return;
      case 'x':
        fmt_sbx(v, kLowerDigits);
        return;
      case 'X':
        fmt_sbx(v, kUpperDigits);
        return;
      case 'q':
        fmt_q(v);
        return;
      default:
        break;
    }
    if (f_.sharp_v) {
      buf_ += depth == 0 ? "[]byte{" : "[]uint8{";
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) buf_ += ", ";
        fmt_0x64(static_cast<unsigned char>(v[i]), true);
      }
      buf_ += '}';
      return;
    }
    buf_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) buf_ += ' ';
      fmt_int(static_cast<unsigned char>(v[i]), false, verb, nullptr);
    }
    buf_ += ']';
  }

  void print_arg(const Value& arg, char32_t verb) {
    if (arg.is_nil()) {
      if (verb == 'T' || verb == 'v') {
        pad("<nil>");
      } else {
        bad_verb(verb, nullptr);
      }
      return;
    }
    if (verb == 'T') {
      fmt_s(arg.type_name());
      return;
    }
    // %w wraps an error, only in fmt.Errorf: anything else that is not a simple type is one
    // bad verb as a whole, not one per element.
    if (verb == 'w' && (arg.is_list() || arg.is_map() || arg.is_object())) {
      bad_verb(verb, &arg);
      return;
    }
    if (verb == 'p') {
      // Go's fmtPointer: the address of a map, a slice or a pointer; anything else is a bad verb.
      bool address = arg.is_list() || arg.is_map();
      if (arg.is_object()) {
        const Object& o = *arg.as_object();
        Map entries;
        List elements;
        address = o.is_pointer() || o.entries(entries) || o.elements(elements);
      }
      if (address) {
        throw UnreproduciblePrint{"%p is refused: for a value of type " +
                                  std::string(arg.type_name()) +
                                  " it prints a memory address, so the output could not be "
                                  "reproduced"};
      }
      bad_verb(verb, &arg);
      return;
    }
    print_value(arg, verb, 0);
  }

  void print_value(const Value& value, char32_t verb, int depth) {
    switch (value.kind()) {
      case Value::Kind::kNil:
        if (depth == 0) {
          buf_ += "<invalid reflect.Value>";
        } else if (f_.sharp_v) {
          buf_ += "interface {}(nil)";
        } else {
          buf_ += "<nil>";
        }
        return;
      case Value::Kind::kBool:
        fmt_bool(value.as_bool(), verb, value);
        return;
      case Value::Kind::kInt:
      case Value::Kind::kInt64:
        fmt_int(static_cast<std::uint64_t>(value.as_int()), !value.is_uint8() && !value.is_uint64(),
                verb, &value);
        return;
      case Value::Kind::kFloat:
        fmt_float(value.as_float(), verb, value);
        return;
      case Value::Kind::kString:
        fmt_string(value.as_string(), verb, &value);
        return;
      case Value::Kind::kBytes:
        fmt_bytes(value.as_string(), verb, depth);
        return;
      case Value::Kind::kList:
        if (f_.sharp_v && value.is_nil_list()) {
          buf_ += value.type_name();
          buf_ += "(nil)";
          return;
        }
        print_slice(value.as_list(), value.type_name(), verb, depth);
        return;
      case Value::Kind::kMap: {
        const Map& entries = value.as_map();
        check_stack("a printed value");
        check_size(buf_.size(), kMaxMadeBytes, "a printed value");
        if (f_.sharp_v) {
          buf_ += value.type_name();
          if (value.is_nil_map()) {
            buf_ += "(nil)";
            return;
          }
          buf_ += '{';
        } else {
          buf_ += "map[";
        }
        bool first = true;
        for (const auto& [key, item] : entries) {
          if (!first) {
            if (f_.sharp_v) {
              buf_ += ", ";
            } else {
              buf_ += ' ';
            }
          }
          first = false;
          if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
            fmt_string(key, verb, nullptr);
          } else {
            Value key_value = Value::string(key);
            bad_verb(verb, &key_value);
          }
          buf_ += ':';
          print_value(item, verb, depth + 1);
        }
        buf_ += f_.sharp_v ? '}' : ']';
        return;
      }
      case Value::Kind::kObject: {
        if (List items; value.as_object()->elements(items)) {  // a slice type (VersionSet)
          print_slice(items, value.type_name(), verb, depth);
          return;
        }
        if (std::vector<StructField> fields; value.as_object()->fields(fields)) {
          print_struct(*value.as_object(), fields, verb, depth);
          return;
        }
        switch (verb) {
          case 'v':
          case 's':
          case 'q':
          case 'x':
          case 'X':
            fmt_string(value.as_object()->print(), verb, &value);
            return;
          default:
            buf_ += "%!";
            append_utf8(buf_, verb);
            buf_ += '(';
            buf_ += value.type_name();
            buf_ += '=';
            buf_ += value.as_object()->print();
            buf_ += ')';
            return;
        }
      }
    }
  }

  // A struct's fields, each printed with the verb: "{a b}", with %+v "{Name:a Name:b}", with
  // %#v "<type>{Name:a, Name:b}"; a pointer to one gets "&" before it at the top, and is its
  // address below (refused: UnreproduciblePrint).
  void print_struct(const Object& object, const std::vector<StructField>& fields, char32_t verb,
                    int depth) {
    if (object.is_pointer() && depth > 0) throw pointer_below_top(object.type_name());
    if (object.is_pointer()) buf_ += '&';
    if (f_.sharp_v) {
      std::string_view type = object.type_name();
      if (type.starts_with('*')) type.remove_prefix(1);
      buf_ += type;
    }
    buf_ += '{';
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) buf_ += f_.sharp_v ? ", " : " ";
      if (f_.plus_v || f_.sharp_v) {
        buf_ += fields[i].name;
        buf_ += ':';
      }
      print_value(fields[i].value, verb, depth + 1);
    }
    buf_ += '}';
  }

  // A slice's elements: "[a b]", or with %#v "<type>{a, b}".
  void print_slice(const List& items, std::string_view type_name, char32_t verb, int depth) {
    check_stack("a printed value");
    check_size(buf_.size(), kMaxMadeBytes, "a printed value");
    buf_ += f_.sharp_v ? type_name : "[";
    if (f_.sharp_v) buf_ += '{';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) buf_ += f_.sharp_v ? ", " : " ";
      print_value(items[i], verb, depth + 1);
    }
    buf_ += f_.sharp_v ? '}' : ']';
  }

  std::string& buf_;
  Flags f_;
  bool reordered_ = false;
  bool good_arg_num_ = true;
};

constexpr int kTooLarge = 1000000;

bool too_large(std::int64_t x) {
  return x > kTooLarge || x < -kTooLarge;
}

// parsenum: the number at s[start:end], if any.
struct ParsedNum {
  int num = 0;
  bool is_num = false;
  std::size_t next = 0;
};

ParsedNum parse_num(std::string_view s, std::size_t start, std::size_t end) {
  ParsedNum r;
  if (start >= end) {
    r.next = end;
    return r;
  }
  std::size_t i = start;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (too_large(r.num)) return ParsedNum{0, false, end};
    r.num = r.num * 10 + (s[i] - '0');
    r.is_num = true;
  }
  r.next = i;
  return r;
}

// intFromArg: an int or int64 argument used as width or precision.
struct IntArg {
  int num = 0;
  bool is_int = false;
  std::size_t next_arg = 0;
};

IntArg int_from_arg(std::span<const Value> a, std::size_t arg_num) {
  IntArg r;
  r.next_arg = arg_num;
  if (arg_num < a.size()) {
    const Value& v = a[arg_num];
    std::int64_t n = 0;
    if (v.is_integer()) {
      n = v.as_int();
      r.is_int = true;
    }
    r.next_arg = arg_num + 1;
    if (too_large(n)) {
      n = 0;
      r.is_int = false;
    }
    r.num = static_cast<int>(n);
  }
  return r;
}

}  // namespace

void Printer::do_printf(std::string_view format, std::span<const Value> a) {
  const std::size_t end = format.size();
  std::size_t arg_num = 0;
  bool after_index = false;
  reordered_ = false;

  // argNumber: an explicit "[n]" index at format[i].
  auto arg_number = [&](std::size_t current, std::size_t i,
                        bool& found) -> std::pair<std::size_t, std::size_t> {
    found = false;
    if (i >= end || format[i] != '[') return {current, i};
    reordered_ = true;
    // parseArgNumber
    std::string_view rest = format.substr(i);
    int index = 0;
    std::size_t wid = 1;
    bool ok = false;
    if (rest.size() >= 3) {
      for (std::size_t j = 1; j < rest.size(); ++j) {
        if (rest[j] == ']') {
          ParsedNum p = parse_num(rest, 1, j);
          if (!p.is_num || p.next != j) {
            wid = j + 1;
            ok = false;
          } else {
            index = p.num - 1;
            wid = j + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && static_cast<std::size_t>(index) < a.size()) {
      found = true;
      return {static_cast<std::size_t>(index), i + wid};
    }
    good_arg_num_ = false;
    found = ok;
    return {current, i + wid};
  };

  std::size_t i = 0;
  while (i < end) {
    good_arg_num_ = true;
    std::size_t lasti = i;
    while (i < end && format[i] != '%') ++i;
    if (i > lasti) buf_.append(format.substr(lasti, i - lasti));
    if (i >= end) break;
    ++i;  // skip '%'

    // The usual verb: %s or %v of a string without flags writes the string as it is.
    if (i < end && (format[i] == 's' || format[i] == 'v') && arg_num < a.size() &&
        a[arg_num].is_string()) {
      buf_ += a[arg_num].as_string();
      ++arg_num;
      ++i;
      continue;
    }
    f_ = Flags{};
    bool simple_done = false;
    for (; i < end; ++i) {
      char c = format[i];
      bool flag = true;
      switch (c) {
        case '#':
          f_.sharp = true;
          break;
        case '0':
          f_.zero = true;
          break;
        case '+':
          f_.plus = true;
          break;
        case '-':
          f_.minus = true;
          break;
        case ' ':
          f_.space = true;
          break;
        default:
          flag = false;
      }
      if (flag) continue;
      if (c >= 'a' && c <= 'z' && arg_num < a.size()) {
        if (c == 'v') {
          f_.sharp_v = f_.sharp;
          f_.sharp = false;
          f_.plus_v = f_.plus;
          f_.plus = false;
        }
        print_arg(a[arg_num], static_cast<char32_t>(c));
        ++arg_num;
        ++i;
        simple_done = true;
      }
      break;
    }
    if (simple_done) continue;

    bool found = false;
    std::tie(arg_num, i) = arg_number(arg_num, i, found);
    after_index = found;

    if (i < end && format[i] == '*') {
      ++i;
      IntArg w = int_from_arg(a, arg_num);
      f_.wid = w.num;
      f_.wid_present = w.is_int;
      arg_num = w.next_arg;
      if (!f_.wid_present) buf_ += "%!(BADWIDTH)";
      if (f_.wid < 0) {
        f_.wid = -f_.wid;
        f_.minus = true;
        f_.zero = false;
      }
      after_index = false;
    } else {
      ParsedNum p = parse_num(format, i, end);
      f_.wid = p.num;
      f_.wid_present = p.is_num;
      i = p.next;
      if (after_index && f_.wid_present) good_arg_num_ = false;
    }

    if (i + 1 < end && format[i] == '.') {
      ++i;
      if (after_index) good_arg_num_ = false;
      std::tie(arg_num, i) = arg_number(arg_num, i, found);
      after_index = found;
      if (i < end && format[i] == '*') {
        ++i;
        IntArg p = int_from_arg(a, arg_num);
        f_.prec = p.num;
        f_.prec_present = p.is_int;
        arg_num = p.next_arg;
        if (f_.prec < 0) {
          f_.prec = 0;
          f_.prec_present = false;
        }
        if (!f_.prec_present) buf_ += "%!(BADPREC)";
        after_index = false;
      } else {
        ParsedNum p = parse_num(format, i, end);
        f_.prec = p.num;
        f_.prec_present = p.is_num;
        i = p.next;
        if (!f_.prec_present) {
          f_.prec = 0;
          f_.prec_present = true;
        }
      }
    }

    if (!after_index) {
      std::tie(arg_num, i) = arg_number(arg_num, i, found);
      after_index = found;
    }

    if (i >= end) {
      buf_ += "%!(NOVERB)";
      break;
    }

    std::size_t start = i;
    long cp = next_code_point(format, i);
    char32_t verb = cp < 0 ? kRuneError : static_cast<char32_t>(cp);
    if (cp < 0) i = start + 1;

    if (verb == '%') {
      buf_ += '%';
    } else if (!good_arg_num_) {
      buf_ += "%!";
      append_utf8(buf_, verb);
      buf_ += "(BADINDEX)";
    } else if (arg_num >= a.size()) {
      buf_ += "%!";
      append_utf8(buf_, verb);
      buf_ += "(MISSING)";
    } else {
      if (verb == 'v') {
        f_.sharp_v = f_.sharp;
        f_.sharp = false;
        f_.plus_v = f_.plus;
        f_.plus = false;
      }
      print_arg(a[arg_num], verb);
      ++arg_num;
    }
  }

  if (!reordered_ && arg_num < a.size()) {
    f_ = Flags{};
    buf_ += "%!(EXTRA ";
    for (std::size_t k = arg_num; k < a.size(); ++k) {
      if (k > arg_num) buf_ += ", ";
      if (a[k].is_nil()) {
        buf_ += "<nil>";
      } else {
        buf_ += a[k].type_name();
        buf_ += '=';
        print_arg(a[k], 'v');
      }
    }
    buf_ += ')';
  }
}

void append_sprint(std::string& out, std::span<const Value> args) {
  Printer(out).do_print(args);
}

std::string go_sprint(std::span<const Value> args) {
  if (args.size() == 1 && args[0].is_string()) return args[0].as_string();
  std::string out;
  append_sprint(out, args);
  return out;
}

std::string go_sprintln(std::span<const Value> args) {
  std::string out;
  Printer(out).do_println(args);
  return out;
}

void append_sprintf(std::string& out, std::string_view format, std::span<const Value> args) {
  Printer(out).do_printf(format, args);
}

std::string go_sprintf(std::string_view format, std::span<const Value> args) {
  std::string out;
  append_sprintf(out, format, args);
  return out;
}

namespace {

Value print_impl(CallContext&, std::span<const Value> args) {
  return Value::string(go_sprint(args));
}

Value println_impl(CallContext&, std::span<const Value> args) {
  return Value::string(go_sprintln(args));
}

Value printf_impl(CallContext&, std::span<const Value> args) {
  return Value::string(go_sprintf(args[0].as_string(), args.subspan(1)));
}

// {{ printf ... }} as an action's last command: formatted straight into the output, unless a
// map, list or object is printed, whose size limit counts what it prints (not the output).
void printf_print(CallContext& ctx, std::span<const Value> args, std::string& out) {
  std::size_t from = out.size();
  std::span<const Value> rest = args.subspan(1);
  if (std::any_of(rest.begin(), rest.end(),
                  [](const Value& v) { return v.is_list() || v.is_map() || v.is_object(); })) {
    out += go_sprintf(args[0].as_string(), rest);
  } else {
    append_sprintf(out, args[0].as_string(), rest);
  }
  check_printed(ctx.name, out, from);
}

}  // namespace

void add_format_functions(FunctionList& out) {
  out.push_back(Function{"print", {Param::kAny}, true, &print_impl});
  out.push_back(Function{"println", {Param::kAny}, true, &println_impl});
  out.push_back(Function{"printf", {Param::kString, Param::kAny}, true, &printf_impl});
  out.back().print = printf_print;
}

}  // namespace render::tmpl
