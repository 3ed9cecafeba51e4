#include "chart/dependencies.hpp"

#include <set>

#include "chart/coalesce.hpp"
#include "template/functions/semver.hpp"
#include "template/functions/value_text.hpp"

namespace render::chart {
namespace {

bool compatible(const Dependency& req, const Chart& sub) {
  return tmpl::compatible_range(req.version, sub.metadata.version);
}

void process_tags(std::vector<Dependency>& reqs, const Value& cvals) {
  const Value* tags = table_at(cvals, "tags");
  if (!tags) return;
  for (auto& r : reqs) {
    bool has_true = false, has_false = false;
    for (const auto& k : r.tags) {
      auto it = tags->as_map().find(k);
      if (it == tags->as_map().end() || !it->second.is_bool()) continue;
      (it->second.as_bool() ? has_true : has_false) = true;
    }
    if (!has_true && has_false) {
      r.enabled = false;
    } else {
      r.enabled = true;
    }
  }
}

void process_conditions(std::vector<Dependency>& reqs, const Value& cvals,
                        const std::string& path) {
  for (auto& r : reqs) {
    std::string condition = r.condition;
    // strings.TrimSpace, then split on ','
    auto first = condition.find_first_not_of(" \t\r\n\v\f");
    auto last = condition.find_last_not_of(" \t\r\n\v\f");
    condition = first == std::string::npos ? "" : condition.substr(first, last - first + 1);
    std::size_t start = 0;
    while (start <= condition.size()) {
      auto comma = condition.find(',', start);
      std::string c =
          condition.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!c.empty()) {
        const Value* v = path_value(cvals, path + c);
        if (v && v->is_bool()) {
          r.enabled = v->as_bool();
          break;
        }
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
}

void process_enabled(Chart& c, const Value& v, const std::string& path) {
  if (c.metadata.dependencies.empty()) return;
  std::vector<Chart> chosen;
  for (const auto& existing : c.dependencies) {
    bool listed = false;
    for (const auto& req : c.metadata.dependencies) {
      if (existing.metadata.name == req.name && compatible(req, existing)) listed = true;
    }
    if (!listed) chosen.push_back(existing);
  }
  for (auto& req : c.metadata.dependencies) {
    for (const auto& existing : c.dependencies) {
      if (existing.metadata.name != req.name || !compatible(req, existing)) continue;
      Chart copy = existing;
      if (!req.alias.empty()) copy.metadata.name = req.alias;
      chosen.push_back(std::move(copy));
      break;
    }
    if (!req.alias.empty()) req.name = req.alias;
  }
  c.dependencies = std::move(chosen);
  for (auto& req : c.metadata.dependencies) req.enabled = true;

  Value cvals = coalesce_values(c, v);
  process_tags(c.metadata.dependencies, cvals);
  process_conditions(c.metadata.dependencies, cvals, path);

  std::set<std::string> removed;
  for (const auto& r : c.metadata.dependencies) {
    if (!r.enabled) removed.insert(r.name);
  }
  std::vector<Chart> kept;
  for (auto& d : c.dependencies) {
    if (!removed.count(d.metadata.name)) kept.push_back(std::move(d));
  }
  std::vector<Dependency> kept_meta;
  for (auto& r : c.metadata.dependencies) {
    if (!removed.count(r.name)) kept_meta.push_back(std::move(r));
  }
  for (auto& t : kept) process_enabled(t, cvals, path + t.metadata.name + ".");
  c.metadata.dependencies = std::move(kept_meta);
  c.dependencies = std::move(kept);
}

// pathToMap: {a: {b: data}} for "a.b"; the data itself for ".".
Value path_to_map(const std::string& path, const Value& data) {
  if (path == ".") return data;
  std::vector<std::string> steps;
  std::size_t start = 0;
  for (;;) {
    auto dot = path.find('.', start);
    steps.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  Value cur = data;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    Map m;
    m[*it] = cur;
    cur = Value::map(std::move(m));
  }
  return cur;
}

// fmt.Sprintf("%v", m[key]): a missing entry is "<nil>", a number or a list its Go text.
std::string print_entry(const Value& m, const char* key) {
  auto it = m.as_map().find(key);
  return tmpl::print_value(it == m.as_map().end() ? Value() : it->second);
}

void process_imports(Chart& c) {
  if (c.metadata.dependencies.empty()) return;
  Value cvals = merge_values(c, Value::map());
  Value b = Value::map();
  for (auto& r : c.metadata.dependencies) {
    List out;
    if (r.import_values.is_list()) {
      for (const auto& riv : r.import_values.as_list()) {
        std::string child, parent;
        if (riv.is_map()) {
          child = print_entry(riv, "child");
          parent = print_entry(riv, "parent");
        } else if (riv.is_string()) {
          child = "exports.";
          child += riv.as_string();
          parent = ".";
        } else {
          continue;
        }
        Map entry;
        entry["child"] = Value::string(child);
        entry["parent"] = Value::string(parent);
        out.push_back(Value::map(std::move(entry)));
        std::string table_path = r.name;
        table_path += '.';
        table_path += child;
        const Value* table = table_at(cvals, table_path);
        if (!table) continue;  // "ImportValues missing table from chart"
        // A copy, as Helm coalesces copies of the charts' values: merging below writes the
        // parent's nulls into it, which must not reach the subchart's own values.
        Value copy = table->deep_copy();
        Value imported = riv.is_map() ? path_to_map(parent, copy) : copy;
        coalesce_tables(b, imported, true);
      }
    }
    r.import_values = Value::list(std::move(out));
  }
  coalesce_tables(cvals, b, true);
  c.values = cvals;
}

void process_import_values(Chart& c) {
  for (auto& d : c.dependencies) process_import_values(d);
  process_imports(c);
}

}  // namespace

void process_dependencies(Chart& chart, const Value& user_values) {
  process_enabled(chart, user_values, "");
  process_import_values(chart);
}

}  // namespace render::chart
