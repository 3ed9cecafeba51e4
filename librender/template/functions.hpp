// The function table: Sprig's and Helm's functions by name, and the functions the executor
// implements itself because they see unevaluated arguments or the template set.
#pragma once

#include <string_view>

#include "template/function.hpp"

namespace render::tmpl {

// Functions the executor evaluates itself.
enum class Builtin : int {
  kNone = -1,
  kAnd,
  kOr,
  kNot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kLen,
  kIndex,
  kCall,
  kInclude,
  kTpl,
};

Builtin find_builtin(std::string_view name);
// A library function (refused ones included); null when there is none.
const Function* find_function(std::string_view name);

}  // namespace render::tmpl
