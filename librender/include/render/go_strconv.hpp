// Go's strconv number parsers, shared by the template parser, Sprig's conversions, YAML's
// resolution, --set's list indexes, the schema's formats and the command line's numeric flags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace render {

// What a strconv parser reports: nothing, ErrSyntax or ErrRange.
enum class GoNumError { kNone, kSyntax, kRange };

// strconv.ParseUint(s, base, 64), base 0 or 2 to 36. Base 0 reads the prefixes 0b, 0o, 0x and a
// bare leading 0 (octal), and takes '_' between digits. On kRange `out` is the largest uint64,
// as Go returns it; on kSyntax 0.
GoNumError go_parse_uint(std::string_view s, int base, std::uint64_t& out);
// strconv.ParseInt(s, base, 64): an optional sign, then ParseUint's digits. On kRange `out` is
// clamped to int64's end on the side of the sign.
GoNumError go_parse_int(std::string_view s, int base, std::int64_t& out);
// strconv.ParseFloat(s, bits), bits 64 or 32: Go's syntax for floating-point literals
// (underscores between digits, hexadecimal mantissas with a 'p' exponent, "inf", "infinity" and
// "nan" in any case, no spaces). A value too large for the type is kRange, `out` then infinite; one
// too small rounds to zero or a subnormal without an error.
GoNumError go_parse_float(std::string_view s, int bits, double& out);
// strconv's underscoreOK: each '_' stands between two digits, or between a base prefix ("0x",
// "0o", "0b") and a digit.
bool go_underscore_ok(std::string_view s);
// A *strconv.NumError's text: "strconv.ParseInt: parsing \"0x\": invalid syntax", or "...: value
// out of range". `func` is Go's name of the parser ("Atoi", "ParseInt", "ParseFloat"...).
std::string go_num_error(std::string_view func, std::string_view s, GoNumError error);

// strconv.Atoi on a 64-bit platform: an optional sign and decimal digits in int64's range. On
// failure, empty with Go's NumError text in `error` ("strconv.Atoi: parsing \"x\": invalid
// syntax", "...: value out of range").
std::optional<long long> go_atoi(std::string_view s, std::string& error);

}  // namespace render
