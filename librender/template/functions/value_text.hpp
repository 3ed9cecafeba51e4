// Values as Go's fmt prints them with %v, and Go's string quoting: what an action prints, what
// toString, cat, join and quote build on.
#pragma once

#include <string>
#include <string_view>

#include "render/value.hpp"

namespace render::tmpl {

// fmt.Sprint of one value: nil "<nil>", numbers in Go's %v form, lists "[a b]", maps
// "map[k:v]" in key order, []byte "[104 105]", objects by their print().
std::string print_value(const Value& value);
void append_print(std::string& out, const Value& value);

// Helm's engine removes every "<no value>" (what an action prints for a missing value) from
// what a template or tpl rendered: here from s[from, end).
void erase_no_value(std::string& s, std::size_t from = 0);

// strconv.Quote: "..." with Go escapes; printable UTF-8 kept, invalid bytes as \xNN.
std::string go_quote(std::string_view text);
void append_go_quote(std::string& out, std::string_view text);

// unicode.IsPrint for a code point (letters, marks, numbers, punctuation, symbols, ASCII space).
bool go_is_print(char32_t code_point);

}  // namespace render::tmpl
