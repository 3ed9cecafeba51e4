// Calls a template function by name, as the executor would after checking its arguments, with no
// executor behind it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
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

}  // namespace render::tmpl

// The unqualified form the tests use.
using render::tmpl::call_function;
