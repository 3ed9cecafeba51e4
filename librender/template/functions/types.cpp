// Sprig's reflection functions: typeOf, typeIs, typeIsLike, kindOf, kindIs, deepEqual; and the
// reflection helpers the list and dict functions share (types.hpp).
#include "template/functions/types.hpp"

#include <string>

#include "template/function.hpp"
#include "template/functions/semver.hpp"

namespace render::tmpl {

std::string_view go_kind(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      return "invalid";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kInt:
      return v.is_uint8() ? "uint8" : "int";
    case Value::Kind::kInt64:
      return v.is_uint64() ? "uint64" : "int64";
    case Value::Kind::kFloat:
      return "float64";
    case Value::Kind::kString:
      return "string";
    case Value::Kind::kBytes:
    case Value::Kind::kList:
      return "slice";
    case Value::Kind::kMap:
      return "map";
    case Value::Kind::kObject: {
      std::string_view type = v.type_name();
      if (type.starts_with("*")) return "ptr";
      if (type == "common.VersionSet") return "slice";  // []string
      if (type == "engine.files") return "map";         // map[string][]byte
      return "struct";
    }
  }
  return "invalid";
}

bool go_deep_equal(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kList: {
      const List& x = a.as_list();
      const List& y = b.as_list();
      if (a.is_nil_list() != b.is_nil_list()) return false;  // a nil slice is not an empty one
      if (a.elements() != b.elements()) return false;        // []string is not []interface{}
      if (&x == &y) return true;
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!go_deep_equal(x[i], y[i])) return false;
      }
      return true;
    }
    case Value::Kind::kMap: {
      const Map& x = a.as_map();
      const Map& y = b.as_map();
      if (a.type_name() != b.type_name()) return false;  // map[string]string, common.Values
      if (a.is_nil_map() != b.is_nil_map()) return false;
      if (&x == &y) return true;
      if (x.size() != y.size()) return false;
      for (auto ix = x.begin(), iy = y.begin(); ix != x.end(); ++ix, ++iy) {
        if (ix->first != iy->first || !go_deep_equal(ix->second, iy->second)) return false;
      }
      return true;
    }
    case Value::Kind::kObject: {
      const Object& x = *a.as_object();
      const Object& y = *b.as_object();
      if (&x == &y) return true;
      if (x.type_name() != y.type_name()) return false;
      if (x.type_name().ends_with("semver.Version")) return semver_deep_equal(x, y);
      return x.print() == y.print();
    }
    default:
      return deep_equal(a, b);
  }
}

const List* slice_elements(const Value& v, List& scratch) {
  switch (v.kind()) {
    case Value::Kind::kList:
      return &v.as_list();
    case Value::Kind::kBytes: {
      // The elements are Go uint8s; ints print and compare alike in templates.
      scratch.clear();
      for (unsigned char c : v.as_string()) scratch.push_back(Value::integer(c));
      return &scratch;
    }
    case Value::Kind::kObject:
      return v.as_object()->elements(scratch) ? &scratch : nullptr;
    default:
      return nullptr;
  }
}

namespace {

Value type_of_impl(CallContext&, std::span<const Value> args) {
  return Value::string(std::string(args[0].type_name()));
}

Value type_is_impl(CallContext&, std::span<const Value> args) {
  return Value::boolean(args[0].as_string() == args[1].type_name());
}

Value type_is_like_impl(CallContext&, std::span<const Value> args) {
  const std::string& target = args[0].as_string();
  std::string_view type = args[1].type_name();
  return Value::boolean(target == type || (type.starts_with("*") && type.substr(1) == target));
}

Value kind_of_impl(CallContext&, std::span<const Value> args) {
  return Value::string(std::string(go_kind(args[0])));
}

Value kind_is_impl(CallContext&, std::span<const Value> args) {
  return Value::boolean(args[0].as_string() == go_kind(args[1]));
}

Value deep_equal_impl(CallContext&, std::span<const Value> args) {
  return Value::boolean(go_deep_equal(args[0], args[1]));
}

}  // namespace

void add_type_functions(FunctionList& out) {
  using enum Param;
  out.push_back(Function{"typeOf", {kAny}, false, &type_of_impl});
  out.push_back(Function{"typeIs", {kString, kAny}, false, &type_is_impl});
  out.push_back(Function{"typeIsLike", {kString, kAny}, false, &type_is_like_impl});
  out.push_back(Function{"kindOf", {kAny}, false, &kind_of_impl});
  out.push_back(Function{"kindIs", {kString, kAny}, false, &kind_is_impl});
  out.push_back(Function{"deepEqual", {kAny, kAny}, false, &deep_equal_impl});
}

}  // namespace render::tmpl
