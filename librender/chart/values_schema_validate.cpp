// Validating values against a compiled schema; errors shaped and worded as jsonschema v6 does.
#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "chart/values_schema_formats.hpp"
#include "chart/values_schema_node.hpp"
#include "render/go_quote.hpp"
#include "render/go_url.hpp"
#include "render/number_format.hpp"
#include "render/utf8.hpp"

namespace render::chart {
namespace schema_detail {

// jsonschema's quote(): Go's %q with every `\"` turned into `"` and every `'` into `\'`, the
// outer quotes replaced by single ones. Done as literally as that: a string ending in a backslash
// loses the backslash's escape (`%zz\` is quoted '%zz\').
std::string quote(std::string_view s) {
  std::string q = go_quote(s), r;
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (q[i] == '\\' && i + 1 < q.size() && q[i + 1] == '"') {
      r += '"';
      ++i;
    } else if (q[i] == '\'') {
      r += "\\'";
    } else {
      r += q[i];
    }
  }
  return "'" + r.substr(1, r.size() - 2) + "'";
}

namespace {

// What a successful validation evaluated, for unevaluatedProperties/unevaluatedItems.
struct Evaluated {
  std::set<std::string> properties;
  bool all_properties = false;
  std::size_t items = 0;
  bool all_items = false;

  void merge(const Evaluated& o) {
    properties.insert(o.properties.begin(), o.properties.end());
    all_properties = all_properties || o.all_properties;
    items = std::max(items, o.items);
    all_items = all_items || o.all_items;
  }
};

std::string join_quoted(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ", ";
    out += quote(s);
  }
  return out;
}

// Digits with a ',' every three from the right.
std::string group_digits(std::string_view digits) {
  std::string out;
  std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[i];
    std::size_t left = n - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out;
}

// golang.org/x/text's %d for the English locale: "70,000".
std::string localized_int(std::int64_t v) {
  std::uint64_t magnitude =
      v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
  std::string digits = std::to_string(magnitude);
  return (v < 0 ? "-" : "") + group_digits(digits);
}

// golang.org/x/text's %v for float64 in English: Go's shortest form, the integer part grouped,
// exponents written as "×10⁰⁶".
std::string localized_float(double v) {
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";  // (a schema number past float64's range)
  std::string s = format_go_v(v);
  std::string sign;
  if (!s.empty() && s[0] == '-') {
    sign = "-";
    s.erase(0, 1);
  }
  auto e = s.find('e');
  if (e != std::string::npos) {
    static const char* kSup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string out = sign + s.substr(0, e) + "×10";
    for (char c : s.substr(e + 1)) {
      if (c == '-')
        out += "⁻";
      else if (c >= '0' && c <= '9')
        out += kSup[c - '0'];
    }
    return out;
  }
  auto dot = s.find('.');
  std::string int_part = s.substr(0, dot);
  return sign + group_digits(int_part) + (dot == std::string::npos ? "" : s.substr(dot));
}

}  // namespace

bool is_integral(const Value& v) {
  if (v.is_integer()) return true;
  return v.is_float() && std::isfinite(v.as_float()) && v.as_float() == std::floor(v.as_float());
}

std::string number_text(const Decimal& d) {
  return localized_float(d.to_double());
}

namespace {

// fmt %v of a JSON value from the schema (enum/const display): numbers as written.
std::string display(const Literal& l) {
  const Value& v = l.value;
  if (auto it = l.numbers.find(""); v.is_number() && it != l.numbers.end()) return it->second;
  switch (v.kind()) {
    case Value::Kind::kString:
      return quote(v.as_string());
    case Value::Kind::kNil:
      return "<nil>";
    case Value::Kind::kBool:
      return v.as_bool() ? "true" : "false";
    case Value::Kind::kFloat:
      return format_go_v(v.as_float());
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
      return std::to_string(v.as_int());
    default:
      return "value";
  }
}

const char* json_type(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      return "null";
    case Value::Kind::kBool:
      return "boolean";
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
    case Value::Kind::kFloat:
      return "number";
    case Value::Kind::kString:
    case Value::Kind::kBytes:
      return "string";
    case Value::Kind::kList:
      return "array";
    default:
      return "object";
  }
}

// Where a value compared by json_equal is within a document whose numbers are kept as written.
struct Written {
  const JsonNumbers& numbers;
  std::string at;

  // The value's number: as written where it was, else by its shortest text.
  std::optional<Decimal> number(const Value& v) const {
    const auto it = numbers.find(at);
    return it != numbers.end() ? Decimal::parse(it->second) : Decimal::of(v);
  }
};

// Whether two JSON values are equal as the validator compares them: numbers by their exact
// value. A side with `Written` has its numbers as its document writes them (a schema's).
bool json_equal(const Value& a, const Value& b, Written* wa = nullptr, Written* wb = nullptr) {
  if (a.is_number() && b.is_number()) {
    auto da = wa != nullptr ? wa->number(a) : Decimal::of(a);
    auto db = wb != nullptr ? wb->number(b) : Decimal::of(b);
    return da && db && da->compare(*db) == 0;
  }
  // (The items or entries key() of both, for the written numbers' pointers.)
  auto equal_under = [&](const Value& x, const Value& y, auto key) {
    if (wa == nullptr && wb == nullptr) return json_equal(x, y);
    const std::size_t outer_a = wa != nullptr ? wa->at.size() : 0;
    const std::size_t outer_b = wb != nullptr ? wb->at.size() : 0;
    const std::string token = key();
    if (wa != nullptr) wa->at += "/" + token;
    if (wb != nullptr) wb->at += "/" + token;
    const bool equal = json_equal(x, y, wa, wb);
    if (wa != nullptr) wa->at.resize(outer_a);
    if (wb != nullptr) wb->at.resize(outer_b);
    return equal;
  };
  if (a.kind() != b.kind()) {
    bool sa = a.is_string() || a.is_bytes(), sb = b.is_string() || b.is_bytes();
    if (!(sa && sb)) return false;
  }
  switch (a.kind()) {
    case Value::Kind::kNil:
      return true;
    case Value::Kind::kBool:
      return a.as_bool() == b.as_bool();
    case Value::Kind::kString:
    case Value::Kind::kBytes:
      return a.as_string() == b.as_string();
    case Value::Kind::kList: {
      const List &x = a.as_list(), &y = b.as_list();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!equal_under(x[i], y[i], [i] { return std::to_string(i); })) return false;
      }
      return true;
    }
    case Value::Kind::kMap: {
      const Map &x = a.as_map(), &y = b.as_map();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first) return false;
        if (!equal_under(i->second, j->second, [&i] { return json_pointer_token(i->first); })) {
          return false;
        }
      }
      return true;
    }
    default:
      return false;
  }
}

// Whether the value equals a schema's enum item or const.
bool literal_equal(const Literal& l, const Value& v) {
  Written w{l.numbers, ""};
  return json_equal(l.value, v, &w);
}

}  // namespace

bool json_equal_as_written(const Value& a, const std::string& a_at, const Value& b,
                           const std::string& b_at, const JsonNumbers& numbers) {
  Written wa{numbers, a_at}, wb{numbers, b_at};
  return json_equal(a, b, &wa, &wb);
}

namespace {

std::size_t rune_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    next_code_point(s, i);
    ++n;
  }
  return n;
}

class Validator {
 public:
  // How a schema is reached from the one applying it: for one of the value's items or
  // properties (or its property names), for the value itself (allOf, not, if...), or by $ref.
  enum class Step { kItem, kSame, kRef };

  std::optional<SchemaError> validate(const Node& n, const Value& v, const std::string& at,
                                      Evaluated& ev, Step step = Step::kItem) {
    if (scopes_.size() >= 200) {
      return SchemaError{
          SchemaError::Kind::kLeaf, at, "schema recursion deeper than 200 levels", {}};
    }
    const std::size_t value =
        scopes_.empty() ? 0 : scopes_.back().value + (step == Step::kItem ? 1 : 0);
    scopes_.push_back(Scope{&n, value, step == Step::kRef});
    std::optional<SchemaError> r = run(n, v, at, ev);
    scopes_.pop_back();
    return r;
  }

 private:
  // A schema being applied now: the validator's scope. Every item or property validated gets
  // a number of its own; the schemas applied to one value, one after another (by the
  // applicators and $ref), share it.
  struct Scope {
    const Node* node;
    std::size_t value;
    bool by_ref;
  };

  // The library's cycle check: the schema applied now was already being applied to this value
  // further out (one $ref after another came back to it). Its message names both places by the
  // keywords that led there from the root ("/properties/a/$ref") and the schema by its URL.
  std::optional<SchemaError> cycle(const std::string& at) const {
    const Scope& now = scopes_.back();
    for (std::size_t i = scopes_.size() - 1; i-- > 0 && scopes_[i].value == now.value;) {
      if (scopes_[i].node != now.node) continue;
      std::string url = kSchemaUrl;
      url += '#';
      url += location(*now.node);
      return leaf(at, "both " + keyword_location(scopes_.size() - 1) + " and " +
                          keyword_location(i) + " resolve to " + go_quote(url) +
                          " causing reference cycle");
    }
    return std::nullopt;
  }

  static std::string location(const Node& n) { return url_fragment(n.pointer); }

  // The keywords that led from the root to scopes_[i]: "/$ref" for a $ref, else where the
  // schema is under the one before.
  std::string keyword_location(std::size_t i) const {
    std::string out;
    for (; i > 0; --i) {
      if (scopes_[i].by_ref) {
        out.insert(0, "/$ref");
      } else {
        const std::string inner = location(*scopes_[i].node);
        out.insert(0, inner.substr(std::min(inner.size(), location(*scopes_[i - 1].node).size())));
      }
    }
    return out;
  }

  std::optional<SchemaError> run(const Node& n, const Value& v, const std::string& at,
                                 Evaluated& ev) {
    if (n.boolean) {
      if (*n.boolean) return std::nullopt;
      return leaf(at, "false schema");
    }
    if (auto e = cycle(at)) return e;
    std::vector<SchemaError> errors;
    auto check_ref = [&] {
      Evaluated sub;
      if (auto e = reference(validate(*n.ref, v, at, sub, Step::kRef), at)) {
        errors.push_back(std::move(*e));
      } else {
        ev.merge(sub);
      }
    };
    auto const_failed = [&]() -> std::optional<SchemaError> {
      if (!n.const_value || literal_equal(*n.const_value, v)) return std::nullopt;
      const Value& c = n.const_value->value;
      return leaf(at, c.is_list() || c.is_map() ? "'const' failed"
                                                : "value must be " + display(*n.const_value));
    };
    if (n.ref && n.ref_overrides_siblings) {
      if (auto e = const_failed()) return e;
      check_ref();
      return combine(std::move(errors), at);
    }
    // The library's order: type, const, enum and format each end the check at once when they
    // fail (the value's other keywords are not looked at); then $ref, the keywords of the
    // value's type, the applicators.
    check_type(n, v, at, errors);
    if (!errors.empty()) return combine(std::move(errors), at);
    if (auto e = const_failed()) return e;
    if (n.enum_values) {
      bool found = std::any_of(n.enum_values->begin(), n.enum_values->end(),
                               [&](const Literal& e) { return literal_equal(e, v); });
      if (!found) return leaf(at, enum_message(*n.enum_values));
    }
    if (!n.format.empty() && v.is_string()) {
      if (auto problem = format_problem(n.format, v.as_string())) return leaf(at, *problem);
    }
    if (n.ref) check_ref();
    if (v.is_number()) check_number(n, v, at, errors);
    if (v.is_string()) check_string(n, v.as_string(), at, errors);
    if (v.is_map()) check_object(n, v, at, errors, ev);
    if (v.is_list()) check_array(n, v, at, errors, ev);
    check_applicators(n, v, at, errors, ev);
    if (v.is_map() && n.unevaluated_properties) {
      for (const auto& [k, item] : v.as_map()) {
        if (ev.all_properties || ev.properties.count(k)) continue;
        Evaluated sub;
        if (auto e =
                validate(*n.unevaluated_properties, item, at + "/" + json_pointer_token(k), sub)) {
          errors.push_back(std::move(*e));
        }
      }
      ev.all_properties = true;
    }
    if (v.is_list() && n.unevaluated_items) {
      const List& items = v.as_list();
      if (!ev.all_items) {
        for (std::size_t i = ev.items; i < items.size(); ++i) {
          Evaluated sub;
          if (auto e =
                  validate(*n.unevaluated_items, items[i], at + "/" + std::to_string(i), sub)) {
            errors.push_back(std::move(*e));
          }
        }
      }
      ev.all_items = true;
    }
    return combine(std::move(errors), at);
  }

  static std::string enum_message(const std::vector<Literal>& want) {
    bool primitive = std::none_of(want.begin(), want.end(), [](const Literal& w) {
      return w.value.is_list() || w.value.is_map();
    });
    if (!primitive) return "'enum' failed";
    if (want.size() == 1) return "value must be " + display(want[0]);
    std::string out = "value must be one of ";
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (i) out += ", ";
      out += display(want[i]);
    }
    return out;
  }

  static void check_type(const Node& n, const Value& v, const std::string& at,
                         std::vector<SchemaError>& errors) {
    if (n.types.empty()) return;
    std::string got = json_type(v);
    for (const auto& t : n.types) {
      if (t == got || (t == "integer" && v.is_number() && is_integral(v))) return;
    }
    // The validator keeps a schema's types as a set and names them in its own order.
    static constexpr std::array<std::string_view, 7> kOrder = {
        "null", "boolean", "number", "integer", "string", "array", "object"};
    std::string w;
    for (std::string_view t : kOrder) {
      if (std::find(n.types.begin(), n.types.end(), t) == n.types.end()) continue;
      w += (w.empty() ? "" : " or ") + std::string(t);
    }
    errors.push_back(leaf(at, "got " + got + ", want " + w));
  }

  static void check_number(const Node& n, const Value& v, const std::string& at,
                           std::vector<SchemaError>& errors) {
    auto d = Decimal::of(v);
    if (!d) return;
    std::string got = localized_float(d->to_double());
    if (n.minimum) {
      int c = d->compare(*n.minimum);
      if (n.draft4_exclusive_minimum ? c <= 0 : c < 0) {
        errors.push_back(
            leaf(at, std::string(n.draft4_exclusive_minimum ? "exclusiveMinimum" : "minimum") +
                         ": got " + got + ", want " + number_text(*n.minimum)));
      }
    }
    if (n.maximum) {
      int c = d->compare(*n.maximum);
      if (n.draft4_exclusive_maximum ? c >= 0 : c > 0) {
        errors.push_back(
            leaf(at, std::string(n.draft4_exclusive_maximum ? "exclusiveMaximum" : "maximum") +
                         ": got " + got + ", want " + number_text(*n.maximum)));
      }
    }
    if (n.exclusive_minimum && d->compare(*n.exclusive_minimum) <= 0) {
      errors.push_back(
          leaf(at, "exclusiveMinimum: got " + got + ", want " + number_text(*n.exclusive_minimum)));
    }
    if (n.exclusive_maximum && d->compare(*n.exclusive_maximum) >= 0) {
      errors.push_back(
          leaf(at, "exclusiveMaximum: got " + got + ", want " + number_text(*n.exclusive_maximum)));
    }
    if (n.multiple_of && !d->multiple_of(*n.multiple_of)) {
      errors.push_back(
          leaf(at, "multipleOf: got " + got + ", want " + number_text(*n.multiple_of)));
    }
  }

  static void check_string(const Node& n, const std::string& s, const std::string& at,
                           std::vector<SchemaError>& errors) {
    if (n.min_length || n.max_length) {
      auto len = static_cast<std::int64_t>(rune_count(s));
      if (n.min_length && len < *n.min_length) {
        errors.push_back(leaf(
            at, "minLength: got " + localized_int(len) + ", want " + localized_int(*n.min_length)));
      }
      if (n.max_length && len > *n.max_length) {
        errors.push_back(leaf(
            at, "maxLength: got " + localized_int(len) + ", want " + localized_int(*n.max_length)));
      }
    }
    if (n.pattern && !n.pattern->re.match(s)) {
      errors.push_back(leaf(at, quote(s) + " does not match pattern " + quote(n.pattern->source)));
    }
  }

  void check_object(const Node& n, const Value& v, const std::string& at,
                    std::vector<SchemaError>& errors, Evaluated& ev) {
    const Map& m = v.as_map();
    auto size = static_cast<std::int64_t>(m.size());
    if (n.min_properties && size < *n.min_properties) {
      errors.push_back(leaf(at, "minProperties: got " + localized_int(size) + ", want " +
                                    localized_int(*n.min_properties)));
    }
    if (n.max_properties && size > *n.max_properties) {
      errors.push_back(leaf(at, "maxProperties: got " + localized_int(size) + ", want " +
                                    localized_int(*n.max_properties)));
    }
    std::vector<std::string> missing;
    for (const auto& r : n.required) {
      if (!m.count(r)) missing.push_back(r);
    }
    if (!missing.empty()) {
      errors.push_back(leaf(at, missing.size() == 1
                                    ? "missing property " + quote(missing[0])
                                    : "missing properties " + join_quoted(missing)));
    }
    for (const auto& [prop, deps] : n.dependent_required) {
      if (!m.count(prop)) continue;
      std::vector<std::string> absent;
      for (const auto& d : deps) {
        if (!m.count(d)) absent.push_back(d);
      }
      if (!absent.empty()) {
        errors.push_back(leaf(
            at, "properties " + join_quoted(absent) + " required, if " + quote(prop) + " exists"));
      }
    }
    std::vector<std::string> additional;
    for (const auto& [key, item] : m) {
      std::string child = at + "/" + json_pointer_token(key);
      bool matched = false;
      for (const auto& [name, schema] : n.properties) {
        if (name != key) continue;
        matched = true;
        Evaluated sub;
        if (auto e = validate(*schema, item, child, sub)) errors.push_back(std::move(*e));
      }
      for (const auto& [pattern, schema] : n.pattern_properties) {
        if (!pattern.re.match(key)) continue;
        matched = true;
        Evaluated sub;
        if (auto e = validate(*schema, item, child, sub)) errors.push_back(std::move(*e));
      }
      if (matched) {
        ev.properties.insert(key);
        continue;
      }
      if (n.additional_properties) {
        ev.properties.insert(key);
        if (n.additional_properties->boolean && !*n.additional_properties->boolean) {
          additional.push_back(key);
          continue;
        }
        Evaluated sub;
        if (auto e = validate(*n.additional_properties, item, child, sub))
          errors.push_back(std::move(*e));
      }
    }
    if (!additional.empty()) {
      errors.push_back(
          leaf(at, "additional properties " + join_quoted(additional) + " not allowed"));
    }
    if (n.property_names) {
      for (const auto& [key, item] : m) {
        Evaluated sub;
        if (auto e = invalid_property_name(validate(*n.property_names, Value::string(key), "", sub),
                                           key)) {
          errors.push_back(std::move(*e));
        }
      }
    }
    for (const auto& [prop, schema] : n.dependent_schemas) {
      if (!m.count(prop)) continue;
      Evaluated sub;
      if (auto e = validate(*schema, v, at, sub, Step::kSame))
        errors.push_back(std::move(*e));
      else
        ev.merge(sub);
    }
  }

  void check_array(const Node& n, const Value& v, const std::string& at,
                   std::vector<SchemaError>& errors, Evaluated& ev) {
    const List& items = v.as_list();
    auto size = static_cast<std::int64_t>(items.size());
    if (n.min_items && size < *n.min_items) {
      errors.push_back(leaf(
          at, "minItems: got " + localized_int(size) + ", want " + localized_int(*n.min_items)));
    }
    if (n.max_items && size > *n.max_items) {
      errors.push_back(leaf(
          at, "maxItems: got " + localized_int(size) + ", want " + localized_int(*n.max_items)));
    }
    if (n.unique_items) {
      bool done = false;
      for (std::size_t i = 1; i < items.size() && !done; ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (json_equal(items[i], items[j])) {
            errors.push_back(leaf(
                at, "items at " + std::to_string(j) + " and " + std::to_string(i) + " are equal"));
            done = true;
            break;
          }
        }
      }
    }
    std::size_t prefix = std::min(n.prefix_items.size(), items.size());
    for (std::size_t i = 0; i < prefix; ++i) {
      Evaluated sub;
      if (auto e = validate(*n.prefix_items[i], items[i], at + "/" + std::to_string(i), sub)) {
        errors.push_back(std::move(*e));
      }
    }
    ev.items = std::max(ev.items, prefix);
    if (n.items) {
      for (std::size_t i = n.prefix_items.size(); i < items.size(); ++i) {
        std::size_t shown = n.items_after_prefix_relative ? i - n.prefix_items.size() : i;
        Evaluated sub;
        if (auto e = validate(*n.items, items[i], at + "/" + std::to_string(shown), sub)) {
          errors.push_back(std::move(*e));
        }
      }
      ev.all_items = true;
    } else if (n.additional_items && items.size() > n.prefix_items.size()) {
      if (n.additional_items->boolean && !*n.additional_items->boolean) {
        errors.push_back(leaf(
            at, "last " +
                    localized_int(static_cast<std::int64_t>(items.size() - n.prefix_items.size())) +
                    " additionalItem(s) not allowed"));
      } else {
        for (std::size_t i = n.prefix_items.size(); i < items.size(); ++i) {
          Evaluated sub;
          if (auto e = validate(*n.additional_items, items[i], at + "/" + std::to_string(i), sub)) {
            errors.push_back(std::move(*e));
          }
        }
      }
      ev.all_items = true;
    }
    if (n.contains) {
      std::vector<SchemaError> misses;
      std::vector<std::size_t> matched;
      for (std::size_t i = 0; i < items.size(); ++i) {
        Evaluated sub;
        if (auto e = validate(*n.contains, items[i], at + "/" + std::to_string(i), sub)) {
          misses.push_back(std::move(*e));
        } else {
          matched.push_back(i);
        }
      }
      std::int64_t min = n.min_contains.value_or(1);
      auto got = static_cast<std::int64_t>(matched.size());
      auto positions = [&] {
        std::string s;
        for (std::size_t k = 0; k < matched.size(); ++k)
          s += (k ? " " : "") + std::to_string(matched[k]);
        return s;
      };
      if (matched.empty() && min > 0 && !n.min_contains) {
        errors.push_back(SchemaError{SchemaError::Kind::kLeaf, at, "no items match contains schema",
                                     std::move(misses)});
      } else if (got < min) {
        // With the items that did not match as its causes.
        errors.push_back(SchemaError{
            SchemaError::Kind::kLeaf, at,
            matched.empty() ? "min " + localized_int(min) +
                                  " items required to match contains schema, but none matched"
                            : "min " + localized_int(min) +
                                  " items required to match contains schema, but matched " +
                                  localized_int(got) + " items at " + positions(),
            std::move(misses)});
      }
      if (n.max_contains && got > *n.max_contains) {
        errors.push_back(leaf(at, "max " + localized_int(*n.max_contains) +
                                      " items required to match contains schema, but matched " +
                                      localized_int(got) + " items at " + positions()));
      }
    }
  }

  // In the library's order: not, allOf, anyOf, oneOf, if/then/else.
  void check_applicators(const Node& n, const Value& v, const std::string& at,
                         std::vector<SchemaError>& errors, Evaluated& ev) {
    if (n.not_schema) {
      Evaluated sub;
      if (!validate(*n.not_schema, v, at, sub, Step::kSame))
        errors.push_back(leaf(at, "'not' failed"));
    }
    if (!n.all_of.empty()) {
      std::vector<SchemaError> failed;
      for (const Node* s : n.all_of) {
        Evaluated sub;
        if (auto e = validate(*s, v, at, sub, Step::kSame))
          failed.push_back(std::move(*e));
        else
          ev.merge(sub);
      }
      if (!failed.empty())
        errors.push_back(
            SchemaError{SchemaError::Kind::kLeaf, at, "'allOf' failed", std::move(failed)});
    }
    if (!n.any_of.empty()) {
      std::vector<SchemaError> failed;
      bool any = false;
      for (const Node* s : n.any_of) {
        Evaluated sub;
        if (auto e = validate(*s, v, at, sub, Step::kSame)) {
          failed.push_back(std::move(*e));
        } else {
          any = true;
          ev.merge(sub);
        }
      }
      if (!any)
        errors.push_back(
            SchemaError{SchemaError::Kind::kLeaf, at, "'anyOf' failed", std::move(failed)});
    }
    if (!n.one_of.empty()) {
      std::vector<SchemaError> failed;
      std::vector<std::size_t> matched;
      Evaluated first;
      for (std::size_t i = 0; i < n.one_of.size(); ++i) {
        Evaluated sub;
        if (auto e = validate(*n.one_of[i], v, at, sub, Step::kSame)) {
          failed.push_back(std::move(*e));
        } else {
          if (matched.empty()) first = sub;
          matched.push_back(i);
        }
      }
      if (matched.empty()) {
        errors.push_back(SchemaError{SchemaError::Kind::kLeaf, at, "'oneOf' failed, none matched",
                                     std::move(failed)});
      } else if (matched.size() > 1) {
        errors.push_back(leaf(at, "'oneOf' failed, subschemas " + std::to_string(matched[0]) +
                                      ", " + std::to_string(matched[1]) + " matched"));
      } else {
        ev.merge(first);
      }
    }
    if (n.if_schema) {
      Evaluated cond;
      if (!validate(*n.if_schema, v, at, cond, Step::kSame)) {
        ev.merge(cond);
        if (n.then_schema) {
          Evaluated sub;
          if (auto e = validate(*n.then_schema, v, at, sub, Step::kSame))
            errors.push_back(std::move(*e));
          else
            ev.merge(sub);
        }
      } else if (n.else_schema) {
        Evaluated sub;
        if (auto e = validate(*n.else_schema, v, at, sub, Step::kSame))
          errors.push_back(std::move(*e));
        else
          ev.merge(sub);
      }
    }
  }

  std::vector<Scope> scopes_;
};

}  // namespace

std::string url_fragment(std::string_view pointer) {
  std::string out;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);
    const std::size_t end = std::min(pointer.find('/'), pointer.size());
    out += '/';
    out += go_url_escape(pointer.substr(0, end), UrlEncoding::kPathSegment);
    pointer.remove_prefix(end);
  }
  return out;
}

SchemaError leaf(const std::string& at, std::string message) {
  return SchemaError{SchemaError::Kind::kLeaf, at, std::move(message), {}};
}

std::optional<SchemaError> combine(std::vector<SchemaError> errors, const std::string& at) {
  if (errors.empty()) return std::nullopt;
  if (errors.size() == 1) return std::move(errors.front());
  return SchemaError{SchemaError::Kind::kGroup, at, "validation failed", std::move(errors)};
}

namespace {

// `found` under an error of its own: a group's causes become that error's.
std::optional<SchemaError> wrapped(std::optional<SchemaError> found, SchemaError wrapper) {
  if (!found) return std::nullopt;
  if (found->kind == SchemaError::Kind::kGroup) {
    wrapper.causes = std::move(found->causes);
  } else {
    wrapper.causes.push_back(std::move(*found));
  }
  return wrapper;
}

}  // namespace

std::optional<SchemaError> reference(std::optional<SchemaError> found, const std::string& at) {
  return wrapped(std::move(found),
                 SchemaError{SchemaError::Kind::kReference, at, "validation failed", {}});
}

std::optional<SchemaError> invalid_property_name(std::optional<SchemaError> found,
                                                 const std::string& name) {
  return wrapped(
      std::move(found),
      SchemaError{SchemaError::Kind::kNamed, "", "invalid propertyName " + quote(name), {}});
}

std::optional<std::string> format_problem(std::string_view format, std::string_view s) {
  std::string why;
  if (format_ok(format, s, why)) return std::nullopt;
  return quote(s) + " is not valid " + std::string(format) + ": " + why;
}

namespace {

// A group or a $ref with one cause shows as that cause.
const SchemaError& shown(const SchemaError& e) {
  const SchemaError* cur = &e;
  while ((cur->kind == SchemaError::Kind::kGroup || cur->kind == SchemaError::Kind::kReference) &&
         cur->causes.size() == 1) {
    cur = &cur->causes.front();
  }
  return *cur;
}

// In the order the checks found them, which is the library's wherever its order is fixed (the
// errors of one value); the properties of an object come in key order here, in map order (which
// varies from run to run) in Helm.
void append_lines(const SchemaError& e, int depth, std::string& out) {
  const SchemaError& s = shown(e);
  if (!out.empty()) out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += "- at " + quote(s.at) + ": " + s.message;
  for (const SchemaError& c : s.causes) append_lines(c, depth + 1, out);
}

}  // namespace

std::string error_lines(const SchemaError& root) {
  std::string out;
  if (root.kind == SchemaError::Kind::kGroup) {
    for (const SchemaError& e : root.causes) append_lines(e, 0, out);
  } else {
    append_lines(root, 0, out);
  }
  return out;
}

}  // namespace schema_detail

std::string ValuesSchema::validate(const Value& values) const {
  using namespace schema_detail;
  if (!compiled_ || !compiled_->root) return "";
  Validator validator;
  Evaluated ev;
  auto error = validator.validate(*compiled_->root, values, "", ev);
  if (!error) return "";
  // The library wraps the root's errors in one of its own, whose causes are listed: the errors
  // of a group, else the one error (a $ref at the root that failed more than once shows as
  // "- at '': validation failed" with its causes under it).
  return error_lines(*error);
}

}  // namespace render::chart
