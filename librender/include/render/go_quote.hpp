// Go's string quoting (strconv.Quote, fmt's %q) and unicode.IsPrint, shared by the template
// functions, the YAML loader's messages and the chart's.
#pragma once

#include <string>
#include <string_view>

namespace render {

// strconv.Quote: "..." with Go escapes; printable UTF-8 kept, invalid bytes as \xNN.
std::string go_quote(std::string_view text);
void append_go_quote(std::string& out, std::string_view text);

// strconv.QuoteRune (fmt's %q of a rune): the character in single quotes, escaped as a Go
// string would escape it, but for the quotes themselves ('x', '\n', '\x00').
std::string go_quote_rune(char32_t rune);

// unicode.IsPrint for a code point (letters, marks, numbers, punctuation, symbols, ASCII space).
bool go_is_print(char32_t code_point);

}  // namespace render
