// Calls a template function by name, as the executor would after checking its arguments, with no
// executor behind it.
#pragma once

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/value.hpp"
#include "template/function.hpp"

namespace render::tmpl {

inline Value call_function(const FunctionList& functions, std::string_view name,
                           std::vector<Value> args) {
  for (const Function& f : functions) {
    if (f.name == name) {
      CallContext ctx;
      ctx.executor = nullptr;
      ctx.name = f.name;
      return f.impl(ctx, args);
    }
  }
  throw std::logic_error("no function named " + std::string(name));
}

// The functions one family adds (add_dict_functions, ...), built once.
template <void (*Add)(FunctionList&)>
const FunctionList& family() {
  static const FunctionList functions = [] {
    FunctionList out;
    Add(out);
    return out;
  }();
  return functions;
}

// The FunctionError text of a call that should fail; "<no error>" when it succeeds.
inline std::string call_error(const FunctionList& functions, std::string_view name,
                              std::vector<Value> args) {
  try {
    call_function(functions, name, std::move(args));
  } catch (const FunctionError& e) {
    return e.what();
  }
  return "<no error>";
}

// The string a call returns; a test failure when the result is not a string.
inline std::string call_string(const FunctionList& functions, std::string_view name,
                               std::vector<Value> args) {
  Value v = call_function(functions, name, std::move(args));
  EXPECT_TRUE(v.is_string()) << name;
  return v.is_string() ? v.as_string() : std::string();
}

// Short builders for arguments and expectations: Go int, float64, string, bool and a list.
inline Value I(std::int64_t i) {
  return Value::integer(i);
}
inline Value F(double f) {
  return Value::number(f);
}
inline Value S(std::string s) {
  return Value::string(std::move(s));
}
inline Value B(bool b) {
  return Value::boolean(b);
}
inline Value L(List items) {
  return Value::list(std::move(items));
}

}  // namespace render::tmpl

// The unqualified form the tests use.
using render::tmpl::call_function;
