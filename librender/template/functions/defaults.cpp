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
  Function default_fn{"default", {kAny, kAny}, true, &default_impl};
  default_fn.chooses = Function::Chooses::kDefault;
  out.push_back(default_fn);
  out.push_back(Function{"empty", {kAny}, false, &empty_impl});
  Function coalesce_fn{"coalesce", {kAny}, true, &coalesce_impl};
  coalesce_fn.chooses = Function::Chooses::kCoalesce;
  out.push_back(coalesce_fn);
  out.push_back(Function{"all", {kAny}, true, &all_impl});
  out.push_back(Function{"any", {kAny}, true, &any_impl});
  Function ternary_fn{"ternary", {kAny, kAny, kBool}, false, &ternary_impl};
  ternary_fn.chooses = Function::Chooses::kTernary;
  out.push_back(ternary_fn);
}

}  // namespace render::tmpl
