// Go's string quoting (strconv.Quote, fmt's %q) and unicode.IsPrint, shared by the template
// functions, the YAML loader's messages and the chart's.
#pragma once

#include <string>
#include <string_view>

namespace render {

// strconv.Quote: "..." with Go escapes; printable UTF-8 kept, invalid bytes as \xNN.
std::string go_quote(std::string_view text);
void append_go_quote(std::string& out, std::string_view text);

// unicode.IsPrint for a code point (letters, marks, numbers, punctuation, symbols, ASCII space).
bool go_is_print(char32_t code_point);

}  // namespace render
