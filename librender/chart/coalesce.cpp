#include "chart/coalesce.hpp"

#include <set>
#include <vector>

#include "chart/failure.hpp"
#include "render/guards.hpp"
#include "template/functions/fmt.hpp"

namespace render::chart {
namespace {

// Go's fmt %t of the value that is not a table ("%!t(string=x)"), for "type mismatch" errors.
std::string go_bool_verb(const Value& v) {
  const Value args[] = {v};
  return tmpl::go_sprintf("%t", args);
}

bool is_subchart_key(const Chart& c, const std::string& key) {
  for (const auto& sub : c.dependencies) {
    if (sub.metadata.name == key) return true;
  }
  return false;
}

void coalesce_globals(Value& dest, const Value& src) {
  Map& d = dest.mutable_map();
  Value dg, sg;
  if (auto it = d.find("global"); it == d.end()) {
    dg = Value::map();
  } else if (it->second.is_map()) {
    dg = it->second;
  } else {
    return;  // "warning: skipping globals because destination global is not a table."
  }
  const Map& s = src.as_map();
  if (auto it = s.find("global"); it == s.end()) {
    sg = Value::map();
  } else if (it->second.is_map()) {
    sg = it->second;
  } else {
    return;
  }
  Map& g = dg.mutable_map();
  for (const auto& [key, val] : sg.as_map()) {
    auto existing = g.find(key);
    if (val.is_map()) {
      Value copy = Value::map(val.as_map());  // a shallow copy, as Helm's copyMap
      if (existing == g.end()) {
        g[key] = copy;
      } else if (existing->second.is_map()) {
        Value destv = existing->second;
        coalesce_tables(copy, destv, true);
        g[key] = copy;
      }  // else: "Conflict: cannot merge map onto non-map"
    } else if (existing != g.end() && existing->second.is_map()) {
      // "key is table. Skipping"
    } else {
      g[key] = val;
    }
  }
  d["global"] = dg;
}

void coalesce_chart_values(const Chart& c, Value& v, bool merge) {
  Value defaults = c.values.deep_copy();
  Map& vm = v.mutable_map();
  for (auto& [key, val] : defaults.mutable_map()) {
    auto it = vm.find(key);
    if (it == vm.end()) {
      vm[key] = val;
      continue;
    }
    if (it->second.is_nil() && !merge) {
      vm.erase(it);
    } else if (it->second.is_map()) {
      if (!val.is_map()) continue;  // "warning: skipped value for ...: Not a table."
      Value dest = it->second;
      coalesce_tables(dest, val, merge || is_subchart_key(c, key));
    }
  }
}

void coalesce_rec(const Chart& c, Value& dest, bool merge);

void coalesce_dependencies(const Chart& c, Value& dest, bool merge) {
  for (const auto& sub : c.dependencies) {
    const std::string& name = sub.metadata.name;
    Map& d = dest.mutable_map();
    auto it = d.find(name);
    if (it == d.end()) {
      it = d.emplace(name, Value::map()).first;
    } else if (!it->second.is_map()) {
      fail(code::kParse, "type mismatch on " + name + ": " + go_bool_verb(it->second));
    }
    Value sub_values = it->second;
    coalesce_globals(sub_values, dest);
    coalesce_rec(sub, sub_values, merge);
    dest.mutable_map()[name] = sub_values;
  }
}

void coalesce_rec(const Chart& c, Value& dest, bool merge) {
  coalesce_chart_values(c, dest, merge);
  coalesce_dependencies(c, dest, merge);
}

Value coalesce_top(const Chart& chart, const Value& values, bool merge) {
  Value copy = values.is_map() ? values.deep_copy() : Value::map();
  coalesce_rec(chart, copy, merge);
  return copy;
}

Value coalesce_in_place(const Chart& chart, Value values, bool merge) {
  if (!values.is_map()) values = Value::map();
  coalesce_rec(chart, values, merge);
  return values;
}

}  // namespace

void coalesce_tables(Value& dst, Value& src, bool merge) {
  if (!src.is_map()) return;
  check_stack("the values");
  if (!dst.is_map()) {
    dst = src;
    return;
  }
  Map& d = dst.mutable_map();
  Map& s = src.mutable_map();
  std::set<std::string> src_non_nil;
  for (const auto& [k, v] : s) {
    if (!v.is_nil()) src_non_nil.insert(k);
  }
  for (const auto& [k, v] : d) {
    if (v.is_nil()) s[k] = Value();
  }
  for (auto& [key, val] : s) {
    auto it = d.find(key);
    if (it != d.end() && !merge && it->second.is_nil() && src_non_nil.count(key)) {
      d.erase(it);
    } else if (it == d.end()) {
      d[key] = val;
    } else if (val.is_map()) {
      if (it->second.is_map()) {
        Value dv = it->second;
        coalesce_tables(dv, val, merge);
      }  // else: "warning: cannot overwrite table with non table"
    }
  }
}

Value coalesce_values(const Chart& chart, const Value& values) {
  return coalesce_top(chart, values, false);
}

Value coalesce_owned_values(const Chart& chart, Value values) {
  return coalesce_in_place(chart, std::move(values), false);
}

Value merge_values(const Chart& chart, const Value& values) {
  return coalesce_top(chart, values, true);
}

const Value* table_at(const Value& values, std::string_view path) {
  const Value* table = &values;
  while (true) {
    auto dot = path.find('.');
    std::string_view step = path.substr(0, dot);
    if (!table->is_map()) return nullptr;
    const Map& m = table->as_map();
    auto it = m.find(step);
    if (it == m.end() || !it->second.is_map()) return nullptr;
    table = &it->second;
    if (dot == std::string_view::npos) return table;
    path = path.substr(dot + 1);
  }
}

const Value* path_value(const Value& values, std::string_view path) {
  if (path.empty()) return nullptr;
  auto dot = path.rfind('.');
  const Value* table = &values;
  std::string_view key = path;
  if (dot != std::string_view::npos) {
    table = table_at(values, path.substr(0, dot));
    if (!table) return nullptr;
    key = path.substr(dot + 1);
  }
  if (!table->is_map()) return nullptr;
  const Map& m = table->as_map();
  auto it = m.find(key);
  if (it == m.end() || it->second.is_map()) return nullptr;
  return &it->second;
}

}  // namespace render::chart
