// Go fmt over template values: print, println, printf. Every expected string was observed with
// helm v4.1.4 (`printf`, `print` and `println` in a chart template).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

#include "call_function.hpp"
#include "render/number_format.hpp"
#include "template/functions/fmt.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

std::string sprintf(std::string_view format, std::vector<Value> args) {
  return go_sprintf(format, args);
}

FunctionList format_functions() {
  FunctionList fl;
  add_format_functions(fl);
  return fl;
}

TEST(FormatFunctionsSprintf, CommonVerbs) {
  EXPECT_EQ(sprintf("%d %s %v", {I(1), S("a"), F(2.5)}), "1 a 2.5");
  EXPECT_EQ(sprintf("%5d|%-5d|%05d|%-05d|%+d|% d|%x|%X|%#x|%o|%#o|%O|%b|%c|%q|%U|%#U|%.3d|%8.3d",
                    {I(42), I(42), I(42), I(42), I(42), I(42), I(255), I(255), I(255), I(8), I(8),
                     I(8), I(5), I(65), I(65), I(65), I(65), I(7), I(-7)}),
            "   42|42   |00042|42   |+42| 42|ff|FF|0xff|10|010|0o10|101|A|'A'|U+0041|U+0041 "
            "'A'|007|    -007");
  EXPECT_EQ(sprintf("%d|%x|%o|%b|%X|%#b|%#o|%+x|% x|%08x|%-8X|%#08x",
                    {I(-255), I(-255), I(-255), I(-5), I(3054), I(5), I(0), I(255), I(255), I(255),
                     I(255), I(255)}),
            "-255|-ff|-377|-101|BEE|0b101|0|+ff| ff|000000ff|FF      |0x000000ff");
  EXPECT_EQ(sprintf("%t|%v|%5t|%-6t|", {Value::boolean(true), Value::boolean(false),
                                        Value::boolean(true), Value::boolean(false)}),
            "true|false| true|false |");
}

TEST(FormatFunctionsSprintf, WrongTypesAndMissingArguments) {
  EXPECT_EQ(sprintf("%5d|%f|%s|%t|%d", {F(3), S("x"), I(1), I(1), Value::boolean(true)}),
            "%!d(float64=    3)|%!f(string=x)|%!s(int=1)|%!t(int=1)|%!d(bool=true)");
  EXPECT_EQ(sprintf("%d %d", {I(1)}), "1 %!d(MISSING)");
  EXPECT_EQ(sprintf("%d %s", {I(1), S("a"), S("extra"), F(2.5), Value()}),
            "1 a%!(EXTRA string=extra, float64=2.5, <nil>)");
  EXPECT_EQ(sprintf("%s|%d|%v|%10v|%-10v|", {Value(), Value(), Value(), Value(), Value()}),
            "%!s(<nil>)|%!d(<nil>)|<nil>|     <nil>|<nil>     |");
  EXPECT_EQ(sprintf("%!|%z|%", {I(1)}), "%!!(int=1)|%!z(MISSING)|%!(NOVERB)");
  EXPECT_EQ(sprintf("%d", {Value::map({{"a", I(1)}, {"b", S("x")}})}),
            "map[%!d(string=a):1 %!d(string=b):%!d(string=x)]");
  EXPECT_EQ(sprintf("%s", {Value::int64(5)}), "%!s(int64=5)");
}

TEST(FormatFunctionsSprintf, ArgumentIndexesWidthsAndPrecisions) {
  EXPECT_EQ(sprintf("%[2]s %[1]s|%[3]s|%[0]d|%[x]d|%*d|%-*d|%.*f|%*s",
                    {S("a"), S("b"), I(1), I(4), I(7), I(4), I(7), I(2), F(3.14159), S("x")}),
            "b a|%!s(int=1)|%!d(BADINDEX)|%!d(BADINDEX)|   7|7   |3.14|%!(BADWIDTH)%!s(MISSING)");
  EXPECT_EQ(sprintf("%[1]d %[1]x %#[1]o %[2]*[1]d|%[3]d", {I(10), I(5)}),
            "10 a 012    10|%!d(BADINDEX)");
  EXPECT_EQ(sprintf("%*d|%.*d|%*d", {I(-5), I(1), I(-2), I(3), F(1.5), I(7)}),
            "1    |%!(BADPREC)3|%!(BADWIDTH)7");
  EXPECT_EQ(sprintf("%[2]d %d %d", {I(1), I(2), I(3)}), "2 3 %!d(MISSING)");
  EXPECT_EQ(sprintf("%[1]d %[5]d %d", {I(1), I(2)}), "1 %!d(BADINDEX) 2");
  EXPECT_EQ(sprintf("%-+5d|%+-5d|% 05d|%+05d|%0-5d|", {I(3), I(3), I(3), I(-3), I(3)}),
            "+3   |+3   | 0003|-0003|3    |");
  EXPECT_EQ(sprintf("%%|%5%|%-5%|%d%%", {I(3)}), "%|%|%|3%");
}

TEST(FormatFunctionsSprintf, Floats) {
  EXPECT_EQ(sprintf("%.0e|%.1e|%.0f|%.0f|%.1f|%.0e|%.2e|%.1g|%.0g",
                    {F(2.5), F(0.25), F(2.5), F(0.5), F(0.25), F(3.5), F(1.125), F(0.25), F(2.5)}),
            "2e+00|2.5e-01|2|0|0.2|4e+00|1.12e+00|0.2|2");
  EXPECT_EQ(
      sprintf("%v|%v|%v|%.3v|%8.2v|%e|%g|%.3g|%.10g|%g|%g",
              {F(1e21), F(1e20), F(123456789.0), F(3.14159), F(3.14159), F(0), F(1e-5), F(1234),
               F(0.1), F(100000), F(1e6)}),
      "1e+21|1e+20|1.23456789e+08|3.14|     3.1|0.000000e+00|1e-05|1.23e+03|0.1|100000|1e+06");
  EXPECT_EQ(sprintf("%08.3f|%-08.3f|%+08.3f|%08v|%x|%X|%#x|%.2x|%b|%#g|%#.3g|%#e|%#f|%#.0f|%+.2e|% "
                    ".2f|%G",
                    {F(-3.14159), F(3.14159), F(3.14159), F(-2.5), F(1), F(-0.1), F(1.5), F(1),
                     F(1), F(100), F(1), F(2.5), F(2), F(12345.678), F(1), F(1e-7), F(1e7)}),
            "-003.142|3.142   |+003.142|-00002.5|0x1p+00|-0X1.999999999999AP-04|0x1.8000p+00|"
            "0x1.00p+00|4503599627370496p-52|100.000|1.00|2.500000e+00|2.000000|12346.|+1.00e+00| "
            "0.00|1E+07");
  EXPECT_EQ(sprintf("%.0f|%.0f|%.0f|%.1f|%.2f|%.3f",
                    {F(0.5), F(1.5), F(-0.5), F(0.05), F(1.005), F(2.0005)}),
            "0|2|-0|0.1|1.00|2.001");
  EXPECT_EQ(sprintf("%v %v %v %v %v",
                    {F(1e6), F(999999), F(0.0001), F(0.00001), F(12345678901234567890.0)}),
            "1e+06 999999 0.0001 1e-05 1.2345678901234567e+19");
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(
      sprintf("%v|%v|%5.1f|%05v|%+v", {F(inf), F(-inf), F(std::nan("")), F(inf), F(std::nan(""))}),
      "+Inf|-Inf|  NaN| +Inf|NaN");
}

TEST(FormatFunctionsSprintf, StringsAndQuoting) {
  EXPECT_EQ(sprintf("%05s|%-05s|%07q|%06t", {S("ab"), S("ab"), S("a"), Value::boolean(true)}),
            "000ab|ab   |0000\"a\"|00true");
  EXPECT_EQ(sprintf("%x|%X|% x|%#x|% #x|%.1x|%8x|%-8x|",
                    {S("hi"), S("hi"), S("hi"), S("hi"), S("hi"), S("hi"), S("hi"), S("hi")}),
            "6869|6869|68 69|0x6869|0x68 0x69|68|    6869|6869    |");
  EXPECT_EQ(
      sprintf("%c|%c|%q|%+q|%#q|%#q|%q|%U|%#U", {I(0x1F600), I(-1), I(0x1F600), S("é😀"), S("a`b"),
                                                 S("ab"), S("a\x01"), I(-1), I(0x1F600)}),
      "😀|\xEF\xBF\xBD|'😀'|\"\\u00e9\\U0001f600\"|\"a`b\"|`ab`|\"a\\x01\"|"
      "U+FFFFFFFFFFFFFFFF|U+1F600 '😀'");
  EXPECT_EQ(
      sprintf("%5.2s|%.1s|%-4s|%4s|%.0d|%5.0d", {S("héllo"), S("é"), S("é"), S("é"), I(0), I(0)}),
      "   hé|é|é   |   é||     ");
  EXPECT_EQ(
      sprintf("%U|%#U|%.6U|%#8U|%c|%c|%q|%q|%q|%+q",
              {I(0xD800), I(0x0A), I(65), I(65), I(0x110000), I(0xD800), I(0x0A), I(0x27), I(0x22),
               I(0xE9)}),
      "U+D800|U+000A|U+000041|U+0041 'A'|\xEF\xBF\xBD|\xEF\xBF\xBD|'\\n'|'\\''|'\"'|'\\u00e9'");
  EXPECT_EQ(sprintf("%q|%+q|%#q|%x", {S("\xff\xfe"), S("\u2028"), S("a\tb"), S("é")}),
            "\"\\xff\\xfe\"|\"\\u2028\"|`a\tb`|c3a9");
  EXPECT_EQ(sprintf("%#q|%#q", {S("\x7f"), S("\ufeff")}), "\"\\x7f\"|\"\\ufeff\"");
  EXPECT_EQ(sprintf("%08.3q|%8.3q|%-8q|", {S("abcdef"), S("abcdef"), S("a")}),
            "000\"abc\"|   \"abc\"|\"a\"     |");
  EXPECT_EQ(sprintf("%v|%5v|%-5v|%05v", {S(""), S(""), S(""), S("")}), "|     |     |00000");
}

TEST(FormatFunctionsSprintf, ListsMapsAndTypes) {
  Value list = L({I(1), S("a"), Value()});
  EXPECT_EQ(sprintf("%d|%s|%x|%q|%5v|%v", {list, list, L({I(10), S("hi")}), L({S("a"), I(1)}),
                                           L({I(1), S("a")}), Value::map({{"k", Value()}})}),
            "[1 %!d(string=a) <nil>]|[%!s(int=1) a <nil>]|[a 6869]|[\"a\" '\\x01']|[    1     "
            "a]|map[k:<nil>]");
  EXPECT_EQ(sprintf("%v|%#v|%+v|%T|%T|%T|%T|%T",
                    {F(1), F(1), F(1), F(1), S("a"), Value(), L({I(1)}), Value::map()}),
            "1|1|1|float64|string|<nil>|[]interface {}|map[string]interface {}");
  EXPECT_EQ(sprintf("%#v|%#v|%#v|%#v",
                    {L({I(1), S("a"), Value(), F(2.5)}), Value::map({{"a", I(1)}, {"b", L({})}}),
                     S("q\""), Value::boolean(true)}),
            "[]interface {}{1, \"a\", interface {}(nil), 2.5}|map[string]interface "
            "{}{\"a\":1, \"b\":[]interface {}{}}|\"q\\\"\"|true");
  EXPECT_EQ(sprintf("%6.2f|%-8.3v|%08.3v",
                    {L({F(1.5), F(2.25)}), L({F(1.5), S("ab")}), Value::map({{"k", F(3.14159)}})}),
            "[  1.50   2.25]|[1.5      ab      ]|map[0000000k:00003.14]");
  // []byte from .Files.GetBytes.
  Value b = Value::bytes("hi");
  EXPECT_EQ(sprintf("%v|%s|%x|%q|%T|%d|%c|%#v|%f|%X", {b, b, b, b, b, b, b, b, b, b}),
            "[104 105]|hi|6869|\"hi\"|[]uint8|[104 105]|[h i]|[]byte{0x68, 0x69}|[%!f(uint8=104) "
            "%!f(uint8=105)]|6869");
  Value lb = L({b});
  EXPECT_EQ(sprintf("%v|%s|%d|%#v|%x", {lb, lb, lb, lb, lb}),
            "[[104 105]]|[hi]|[[104 105]]|[]interface {}{[]uint8{0x68, 0x69}}|[6869]");
  EXPECT_EQ(go_sprint(std::vector<Value>{b, S("x"), b}), "[104 105]x[104 105]");
}

TEST(FormatFunctionsSprint, SpacesOnlyBetweenNonStrings) {
  EXPECT_EQ(go_sprint(std::vector<Value>{I(1), I(2), S("a"), S("b"), I(3), Value(), Value(),
                                         L({I(1)}), Value::boolean(true), F(1.5)}),
            "1 2ab3 <nil> <nil> [1] true 1.5");
  EXPECT_EQ(go_sprint(std::vector<Value>{}), "");
  EXPECT_EQ(go_sprint(std::vector<Value>{Value()}), "<nil>");
  EXPECT_EQ(
      go_sprint(std::vector<Value>{Value::map({{"a", Value()}, {"b", L({I(1), S("x")})}}), F(1e6)}),
      "map[a:<nil> b:[1 x]] 1e+06");
  EXPECT_EQ(go_sprintln(std::vector<Value>{I(1), S("a"), Value(), L({I(1), Value()})}),
            "1 a <nil> [1 <nil>]\n");
  EXPECT_EQ(go_sprintln(std::vector<Value>{}), "\n");
}

TEST(FormatFunctionsRegistered, PrintPrintlnPrintf) {
  FunctionList fl = format_functions();
  EXPECT_EQ(call_function(fl, "print", {S("a"), I(1), I(2), S("b")}).as_string(), "a1 2b");
  EXPECT_EQ(call_function(fl, "println", {S("a"), I(1)}).as_string(), "a 1\n");
  EXPECT_EQ(call_function(fl, "printf", {S("%s-%d"), S("x"), I(3)}).as_string(), "x-3");
  EXPECT_EQ(
      call_function(fl, "printf", {S("%05.1f %q %d %d"), F(3.14159), S("a"), I(1)}).as_string(),
      "003.1 \"a\" 1 %!d(MISSING)");
  for (const Function& f : fl) {
    EXPECT_TRUE(f.variadic) << f.name;
    EXPECT_EQ(f.params.back(), Param::kAny) << f.name;
  }
}

// A float printed by an action takes a short way for whole numbers below a million and for
// magnitudes from 1e-4 to 1e6: the same text as Go's %v (format_go_v) on numbers of every
// kind around those bounds.
TEST(PrintValue, FloatsPrintAsGoPrintsThem) {
  std::mt19937_64 rng(20261204);
  auto check = [](double f) {
    std::string printed;
    append_print(printed, Value::number(f));
    EXPECT_EQ(printed, format_go_v(f)) << f;
  };
  for (double f : {0.0,
                   -0.0,
                   1.0,
                   -1.0,
                   1e-4,
                   -1e-4,
                   9.999999999999999e-5,
                   1e6,
                   -1e6,
                   999999.0,
                   999999.9999999999,
                   1e6 - 0.5,
                   0.1,
                   0.2 + 0.1,
                   123456.789,
                   1e21,
                   std::numeric_limits<double>::infinity(),
                   std::nan(""),
                   5e-324,
                   std::numeric_limits<double>::max()}) {
    check(f);
  }
  std::uniform_real_distribution<double> unit(0, 1);
  for (int k = 0; k < 200000; ++k) {
    // Magnitudes from 1e-6 to 1e8, whole numbers, short decimals and arbitrary bits.
    double magnitude = std::pow(10.0, -6 + 14 * unit(rng));
    double f = unit(rng) * magnitude;
    switch (k % 4) {
      case 1:
        f = std::floor(f);
        break;
      case 2:
        // One to five decimals.
        f = std::round(f * std::pow(10.0, 1 + k / 4 % 5)) / std::pow(10.0, 1 + k / 4 % 5);
        break;
      case 3: {
        std::uint64_t bits = rng();
        std::memcpy(&f, &bits, sizeof f);
        break;
      }
      default:
        break;
    }
    check(k % 2 == 0 ? f : -f);
  }
}

}  // namespace
}  // namespace render::tmpl
