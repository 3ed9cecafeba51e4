// Values as Go's fmt prints them with %v, and Go's string quoting: what an action prints, what
// toString, cat, join and quote build on.
#pragma once

#include <string>
#include <string_view>

#include "render/go_quote.hpp"
#include "render/guards.hpp"
#include "render/value.hpp"

namespace render::tmpl {

// fmt.Sprint of one value: nil "<nil>", numbers in Go's %v form, lists "[a b]", maps
// "map[k:v]" in key order, []byte "[104 105]", objects by their print().
std::string print_value(const Value& value);
void append_print(std::string& out, const Value& value);
// What an action prints: text/template's printableValue, a pointer printed as what it points to
// ({...} for .Capabilities, where fmt writes &{...}).
void append_printable(std::string& out, const Value& value);

// What a function's print hook (Function::print) wrote to `out` from `from` on is held to the
// limit the executor puts on a string result it made: the same error, naming the function.
inline void check_printed(std::string_view name, const std::string& out, std::size_t from) {
  if (out.size() - from > kMaxMadeBytes) {
    check_size(out.size() - from, kMaxMadeBytes, std::string(name) + "'s result");
  }
}

// Helm's engine removes every "<no value>" (what an action prints for a missing value) from
// what a template or tpl rendered: here from s[from, end).
void erase_no_value(std::string& s, std::size_t from = 0);

// Go's quoting, from core (render/go_quote.hpp).
using render::append_go_quote;
using render::go_is_print;
using render::go_quote;

}  // namespace render::tmpl
