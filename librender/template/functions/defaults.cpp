// Sprig's defaults: default, empty, coalesce, all, any, ternary. "Empty" is Sprig's empty(),
// which agrees with template truthiness (Value::truthy).
#include "template/function.hpp"

namespace render::tmpl {
namespace {

// default(d interface{}, given ...interface{}): d when there is no given value or it is empty.
Value default_impl(CallContext&, std::span<const Value> args) {
  if (args.size() < 2 || !args[1].truthy()) return args[0];
  return args[1];
}

Value empty_impl(CallContext&, std::span<const Value> args) {
  return Value::boolean(!args[0].truthy());
}

// The first non-empty argument, else nil.
Value coalesce_impl(CallContext&, std::span<const Value> args) {
  for (const Value& v : args) {
    if (v.truthy()) return v;
  }
  return Value();
}

Value all_impl(CallContext&, std::span<const Value> args) {
  for (const Value& v : args) {
    if (!v.truthy()) return Value::boolean(false);
  }
  return Value::boolean(true);
}

Value any_impl(CallContext&, std::span<const Value> args) {
  for (const Value& v : args) {
    if (v.truthy()) return Value::boolean(true);
  }
  return Value::boolean(false);
}

// ternary(vt, vf interface{}, v bool).
Value ternary_impl(CallContext&, std::span<const Value> args) {
  return args[2].as_bool() ? args[0] : args[1];
}

}  // namespace

void add_default_functions(FunctionList& out) {
  using enum Param;
  out.push_back(Function{"default", {kAny, kAny}, true, &default_impl});
  out.push_back(Function{"empty", {kAny}, false, &empty_impl});
  out.push_back(Function{"coalesce", {kAny}, true, &coalesce_impl});
  out.push_back(Function{"all", {kAny}, true, &all_impl});
  out.push_back(Function{"any", {kAny}, true, &any_impl});
  out.push_back(Function{"ternary", {kAny, kAny, kBool}, false, &ternary_impl});
}

}  // namespace render::tmpl
