// Sprig's dict functions (dict.go), merge/mergeOverwrite through dario.cat/mergo v1.0.1 as Sprig
// calls it, dig, and deepCopy (mitchellh/copystructure).
#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "render/guards.hpp"
#include "template/function.hpp"
#include "template/functions/semver.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

// Sprig's strval: strings and []byte as they are, anything else as fmt's %v.
std::string key_text(const Value& v) {
  if (v.is_string() || v.is_bytes()) return v.as_string();
  return print_value(v);
}

// dict(k1, v1, ...): keys stringified; an odd last key gets "".
Value dict_impl(CallContext&, std::span<const Value> args) {
  // (Built where the value keeps it, its room taken once; a string key is not copied twice.)
  Value out = Value::map();
  Map& entries = out.mutable_map();
  entries.reserve((args.size() + 1) / 2);
  for (std::size_t i = 0; i < args.size(); i += 2) {
    Value v = i + 1 < args.size() ? args[i + 1] : Value::string("");
    if (args[i].is_string()) {
      entries.insert_or_assign(std::string_view(args[i].as_string()), std::move(v));
    } else {
      entries.insert_or_assign(key_text(args[i]), std::move(v));
    }
  }
  return out;
}

// get(d, key): a missing key (or a nil map) gives "".
Value get_impl(CallContext&, std::span<const Value> args) {
  if (args[0].is_map()) {
    const Map& m = args[0].as_map();
    auto it = m.find(args[1].as_string());
    if (it != m.end()) return it->second;
  }
  return Value::string("");
}

// set(d, key, value): stores into d itself (every holder of the map sees it) and returns d.
Value set_impl(CallContext&, std::span<const Value> args) {
  if (!args[0].is_map() || args[0].is_nil_map()) {
    throw FunctionError("assignment to entry in nil map");
  }
  args[0].mutable_map().insert_or_assign(args[1].as_string(), args[2]);
  return args[0];
}

// unset(d, key): deletes from d itself and returns d (a nil map stays nil).
Value unset_impl(CallContext&, std::span<const Value> args) {
  if (!args[0].is_map()) return Value::nil_map();
  Map& m = args[0].mutable_map();
  auto it = m.find(args[1].as_string());
  if (it != m.end()) m.erase(it);
  return args[0];
}

Value has_key_impl(CallContext&, std::span<const Value> args) {
  return Value::boolean(args[0].is_map() && args[0].as_map().contains(args[1].as_string()));
}

// pluck(key, dicts...): the key's value in each dict that has it.
Value pluck_impl(CallContext&, std::span<const Value> args) {
  const std::string& key = args[0].as_string();
  List out;
  for (const Value& d : args.subspan(1)) {
    if (!d.is_map()) continue;
    auto it = d.as_map().find(key);
    if (it != d.as_map().end()) out.push_back(it->second);
  }
  return Value::list(std::move(out));
}

// keys(dicts...): each map's keys in turn, as Sprig appends them. Go's order within a map is
// random; each map's keys are sorted here, so that the result is one of Helm's (a key of the
// first map always comes first: `first (keys $a $b)` is one of $a's, as in Helm).
Value keys_impl(CallContext&, std::span<const Value> args) {
  List out;
  for (const Value& d : args) {
    if (!d.is_map()) continue;
    for (const auto& entry : d.as_map()) out.push_back(Value::string(entry.first));
  }
  return Value::list(std::move(out)).with_elements(Value::Elements::kStrings);  // Go's []string
}

// values(dict): in key order (Go's order is random).
Value values_impl(CallContext&, std::span<const Value> args) {
  List out;
  if (args[0].is_map()) {
    for (const auto& entry : args[0].as_map()) out.push_back(entry.second);
  }
  return Value::list(std::move(out));
}

// pick(dict, keys...): a new dict of the listed keys that exist.
Value pick_impl(CallContext&, std::span<const Value> args) {
  Map out;
  if (args[0].is_map()) {
    const Map& m = args[0].as_map();
    for (const Value& k : args.subspan(1)) {
      auto it = m.find(k.as_string());
      if (it != m.end()) out.insert_or_assign(it->first, it->second);
    }
  }
  return Value::map(std::move(out));
}

// omit(dict, keys...): a new dict without the listed keys.
Value omit_impl(CallContext&, std::span<const Value> args) {
  Map out;
  if (args[0].is_map()) {
    std::span<const Value> drop = args.subspan(1);
    for (const auto& entry : args[0].as_map()) {
      // (A name, not a structured binding: clang 14 lets no lambda capture one.)
      const std::string& key = entry.first;
      bool omitted = std::any_of(drop.begin(), drop.end(),
                                 [&key](const Value& k) { return k.as_string() == key; });
      if (!omitted) out.emplace(key, entry.second);
    }
  }
  return Value::map(std::move(out));
}

// mergo's deepMerge of src into the map dst (map[string]interface{} on both sides), in place.
// Per key of src:
//  - a nil src value is stored only when overwriting (and never added otherwise);
//  - a map into a map merges recursively (dst's nested map is changed in place and kept);
//  - anything else replaces the dst value when overwriting, when dst lacks the key, or when
//    the dst value is empty (false, 0, "", nil, empty list or map); the src value is stored
//    itself, so dst then shares src's nested lists and maps, as in Go.
// Where that choice looked at the truth of a tainted value (see Value::is_tainted), what the key
// holds after it is marked: a stand-in may be empty where the real result is not. (Whether a
// value is nil, a map or a list is the same for a stand-in as for the real result.)
void merge_map(Map& dst, const Map& src, bool overwrite) {
  check_stack("a merged dict");
  for (const auto& entry : src) {
    // (Names, not a structured binding: the lambda below captures them, which clang 14 refuses.)
    const std::string& key = entry.first;
    const Value& src_value = entry.second;
    auto it = dst.find(key);
    bool present = it != dst.end();
    bool looked = present && !overwrite && it->second.is_tainted();
    auto decided = [&] {
      if (!looked) return;
      if (auto at = dst.find(key); at != dst.end()) at->second.mark_tainted();
    };
    if (src_value.is_nil()) {
      if (overwrite) dst.insert_or_assign(key, Value());
      decided();
      continue;
    }
    Value dst_value = present ? it->second : Value();
    if (src_value.is_map() && dst_value.is_map()) {
      // (A map made from a tainted value holds unmarked values made from it: marking the map
      // marks what is read from it.)
      looked = looked || dst_value.is_tainted() || src_value.is_tainted();
      if (dst_value.is_nil_map() && !src_value.is_nil_map()) {
        dst_value = Value::map();  // mergo makes a nil map a new one to merge into
        it->second = dst_value;
      }
      merge_map(dst_value.mutable_map(), src_value.as_map(), overwrite);
      if (dst_value.truthy()) {
        decided();
        continue;  // a non-empty map stays
      }
    } else if ((src_value.is_list() || src_value.is_bytes()) && present && dst_value.truthy()) {
      // mergo's slice branch: the src slice replaces dst only when overwriting.
      if (overwrite) it->second = src_value;
      decided();
      continue;
    }
    if (overwrite || !present || !dst_value.truthy()) dst.insert_or_assign(key, src_value);
    decided();
  }
}

// merge(dst, srcs...) / mergeOverwrite: mutates and returns dst. A nil dst becomes a new map
// when a map that is not nil is merged into it, and stays nil otherwise.
Value merge_dicts(std::span<const Value> args, bool overwrite) {
  // (nil passed for dst is a nil map[string]interface{}.)
  Value dst = args[0].is_map() ? args[0] : Value::nil_map();
  for (const Value& src : args.subspan(1)) {
    if (!src.is_map()) continue;
    if (dst.is_nil_map() && !src.is_nil_map()) dst = Value::map();
    merge_map(dst.mutable_map(), src.as_map(), overwrite);
  }
  return dst;
}

Value merge_impl(CallContext&, std::span<const Value> args) {
  return merge_dicts(args, false);
}

Value merge_overwrite_impl(CallContext&, std::span<const Value> args) {
  return merge_dicts(args, true);
}

// Go's message for a failed type assertion x.(T) on an interface{} value.
[[noreturn]] void interface_conversion(const Value& v, std::string_view want) {
  std::string message = "interface conversion: interface {} is ";
  message += v.is_nil() ? std::string_view("nil") : v.type_name();
  message += ", not ";
  message += want;
  throw FunctionError(message);
}

// dig(k1, k2, ..., default, dict): walks nested maps; a missing key gives default.
Value dig_impl(CallContext&, std::span<const Value> args) {
  if (args.size() < 3) throw FunctionError("dig needs at least three arguments");
  const Value& dict = args.back();
  if (!dict.is_map() || dict.is_chart_values() || dict.is_string_map())
    interface_conversion(dict, "map[string]interface {}");
  const Value& fallback = args[args.size() - 2];
  std::span<const Value> keys = args.first(args.size() - 2);
  for (const Value& k : keys) {
    if (!k.is_string()) interface_conversion(k, "string");
  }
  const Value* current = &dict;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!current->is_map() || current->is_string_map()) {
      interface_conversion(*current, "map[string]interface {}");
    }
    const Map& m = current->as_map();
    auto it = m.find(keys[i].as_string());
    if (it == m.end()) return fallback;
    current = &it->second;
  }
  return *current;
}

// deepCopy(v): lists and maps copied recursively; nil is copystructure's reflect error. A
// semver version comes out zero, as copystructure copies no unexported fields.
Value deep_copy_impl(CallContext&, std::span<const Value> args) {
  const Value& v = args[0];
  if (v.is_nil()) throw FunctionError("reflect: call of reflect.Value.Type on zero Value");
  if (v.is_object()) {
    std::string_view type = v.type_name();
    if (type == "*semver.Version" || type == "semver.Version") {
      return semver_object(SemVersion{}, "", type.starts_with("*"));
    }
    return v;
  }
  return v.deep_copy();
}

// Which arguments' entries or selves reach the result as they are (see Function::Carries):
// keys and other arguments the function looks at taint the result.
Function::CarryRule carry_rule(std::string_view name) {
  using C = Function::Carries;
  auto any_of = [name](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  if (name == "dict") {
    return [](std::size_t place, std::size_t) { return place % 2 == 1 ? C::kItself : C::kTaint; };
  }
  if (name == "set") {
    return [](std::size_t place, std::size_t) {
      return place == 0 ? C::kEntries : place == 2 ? C::kItself : C::kTaint;
    };
  }
  if (any_of({"unset", "get", "hasKey", "pick", "omit", "values", "deepCopy", "mustDeepCopy"})) {
    return [](std::size_t place, std::size_t) { return place == 0 ? C::kEntries : C::kTaint; };
  }
  if (name == "pluck") {
    return [](std::size_t place, std::size_t) { return place == 0 ? C::kTaint : C::kEntries; };
  }
  if (any_of({"keys", "merge", "mustMerge", "mergeOverwrite", "mustMergeOverwrite"})) {
    return [](std::size_t, std::size_t) { return C::kEntries; };
  }
  if (name == "dig") {
    // dig(keys..., default, map): the default is returned as it is.
    return [](std::size_t place, std::size_t count) {
      return place + 1 == count ? C::kEntries : place + 2 == count ? C::kItself : C::kTaint;
    };
  }
  return nullptr;
}

}  // namespace

void add_dict_functions(FunctionList& out) {
  using enum Param;
  std::size_t first = out.size();
  out.push_back(Function{"dict", {kAny}, true, &dict_impl});
  out.push_back(Function{"get", {kMap, kString}, false, &get_impl});
  out.push_back(Function{"set", {kMap, kString, kAny}, false, &set_impl});
  out.push_back(Function{"unset", {kMap, kString}, false, &unset_impl});
  out.push_back(Function{"hasKey", {kMap, kString}, false, &has_key_impl});
  out.push_back(Function{"pluck", {kString, kMap}, true, &pluck_impl});
  out.push_back(Function{"keys", {kMap}, true, &keys_impl});
  out.push_back(Function{"pick", {kMap, kString}, true, &pick_impl});
  out.push_back(Function{"omit", {kMap, kString}, true, &omit_impl});
  for (std::string_view name : {"merge", "mustMerge"}) {
    out.push_back(Function{name, {kMap, kMap}, true, &merge_impl});
  }
  for (std::string_view name : {"mergeOverwrite", "mustMergeOverwrite"}) {
    out.push_back(Function{name, {kMap, kMap}, true, &merge_overwrite_impl});
  }
  out.push_back(Function{"values", {kMap}, false, &values_impl});
  out.push_back(Function{"dig", {kAny}, true, &dig_impl});
  for (std::string_view name : {"deepCopy", "mustDeepCopy"}) {
    out.push_back(Function{name, {kAny}, false, &deep_copy_impl});
  }
  static constexpr std::string_view kWriters[] = {
      "set", "unset", "merge", "mustMerge", "mergeOverwrite", "mustMergeOverwrite"};
  for (std::size_t i = first; i < out.size(); ++i) {
    out[i].writes_arguments =
        std::find(std::begin(kWriters), std::end(kWriters), out[i].name) != std::end(kWriters);
    out[i].carries = carry_rule(out[i].name);
  }
}

}  // namespace render::tmpl
