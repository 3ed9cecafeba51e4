// UTF-8 decoding and encoding, shared by the parsers, the emitter and the path rules.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace render {

// The code point starting at s[i], advancing i past it; -1 (advancing by one byte) when the
// bytes there are not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
long next_code_point(std::string_view s, std::size_t& i);

void append_utf8(std::string& out, char32_t code_point);

// Drops a UTF-8 byte order mark at the start of `text` (Helm's loader trims it from a chart's
// files; yaml.v2 reads it as the stream's encoding).
void strip_utf8_bom(std::string& text);

// Where the first byte of `s` that does not begin valid UTF-8 is (next_code_point's -1), or npos
// when all of `s` is valid UTF-8.
std::size_t invalid_utf8_at(std::string_view s);

// How many bytes at the start of `s` are printable ASCII (0x20 to 0x7e) other than '"' and the
// backslash, and other than '<', '>' and '&' when `html` is set: what Go's string quoting and
// encoding/json write as they are.
std::size_t quote_safe_prefix(std::string_view s, bool html = false);

// `s` with each byte that does not begin valid UTF-8 replaced by U+FFFD, as Go's encoding/json
// writes a string.
std::string coerce_to_utf8(std::string_view s);

// Go's unicode.IsLetter (category L) and unicode.IsDigit (Nd) at Unicode 15.0.0, Go's version
// (see scripts/gen-unicode-tables.py; go_is_print in go_quote.hpp is unicode.IsPrint).
bool go_is_letter(char32_t code_point);
bool go_is_digit(char32_t code_point);
// unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 and the space separators.
bool go_is_space(char32_t code_point);
// strings.TrimSpace: `s` without the white space (go_is_space) at either end; `left` false keeps
// the start.
std::string_view go_trim_space(std::string_view s, bool left = true);

// How many line breaks ('\n') `s` holds, sixteen bytes at a time where SSE2 is there (indent's
// count of lines, the values loader's room for its line table).
std::size_t count_line_breaks(std::string_view s);

// One JSON pointer reference token: '~' -> "~0", '/' -> "~1".
std::string escape_pointer_token(std::string_view token);

}  // namespace render
