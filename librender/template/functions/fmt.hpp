// Go's fmt.Sprint / Sprintln / Sprintf over template values: what `print`, `println` and `printf`
// return and what the executor uses to print values.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "render/value.hpp"

namespace render::tmpl {

// fmt.Sprint: each operand as %v; a space between two operands when neither is a string.
std::string go_sprint(std::span<const Value> args);
void append_sprint(std::string& out, std::span<const Value> args);

// fmt.Sprintln: operands as %v separated by single spaces, then "\n".
std::string go_sprintln(std::span<const Value> args);

// fmt.Sprintf: the verbs %v %+v %#v %T %s %q %x %X %d %o %O %b %c %U %e %E %f %F %g %G %t %%
// with flags "+-# 0", width, precision, '*' and argument indexes ("%[2]s"), and Go's error forms:
// "%!d(string=x)", "%!s(MISSING)", "%!(EXTRA int=1)", "%!d(BADINDEX)", "%!(NOVERB)",
// "%!(BADWIDTH)", "%!(BADPREC)". Lists print "[a b]", maps "map[k:v]" in key order.
std::string go_sprintf(std::string_view format, std::span<const Value> args);
void append_sprintf(std::string& out, std::string_view format, std::span<const Value> args);

}  // namespace render::tmpl
