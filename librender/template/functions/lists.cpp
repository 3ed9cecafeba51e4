// Sprig's list functions (list.go). They take interface{} and accept any slice through
// reflection; anything else is an error naming its reflect.Kind, and nil (whose reflect.TypeOf is
// a nil interface) is Go's nil pointer dereference. The non-must forms panic with the same error,
// which text/template reports the same way.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>

#include "template/function.hpp"
#include "template/functions/cast.hpp"
#include "template/functions/types.hpp"

namespace render::tmpl {
namespace {

constexpr const char* kNilDereference =
    "runtime error: invalid memory address or nil pointer dereference";
constexpr const char* kMakeSliceLen = "runtime error: makeslice: len out of range";

// The elements of a slice argument, or Sprig's error "<before><kind><after>".
const List& list_arg(const Value& v, List& scratch, std::string_view before,
                     std::string_view after = {}) {
  if (v.is_nil()) throw FunctionError(kNilDereference);
  const List* items = slice_elements(v, scratch);
  if (!items) {
    std::string message(before);
    message += go_kind(v);
    message += after;
    throw FunctionError(message);
  }
  return *items;
}

Value list_impl(CallContext&, std::span<const Value> args) {
  return Value::list(List(args.begin(), args.end()));
}

// push / append: a new list; the argument is not changed.
Value push_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot push on type ");
  List out;
  out.reserve(items.size() + 1);
  out.assign(items.begin(), items.end());
  out.push_back(args[1]);
  return Value::list(std::move(out));
}

Value prepend_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot prepend on type ");
  List out;
  out.reserve(items.size() + 1);
  out.push_back(args[1]);
  out.insert(out.end(), items.begin(), items.end());
  return Value::list(std::move(out));
}

// Go's int(f) for a float64 on amd64: out-of-range values and NaN become the minimum int64.
std::int64_t go_float_to_int(double f) {
  if (std::isnan(f) || f < -9223372036854775808.0 || f >= 9223372036854775808.0) {
    return std::numeric_limits<std::int64_t>::min();
  }
  return static_cast<std::int64_t>(f);
}

// chunk(size int, list): Sprig's float arithmetic, so size <= 0 fails in make() as in Go.
Value chunk_impl(CallContext&, std::span<const Value> args) {
  std::int64_t size = args[0].as_int();
  List scratch;
  const List& items = list_arg(args[1], scratch, "Cannot chunk type ");
  auto length = static_cast<std::int64_t>(items.size());
  std::int64_t count =
      go_float_to_int(std::floor(static_cast<double>(length - 1) / static_cast<double>(size)) + 1);
  if (count < 0) throw FunctionError(kMakeSliceLen);
  List out;
  for (std::int64_t i = 0; i < count; ++i) {
    std::int64_t chunk_length = size;
    if (i == count - 1) {
      chunk_length = go_float_to_int(
          std::floor(std::fmod(static_cast<double>(length), static_cast<double>(size))));
      if (chunk_length == 0) chunk_length = size;
    }
    if (chunk_length < 0) throw FunctionError(kMakeSliceLen);
    auto from = static_cast<std::size_t>(i * size);
    auto to = from + static_cast<std::size_t>(chunk_length);
    if (to > items.size()) {
      throw FunctionError("reflect: slice index out of range");
    }
    out.push_back(Value::list(List(items.begin() + static_cast<std::ptrdiff_t>(from),
                                   items.begin() + static_cast<std::ptrdiff_t>(to))));
  }
  return Value::list(std::move(out)).with_elements(Value::Elements::kLists);  // [][]interface{}
}

Value first_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot find first on type ");
  return items.empty() ? Value() : items.front();
}

Value last_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot find last on type ");
  return items.empty() ? Value() : items.back();
}

// rest / initial of an empty list: Go returns a nil []interface{}, printed "[]".
Value rest_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot find rest on type ");
  if (items.empty()) return Value::nil_list();
  return Value::list(List(items.begin() + 1, items.end()));
}

Value initial_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot find initial on type ");
  if (items.empty()) return Value::nil_list();
  return Value::list(List(items.begin(), items.end() - 1));
}

Value reverse_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot find reverse on type ");
  return Value::list(List(items.rbegin(), items.rend()));
}

// The non-empty elements.
Value compact_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot compact on type ");
  List out;
  for (const Value& item : items) {
    if (item.truthy()) out.push_back(item);
  }
  return Value::list(std::move(out));
}

bool in_list(std::span<const Value> haystack, const Value& needle) {
  for (const Value& h : haystack) {
    if (go_deep_equal(needle, h)) return true;
  }
  return false;
}

// Elements without deep-equal repeats, first occurrences kept.
Value uniq_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot find uniq on type ");
  List out;
  for (const Value& item : items) {
    if (!in_list(out, item)) out.push_back(item);
  }
  return Value::list(std::move(out));
}

// without(list, omit...): the elements not deep-equal to any of omit.
Value without_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "Cannot find without on type ");
  std::span<const Value> omit = args.subspan(1);
  List out;
  for (const Value& item : items) {
    if (!in_list(omit, item)) out.push_back(item);
  }
  return Value::list(std::move(out));
}

// has(needle, haystack): a nil haystack holds nothing.
Value has_impl(CallContext&, std::span<const Value> args) {
  if (args[1].is_nil()) return Value::boolean(false);
  List scratch;
  const List& items = list_arg(args[1], scratch, "Cannot find has on type ");
  return Value::boolean(in_list(items, args[0]));
}

// slice(list, [start, [end]]): indices through cast.ToInt; an empty list gives nil.
Value slice_impl(CallContext&, std::span<const Value> args) {
  List scratch;
  const List& items = list_arg(args[0], scratch, "list should be type of slice or array but ");
  if (items.empty()) return Value();
  auto length = static_cast<std::int64_t>(items.size());
  std::int64_t start = args.size() > 1 ? to_int(args[1]) : 0;
  std::int64_t end = args.size() > 2 ? to_int(args[2]) : length;
  if (start < 0 || end < start || end > length) {
    throw FunctionError("reflect.Value.Slice: slice index out of bounds");
  }
  // reflect's Slice keeps the slice's type ([]string stays one).
  return Value::list(List(items.begin() + start, items.begin() + end))
      .with_elements(args[0].elements());
}

// concat(lists...): every element of every list, in order.
Value concat_impl(CallContext&, std::span<const Value> args) {
  List out;
  for (const Value& arg : args) {
    List scratch;
    const List& items = list_arg(arg, scratch, "Cannot concat type ", " as list");
    out.insert(out.end(), items.begin(), items.end());
  }
  // Sprig appends to a nil slice: nothing appended leaves it nil (JSON null).
  return out.empty() ? Value::nil_list() : Value::list(std::move(out));
}

// Which arguments' entries or selves reach the result as they are (see Function::Carries).
// Functions that compare items (uniq, compact, without, has) look at them: they are tainted by
// any tainted item.
Function::CarryRule carry_rule(std::string_view name) {
  using C = Function::Carries;
  auto any_of = [name](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  if (name == "list") return [](std::size_t, std::size_t) { return C::kItself; };
  if (name == "concat") return [](std::size_t, std::size_t) { return C::kEntries; };
  if (any_of({"append", "push", "mustAppend", "mustPush", "prepend", "mustPrepend"})) {
    return [](std::size_t place, std::size_t) { return place == 0 ? C::kEntries : C::kItself; };
  }
  if (any_of({"first", "mustFirst", "last", "mustLast", "rest", "mustRest", "initial",
              "mustInitial", "reverse", "mustReverse", "slice", "mustSlice"})) {
    return [](std::size_t place, std::size_t) { return place == 0 ? C::kEntries : C::kTaint; };
  }
  if (any_of({"chunk", "mustChunk"})) {
    return [](std::size_t place, std::size_t) { return place == 1 ? C::kEntries : C::kTaint; };
  }
  return nullptr;
}

}  // namespace

void add_list_functions(FunctionList& out) {
  using enum Param;
  std::size_t first = out.size();
  out.push_back(Function{"list", {kAny}, true, &list_impl});
  for (std::string_view name : {"append", "push", "mustAppend", "mustPush"}) {
    out.push_back(Function{name, {kAny, kAny}, false, &push_impl});
  }
  for (std::string_view name : {"prepend", "mustPrepend"}) {
    out.push_back(Function{name, {kAny, kAny}, false, &prepend_impl});
  }
  struct Unary {
    std::string_view name, must_name;
    FunctionImpl impl;
  };
  for (const Unary& f :
       {Unary{"first", "mustFirst", &first_impl}, Unary{"rest", "mustRest", &rest_impl},
        Unary{"last", "mustLast", &last_impl}, Unary{"initial", "mustInitial", &initial_impl},
        Unary{"reverse", "mustReverse", &reverse_impl}, Unary{"uniq", "mustUniq", &uniq_impl},
        Unary{"compact", "mustCompact", &compact_impl}}) {
    out.push_back(Function{f.name, {kAny}, false, f.impl});
    out.push_back(Function{f.must_name, {kAny}, false, f.impl});
  }
  for (std::string_view name : {"without", "mustWithout"}) {
    out.push_back(Function{name, {kAny, kAny}, true, &without_impl});
  }
  for (std::string_view name : {"has", "mustHas"}) {
    out.push_back(Function{name, {kAny, kAny}, false, &has_impl});
  }
  for (std::string_view name : {"slice", "mustSlice"}) {
    out.push_back(Function{name, {kAny, kAny}, true, &slice_impl});
  }
  out.push_back(Function{"concat", {kAny}, true, &concat_impl});
  for (std::string_view name : {"chunk", "mustChunk"}) {
    out.push_back(Function{name, {kInt, kAny}, false, &chunk_impl});
  }
  for (std::size_t i = first; i < out.size(); ++i) out[i].carries = carry_rule(out[i].name);
}

}  // namespace render::tmpl
