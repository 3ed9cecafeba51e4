// Compiling values.schema.json into schema_detail::Node trees.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "chart/json_value.hpp"
#include "chart/values_schema_node.hpp"
#include "render/go_quote.hpp"
#include "render/go_url.hpp"
#include "render/number_format.hpp"

namespace render::chart {
namespace schema_detail {
namespace {

struct CompileError {
  std::string message;
};

[[noreturn]] void refuse(std::string message) {
  throw CompileError{std::move(message)};
}

// A reference or an identifier as Helm's schema library reads it: split at its first '#', the
// fragment after it percent-decoded (url.PathUnescape). nullopt, with Go's error, for a bad escape.
struct SplitUrl {
  std::string_view url;  // before the '#' (all of it without one)
  std::string fragment;  // decoded
};
std::optional<SplitUrl> split_url(std::string_view text, std::string& error) {
  const std::size_t hash = std::min(text.find('#'), text.size());
  SplitUrl out{text.substr(0, hash), {}};
  auto fragment =
      go_url_unescape(text.substr(std::min(hash + 1, text.size())), UrlEncoding::kFragment, error);
  if (!fragment) return std::nullopt;
  out.fragment = std::move(*fragment);
  return out;
}

// The validator's name for the JSON type of a decoded value.
std::string json_type(const Value& v) {
  if (v.is_nil()) return "null";
  if (v.is_bool()) return "boolean";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_list()) return "array";
  return "object";
}

using MetaErrors = std::vector<SchemaError>;

SchemaError wrong_type(const std::string& at, const Value& v, const char* want) {
  return leaf(at, "got " + json_type(v) + ", want " + want);
}

// anyOf over alternatives that all failed (each is a $ref in these metaschemas).
SchemaError any_of(const std::string& at, MetaErrors alternatives) {
  return SchemaError{SchemaError::Kind::kLeaf, at, "'anyOf' failed", std::move(alternatives)};
}

// Checks a schema document against its draft's metaschema, keyword by keyword as the
// metaschema checks it: the schemas where it wants one (in draft 04 a schema is an object: no
// `true` or `false`), exclusiveMinimum and exclusiveMaximum (draft 04: booleans that need minimum
// and maximum; later: numbers), minimum and maximum, the `enum` (before 2019-09), `required`,
// `dependentRequired` and `type` lists (not empty where the draft says so, no item twice), the
// counts (integers from 0), `multipleOf` above 0, `pattern` and (from draft 07) the names of
// `patternProperties` as Go regular expressions, the references and `$id` as URI references
// (not in draft 04), the anchors' names, `$vocabulary`, and the kind of `format` and the
// annotations the draft has. From 2019-09 the metaschema is an
// allOf of vocabularies, each a $ref: a schema's errors come under "'allOf' failed", one cause
// per vocabulary that failed, beside those of the root metaschema's own `definitions` and
// `dependencies`. The compiler refuses the rest in its own words.
class Metaschema {
 public:
  Metaschema(Draft draft, const JsonNumbers& numbers) : draft_(draft), numbers_(numbers) {}

  // The metaschema's root schema applied to the value at `at`.
  std::optional<SchemaError> schema(const Value& v, const std::string& at) const {
    if (v.is_bool() && !draft4()) return std::nullopt;
    if (!v.is_map()) return wrong_type(at, v, draft4() ? "object" : "boolean or object");
    const Map& m = v.as_map();
    MetaErrors errors;
    if (draft4()) {
      static constexpr std::array<std::pair<const char*, const char*>, 2> kBounds = {
          {{"minimum", "exclusiveMinimum"}, {"maximum", "exclusiveMaximum"}}};
      for (const auto& [bound, exclusive] : kBounds) {
        if (m.find(exclusive) != m.end() && m.find(bound) == m.end()) {
          errors.push_back(leaf(at, "properties '" + std::string(bound) + "' required, if '" +
                                        exclusive + "' exists"));
        }
      }
    }
    // core, applicator, unevaluated, validation, meta-data, format, content
    std::array<MetaErrors, 7> vocabularies;
    for (const auto& [key, value] : m) {
      auto e = keyword(key, value, at + "/" + json_pointer_token(key));
      if (!e) continue;
      const int in = legacy() ? -1 : vocabulary(key);
      (in < 0 ? errors : vocabularies[static_cast<std::size_t>(in)]).push_back(std::move(*e));
    }
    MetaErrors failed;
    for (MetaErrors& found : vocabularies) {
      if (found.empty()) continue;
      failed.push_back(*reference(combine(std::move(found), at), at));
    }
    if (!failed.empty()) {
      errors.insert(errors.begin(),
                    SchemaError{SchemaError::Kind::kLeaf, at, "'allOf' failed", std::move(failed)});
    }
    return combine(std::move(errors), at);
  }

 private:
  bool draft4() const { return draft_ == Draft::k4; }
  bool legacy() const { return !since_2019(draft_); }

  // The vocabulary (2019-09, 2020-12) whose metaschema checks `key`: 0 core, 1 applicator,
  // 2 unevaluated (2020-12; applicator in 2019-09), 3 validation, 4 meta-data, 5 format,
  // 6 content; -1 for the root metaschema's own keywords and the rest.
  int vocabulary(const std::string& key) const {
    static const std::set<std::string> kApplicator = {"properties",
                                                      "patternProperties",
                                                      "dependentSchemas",
                                                      "prefixItems",
                                                      "items",
                                                      "additionalItems",
                                                      "contains",
                                                      "additionalProperties",
                                                      "propertyNames",
                                                      "if",
                                                      "then",
                                                      "else",
                                                      "allOf",
                                                      "anyOf",
                                                      "oneOf",
                                                      "not"};
    static const std::set<std::string> kValidation = {"multipleOf",
                                                      "minimum",
                                                      "maximum",
                                                      "exclusiveMinimum",
                                                      "exclusiveMaximum",
                                                      "required",
                                                      "dependentRequired",
                                                      "enum",
                                                      "type",
                                                      "minLength",
                                                      "maxLength",
                                                      "minItems",
                                                      "maxItems",
                                                      "minProperties",
                                                      "maxProperties",
                                                      "minContains",
                                                      "maxContains",
                                                      "pattern",
                                                      "uniqueItems"};
    static const std::set<std::string> kCore = {
        "$defs",      "$ref",           "$id",         "$schema",       "$anchor",
        "$comment",   "$dynamicAnchor", "$dynamicRef", "$recursiveRef", "$recursiveAnchor",
        "$vocabulary"};
    static const std::set<std::string> kMetaData = {
        "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples"};
    if (kCore.count(key)) return 0;
    if (kMetaData.count(key)) return 4;
    if (key == "format") return 5;
    if (key == "contentEncoding" || key == "contentMediaType" || key == "contentSchema") return 6;
    if (kApplicator.count(key)) return 1;
    if (key == "unevaluatedItems" || key == "unevaluatedProperties") {
      return draft_ == Draft::k2019 ? 1 : 2;
    }
    if (kValidation.count(key)) return 3;
    return -1;
  }

  // The schemas of an object's entries (properties, definitions...), each behind a $ref.
  std::optional<SchemaError> schema_map(const Value& v, const std::string& at) const {
    if (!v.is_map()) return wrong_type(at, v, "object");
    MetaErrors errors;
    for (const auto& [name, sub] : v.as_map()) {
      const std::string here = at + "/" + json_pointer_token(name);
      if (auto e = reference(schema(sub, here), here)) errors.push_back(std::move(*e));
    }
    return combine(std::move(errors), at);
  }

  // The names of an object's entries checked by the metaschema's propertyNames (a format):
  // each one that fails is an "invalid propertyName" whose cause is placed at '', as the
  // validator places them.
  static void property_names(const Map& m, const char* format, MetaErrors& errors) {
    for (const auto& [name, unused] : m) {
      if (auto problem = format_problem(format, name)) {
        errors.push_back(*invalid_property_name(leaf("", *problem), name));
      }
    }
  }

  // A string of `format` matching `pattern` (either may be null). Where the format is checked
  // in a schema the pattern's $ref names (2020-12's $id: `by_reference`), both are checked, and
  // the two failures come grouped at the object the string is in; else a format that fails is
  // all that is said.
  static std::optional<SchemaError> formatted(const Value& v, const std::string& at,
                                              const char* format, const char* pattern,
                                              bool by_reference = false) {
    if (!v.is_string()) return wrong_type(at, v, "string");
    const std::string& s = v.as_string();
    MetaErrors errors;
    if (format != nullptr) {
      if (auto problem = format_problem(format, s)) {
        errors.push_back(leaf(at, *problem));
        if (!by_reference) return std::move(errors.front());
      }
    }
    if (pattern != nullptr && !tmpl::GoRegexp(pattern).match(s)) {
      errors.push_back(leaf(at, quote(s) + " does not match pattern " + quote(pattern)));
    }
    return combine(std::move(errors), at.substr(0, at.rfind('/')));
  }

  // The metaschema's subschema for the keyword `key`, applied to its value at `at`.
  std::optional<SchemaError> keyword(const std::string& key, const Value& v,
                                     const std::string& at) const {
    const bool since2019 = !legacy();
    if (key == "patternProperties" && draft_ != Draft::k4 && draft_ != Draft::k6) {
      // (Before draft 07 the names are the compiler's to refuse, in the library's words.)
      if (!v.is_map()) return wrong_type(at, v, "object");
      MetaErrors errors;
      if (auto e = schema_map(v, at)) errors.push_back(std::move(*e));
      property_names(v.as_map(), "regex", errors);
      return combine(std::move(errors), at);
    }
    if (key == "properties" || key == "patternProperties" || key == "definitions" ||
        (since2019 && (key == "$defs" || key == "dependentSchemas"))) {
      return schema_map(v, at);
    }
    if (key == "$vocabulary" && since2019) {
      if (!v.is_map()) return wrong_type(at, v, "object");
      MetaErrors errors;
      for (const auto& [name, flag] : v.as_map()) {
        if (!flag.is_bool()) {
          errors.push_back(wrong_type(at + "/" + json_pointer_token(name), flag, "boolean"));
        }
      }
      property_names(v.as_map(), "uri", errors);
      return combine(std::move(errors), at);
    }
    if (key == "contentSchema" && since2019) return reference(schema(v, at), at);
    // The identifiers: URI references (not in draft 04), an $id without a fragment and the
    // anchors' names by the draft's patterns (from 2019-09).
    if (key == "$schema") return formatted(v, at, "uri", nullptr);
    if ((key == "$ref" || key == "$id") && !draft4()) {
      return formatted(v, at, "uri-reference", key == "$id" && since2019 ? "^[^#]*#?$" : nullptr,
                       key == "$id" && draft_ == Draft::k2020);
    }
    if ((key == "$recursiveRef" && draft_ == Draft::k2019) ||
        (key == "$dynamicRef" && draft_ == Draft::k2020)) {
      return formatted(v, at, "uri-reference", nullptr);
    }
    if ((key == "$anchor" && since2019) || (key == "$dynamicAnchor" && draft_ == Draft::k2020)) {
      return formatted(
          v, at, nullptr,
          draft_ == Draft::k2019 ? "^[A-Za-z][-A-Za-z0-9.:_]*$" : "^[A-Za-z_][-A-Za-z0-9._]*$");
    }
    if (key == "dependencies") {
      if (!v.is_map()) return wrong_type(at, v, "object");
      MetaErrors errors;
      for (const auto& [name, d] : v.as_map()) {
        const std::string here = at + "/" + json_pointer_token(name);
        auto as_schema = reference(schema(d, here), here);
        if (!as_schema) continue;
        auto as_strings = reference(strings(d, here), here);
        if (as_strings) {
          errors.push_back(any_of(here, {std::move(*as_schema), std::move(*as_strings)}));
        }
      }
      return combine(std::move(errors), at);
    }
    if (key == "dependentRequired" && since2019) {
      if (!v.is_map()) return wrong_type(at, v, "object");
      MetaErrors errors;
      for (const auto& [name, d] : v.as_map()) {
        if (auto e = reference(strings(d, at + "/" + json_pointer_token(name)),
                               at + "/" + json_pointer_token(name))) {
          errors.push_back(std::move(*e));
        }
      }
      return combine(std::move(errors), at);
    }
    if (key == "items" && draft_ != Draft::k2020) {
      auto as_schema = reference(schema(v, at), at);
      if (!as_schema) return std::nullopt;
      auto as_list = reference(schemas(v, at), at);
      if (!as_list) return std::nullopt;
      return any_of(at, {std::move(*as_schema), std::move(*as_list)});
    }
    if ((key == "additionalItems" || key == "additionalProperties") && draft4()) {
      if (v.is_bool()) return std::nullopt;
      auto as_schema = reference(schema(v, at), at);
      if (!as_schema) return std::nullopt;
      return any_of(at, {wrong_type(at, v, "boolean"), std::move(*as_schema)});
    }
    if (key == "not" || key == "additionalProperties" ||
        (key == "additionalItems" && draft_ != Draft::k2020) ||
        (!draft4() && (key == "contains" || key == "propertyNames")) ||
        ((draft_ == Draft::k7 || since2019) && (key == "if" || key == "then" || key == "else")) ||
        (since2019 && (key == "unevaluatedItems" || key == "unevaluatedProperties")) ||
        (draft_ == Draft::k2020 && key == "items")) {
      return reference(schema(v, at), at);
    }
    if (key == "allOf" || key == "anyOf" || key == "oneOf" ||
        (draft_ == Draft::k2020 && key == "prefixItems")) {
      return reference(schemas(v, at), at);
    }
    if (key == "exclusiveMinimum" || key == "exclusiveMaximum" || key == "minimum" ||
        key == "maximum") {
      const bool flag = draft4() && key.rfind("exclusive", 0) == 0;
      if (flag ? v.is_bool() : v.is_number()) return std::nullopt;
      return wrong_type(at, v, flag ? "boolean" : "number");
    }
    if (key == "enum" && legacy()) {
      if (!v.is_list()) return std::nullopt;  // (the compiler's refusal)
      if (v.as_list().empty()) return leaf(at, "minItems: got 0, want 1");
      return repeated(v.as_list(), at);
    }
    if (key == "required") return reference(strings(v, at), at);
    if (key == "minLength" || key == "maxLength" || key == "minItems" || key == "maxItems" ||
        key == "minProperties" || key == "maxProperties" ||
        (since2019 && (key == "minContains" || key == "maxContains"))) {
      auto e = count(v, at);
      // (Before 2019-09 the minimums are an allOf of the count and its default 0.)
      if (!e || since2019 || key.rfind("min", 0) != 0 || key == "minContains") return e;
      return SchemaError{SchemaError::Kind::kLeaf, at, "'allOf' failed", {std::move(*e)}};
    }
    if (key == "type") return type(v, at);
    if (key == "pattern") {
      if (!v.is_string()) return wrong_type(at, v, "string");
      tmpl::GoRegexp re(v.as_string());
      if (re.error().empty()) return std::nullopt;
      return leaf(at, quote(v.as_string()) + " is not valid regex: " + re.error());
    }
    // Annotations and identifiers: only their kind is checked, as far as the draft has them.
    if (annotation(key, "string") && !v.is_string()) return wrong_type(at, v, "string");
    if (annotation(key, "boolean") && !v.is_bool()) return wrong_type(at, v, "boolean");
    if (annotation(key, "array") && !v.is_list()) return wrong_type(at, v, "array");
    if (key == "multipleOf") {
      if (!v.is_number()) return wrong_type(at, v, "number");
      const auto written = numbers_.find(at);
      auto d = written != numbers_.end() ? Decimal::parse(written->second) : Decimal::of(v);
      if (d && d->compare(*Decimal::parse("0")) <= 0) {
        return leaf(at, "exclusiveMinimum: got " + number_text(*d) + ", want 0");
      }
    }
    return std::nullopt;
  }
  // Whether `key` is an annotation or identifier of the draft whose value is of kind `kind`.
  bool annotation(const std::string& key, std::string_view kind) const {
    const bool since7 = draft_ != Draft::k4 && draft_ != Draft::k6;
    const bool since2019 = !legacy();
    if (kind == "string") {
      return key == "$ref" || key == "format" || key == "$schema" || key == "title" ||
             key == "description" || key == (draft4() ? "id" : "$id") ||
             (since7 &&
              (key == "$comment" || key == "contentEncoding" || key == "contentMediaType")) ||
             (since2019 && key == "$anchor") || (draft_ == Draft::k2020 && key == "$dynamicAnchor");
    }
    if (kind == "boolean") {
      return key == "uniqueItems" || (since7 && (key == "readOnly" || key == "writeOnly")) ||
             (since2019 && key == "deprecated") ||
             (draft_ == Draft::k2019 && key == "$recursiveAnchor");
    }
    return since7 && key == "examples";
  }

  // The metaschema's nonNegativeInteger.
  static std::optional<SchemaError> count(const Value& v, const std::string& at) {
    if (!v.is_number() || !is_integral(v)) {
      return leaf(at, "got " + json_type(v) + ", want integer");
    }
    const auto d = Decimal::of(v);
    if (d && d->compare(*Decimal::parse("0")) < 0) {
      return leaf(at, "minimum: got " + number_text(*d) + ", want 0");
    }
    return std::nullopt;
  }

  // `type`: one of the simple types, or a list of them (at least one, none twice).
  std::optional<SchemaError> type(const Value& v, const std::string& at) const {
    static const std::set<std::string> kTypes = {"array",  "boolean", "integer", "null",
                                                 "number", "object",  "string"};
    static const std::string kOneOf =
        "value must be one of 'array', 'boolean', 'integer', 'null', 'number', 'object', 'string'";
    if (v.is_string() && kTypes.count(v.as_string())) return std::nullopt;
    MetaErrors as_list;
    if (!v.is_list()) {
      as_list.push_back(wrong_type(at, v, "array"));
    } else {
      const List& items = v.as_list();
      if (items.empty()) as_list.push_back(leaf(at, "minItems: got 0, want 1"));
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is_string() || !kTypes.count(items[i].as_string())) {
          as_list.push_back(leaf(at + "/" + std::to_string(i), kOneOf));
        }
      }
      if (auto twice = repeated(items, at)) as_list.push_back(std::move(*twice));
      if (as_list.empty()) return std::nullopt;
    }
    return any_of(at, {leaf(at, kOneOf), *combine(std::move(as_list), at)});
  }

  // The metaschema's schemaArray: at least one schema.
  std::optional<SchemaError> schemas(const Value& v, const std::string& at) const {
    if (!v.is_list()) return wrong_type(at, v, "array");
    if (v.as_list().empty()) return leaf(at, "minItems: got 0, want 1");
    MetaErrors errors;
    for (std::size_t i = 0; i < v.as_list().size(); ++i) {
      const std::string here = at + "/" + std::to_string(i);
      if (auto e = reference(schema(v.as_list()[i], here), here)) errors.push_back(std::move(*e));
    }
    return combine(std::move(errors), at);
  }

  // The metaschema's stringArray: strings, none twice (draft 04: at least one).
  std::optional<SchemaError> strings(const Value& v, const std::string& at) const {
    if (!v.is_list()) return wrong_type(at, v, "array");
    const List& items = v.as_list();
    MetaErrors errors;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_string()) {
        errors.push_back(wrong_type(at + "/" + std::to_string(i), items[i], "string"));
      }
    }
    if (draft4() && items.empty()) errors.push_back(leaf(at, "minItems: got 0, want 1"));
    if (auto twice = repeated(items, at)) errors.push_back(std::move(*twice));
    return combine(std::move(errors), at);
  }

  // The first item equal to an earlier one, as uniqueItems reports it.
  std::optional<SchemaError> repeated(const List& items, const std::string& at) const {
    for (std::size_t i = 1; i < items.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (json_equal_as_written(items[i], at + "/" + std::to_string(i), items[j],
                                  at + "/" + std::to_string(j), numbers_)) {
          return leaf(at,
                      "items at " + std::to_string(j) + " and " + std::to_string(i) + " are equal");
        }
      }
    }
    return std::nullopt;
  }

  Draft draft_;
  const JsonNumbers& numbers_;
};

// The first line of Helm's error for a schema (at `pointer`) its draft's metaschema refuses.
std::string metaschema_failed(const std::string& pointer, Draft draft) {
  const char* url = draft == Draft::k4      ? "http://json-schema.org/draft-04/schema#"
                    : draft == Draft::k6    ? "http://json-schema.org/draft-06/schema#"
                    : draft == Draft::k7    ? "http://json-schema.org/draft-07/schema#"
                    : draft == Draft::k2019 ? "https://json-schema.org/draft/2019-09/schema#"
                                            : "https://json-schema.org/draft/2020-12/schema#";
  return "\"" + std::string(kSchemaUrl) + "#" + url_fragment(pointer) +
         "\" is not valid against metaschema: jsonschema validation failed with '" + url + "'";
}

// Refuses a document its draft's metaschema refuses (see Metaschema), with the validator's list
// (siblings in key order, where Helm's order changes from run to run).
void check_metaschema(const Value& document, Draft draft, const JsonNumbers& numbers) {
  if (!document.is_map()) return;  // (refused as every draft refuses it)
  auto error = Metaschema(draft, numbers).schema(document, "");
  if (!error) return;
  refuse(metaschema_failed("", draft) + "\n" + error_lines(*error));
}

class Compiler {
 public:
  Compiler(const Value& document, const JsonNumbers& numbers, ValuesSchema::Compiled& out)
      : doc_(document), numbers_(numbers), out_(out) {
    draft_ = Draft::k2020;
    if (doc_.is_map()) {
      auto it = doc_.as_map().find("$schema");
      if (it != doc_.as_map().end() && it->second.is_string()) {
        draft_ = draft_named(it->second.as_string());
      }
    }
    // Resources and anchors first: a duplicate is reported before what the metaschema finds.
    resources_.push_back(Resource{kSchemaUrl, ""});
    if (doc_.is_map()) collect_resources(doc_, "", 0);
    check_metaschema(doc_, draft_, numbers_);
  }

  // Helm checks the whole document against the metaschema, also the definitions that no
  // reference reaches: so are they here, once the root is compiled.
  void check_unreferenced_definitions() {
    checking_only_ = true;
    while (!definitions_.empty()) {
      auto [schema, pointer] = definitions_.back();
      definitions_.pop_back();
      compile(*schema, pointer);
    }
  }

  const Node* compile(const Value& schema, const std::string& pointer) {
    if (auto it = by_pointer_.find(pointer); it != by_pointer_.end()) return it->second;
    auto node = std::make_unique<Node>();
    Node* n = node.get();
    n->pointer = pointer;
    out_.nodes.push_back(std::move(node));
    by_pointer_[pointer] = n;
    if (schema.is_bool()) {
      n->boolean = schema.as_bool();
      return n;
    }
    if (!schema.is_map()) {
      // A schema that is neither (the document, or what a $ref points to) fails the
      // metaschema's "type" and nothing else, checked as a document of its own.
      refuse(metaschema_failed(pointer, draft_) + "\n- at '': got " + json_type(schema) +
             (draft_ == Draft::k4 ? ", want object" : ", want boolean or object"));
    }
    fill(*n, schema.as_map(), pointer);
    return n;
  }

 private:
  const Node* sub(const Value& v, const std::string& pointer) { return compile(v, pointer); }

  std::optional<Decimal> number(const Map& m, const char* key, const std::string& pointer) {
    auto it = m.find(key);
    if (it == m.end()) return std::nullopt;
    const auto written = numbers_.find(pointer + "/" + key);
    auto d = it->second.is_number() && written != numbers_.end() ? Decimal::parse(written->second)
                                                                 : Decimal::of(it->second);
    if (!d) invalid(pointer + "/" + key, "number");
    return d;
  }

  // The value at `pointer` with its numbers as written.
  Literal literal(const Value& v, const std::string& pointer) const {
    Literal l{v, {}};
    for (auto it = numbers_.lower_bound(pointer);
         it != numbers_.end() && it->first.compare(0, pointer.size(), pointer) == 0; ++it) {
      std::string_view under = std::string_view(it->first).substr(pointer.size());
      if (under.empty() || under.front() == '/') l.numbers.emplace(under, it->second);
    }
    return l;
  }

  std::optional<std::int64_t> count(const Map& m, const char* key, const std::string& pointer) {
    auto it = m.find(key);
    if (it == m.end()) return std::nullopt;
    const Value& v = it->second;
    if (!v.is_number() ||
        (v.is_float() &&
         (v.as_float() < 0 ||
          v.as_float() != static_cast<double>(static_cast<std::int64_t>(v.as_float()))))) {
      invalid(pointer + "/" + key, "non-negative integer");
    }
    return v.is_float() ? static_cast<std::int64_t>(v.as_float()) : v.as_int();
  }

  [[noreturn]] void invalid(const std::string& at, const std::string& want) {
    const bool vowel = std::string_view("aeiou").find(want.front()) != std::string_view::npos;
    refuse("\"" + std::string(kSchemaUrl) + "#\" is not valid against metaschema: the value at '" +
           at + "' must be " + (vowel ? "an " : "a ") + want);
  }

  Pattern pattern(const std::string& source, const std::string& at) {
    Pattern p{source, tmpl::GoRegexp(source)};
    if (!p.re.error().empty()) {
      // (What the metaschema lets through: the names of patternProperties before draft 07.)
      refuse("invalid regex " + go_quote(source) + " at " +
             go_quote(std::string(kSchemaUrl) + "#" + url_fragment(at)) + ": " + p.re.error());
    }
    return p;
  }

  // A schema resource: the document, or a schema in it with an `$id` (draft 04: `id`) of its
  // own, by the URL that names it and where it is. A $ref's URL is resolved against the
  // innermost resource around it, its fragment within the resource it names.
  struct Resource {
    std::string url;             // without a fragment
    std::string pointer;         // "" for the document
    bool location_only = false;  // the file's URL, when the document has an $id of its own
  };
  // A plain-name fragment: `$anchor` (from 2019-09), or an `$id`/`id` that is only "#name".
  struct Anchor {
    std::size_t resource;
    std::string name, pointer;
  };

  // Finds the resources and anchors among the schemas under `schema` (at `pointer`, inside
  // resources_[resource]): where the keywords of every draft hold schemas.
  void collect_resources(const Value& schema, const std::string& pointer, std::size_t resource) {
    if (!schema.is_map()) return;
    const Map& m = schema.as_map();
    // (Before 2019-09 a $ref's siblings are not looked at, its `$id` among them.)
    auto id_at = m.find(draft_ == Draft::k4 ? "id" : "$id");
    if (id_at != m.end() && id_at->second.is_string() && (since2019() || !m.count("$ref"))) {
      const std::string& id = id_at->second.as_string();
      const std::size_t hash = std::min(id.find('#'), id.size());
      auto at = [&] { return go_quote(std::string(kSchemaUrl) + "#" + url_fragment(pointer)); };
      if (hash > 0) {
        GoUrl parsed;
        std::string error;
        if (!go_url_parse(std::string_view(id).substr(0, hash), parsed, error)) {
          refuse("error in parsing id at " + at());
        }
        const std::string url = resolve_url(resources_[resource].url, parsed);
        for (const Resource& r : resources_) {
          if (r.url == url && !r.location_only) {
            refuse("duplicate id " + go_quote(url) + " in " + go_quote(kSchemaUrl) + " at " +
                   go_quote(pointer) + " and " + go_quote(r.pointer));
          }
        }
        if (pointer.empty()) resources_[0].location_only = true;
        resources_.push_back(Resource{url, pointer});
        resource = resources_.size() - 1;
      }
      if (hash + 1 < id.size() && !since2019()) {
        std::string error;
        auto split = split_url(id, error);
        if (!split) refuse("error in parsing anchor at " + at());
        add_anchor(resource, split->fragment, pointer);
      }
    }
    for (const char* key : {"$anchor", "$dynamicAnchor"}) {
      if (!since2019() || (key[1] == 'd' && draft_ != Draft::k2020)) continue;
      if (auto it = m.find(key); it != m.end() && it->second.is_string()) {
        add_anchor(resource, it->second.as_string(), pointer);
      }
    }
    static const std::set<std::string> kOne = {"additionalItems",
                                               "additionalProperties",
                                               "contains",
                                               "contentSchema",
                                               "else",
                                               "if",
                                               "items",
                                               "not",
                                               "propertyNames",
                                               "then",
                                               "unevaluatedItems",
                                               "unevaluatedProperties"};
    static const std::set<std::string> kMany = {"allOf", "anyOf", "oneOf", "prefixItems", "items"};
    static const std::set<std::string> kNamed = {
        "$defs",     "definitions", "dependencies", "dependentSchemas", "patternProperties",
        "properties"};
    for (const auto& [key, value] : m) {
      const std::string here = pointer + "/" + json_pointer_token(key);
      if (kOne.count(key) && value.is_map()) collect_resources(value, here, resource);
      if (kMany.count(key) && value.is_list()) {
        for (std::size_t i = 0; i < value.as_list().size(); ++i) {
          collect_resources(value.as_list()[i], here + "/" + std::to_string(i), resource);
        }
      }
      if (kNamed.count(key) && value.is_map()) {
        for (const auto& [name, sub] : value.as_map()) {
          collect_resources(sub, here + "/" + json_pointer_token(name), resource);
        }
      }
    }
  }

  bool since2019() const { return since_2019(draft_); }

  // The draft a "$schema" names, as Helm's library reads it: the URL of one of the drafts'
  // metaschemas (http or https, or neither), without a fragment; "json-schema.org/schema" is the
  // latest draft. Before 2019-09 a fragment changes nothing (the draft's metaschema is loaded
  // from its URL, and its own "$schema" decides). Any other URL Helm loads as a metaschema:
  // over the network or from a file, which a render never does (refused); other schemes fail
  // in Helm with no loader for them, in its words.
  static Draft draft_named(const std::string& url) {
    const std::size_t hash = std::min(url.find('#'), url.size());
    const std::string_view loaded = std::string_view(url).substr(0, hash);
    GoUrl parsed;
    std::string error;
    if (!go_url_parse(loaded, parsed, error)) {
      refuse("invalid $schema in " + go_quote(std::string(kSchemaUrl) + "#") + ": " + error);
    }
    std::string_view u = loaded;
    const bool web = u.starts_with("http://") || u.starts_with("https://");
    if (web) u.remove_prefix(u.find("//") + 2);
    static constexpr std::pair<std::string_view, Draft> kDrafts[] = {
        {"json-schema.org/schema", Draft::k2020},
        {"json-schema.org/draft/2020-12/schema", Draft::k2020},
        {"json-schema.org/draft/2019-09/schema", Draft::k2019},
        {"json-schema.org/draft-07/schema", Draft::k7},
        {"json-schema.org/draft-06/schema", Draft::k6},
        {"json-schema.org/draft-04/schema", Draft::k4}};
    for (const auto& [name, draft] : kDrafts) {
      if (u != name) continue;
      if (hash == url.size() || hash + 1 == url.size()) return draft;
      if (web && !since_2019(draft)) return draft;
      refuse("values.schema.json's $schema " + go_quote(url) +
             " names a place in a metaschema, which gitops-render does not support: name the "
             "draft's metaschema (" +
             std::string(url.substr(0, hash)) + ")");
    }
    if (loaded == kSchemaUrl) refuse("draft " + go_quote(loaded) + " is not supported");
    const std::string& scheme = parsed.scheme;  // (in lower case, as url.Parse leaves it)
    if (scheme == "http" || scheme == "https" || scheme == "file" || scheme == "urn") {
      refuse("values.schema.json's $schema " + go_quote(url) +
             " is not a draft's metaschema; Helm would load it (from the network, a file or "
             "its URN resolver), which gitops-render never does: use one of json-schema.org's "
             "drafts 04, 06, 07, 2019-09 or 2020-12");
    }
    refuse("failing loading " + go_quote(loaded) + ": no URLLoader registered for " +
           go_quote(go_url_string(parsed)));
  }

  void add_anchor(std::size_t resource, const std::string& name, const std::string& pointer) {
    for (const Anchor& a : anchors_) {
      if (a.resource != resource || a.name != name) continue;
      if (a.pointer == pointer) return;  // ($anchor and $dynamicAnchor of one schema)
      refuse("duplicate anchor " + go_quote(name) + " in " + go_quote(kSchemaUrl) + " at " +
             go_quote(a.pointer) + " and " + go_quote(pointer));
    }
    anchors_.push_back(Anchor{resource, name, pointer});
  }

  // The URL `ref` (parsed, without a fragment) resolved against the resource URL `base`, as
  // Helm's validator joins them: url.ResolveReference, an opaque base keeping its opaque part
  // for a relative reference (which ResolveReference drops).
  static std::string resolve_url(const std::string& base, const GoUrl& ref) {
    GoUrl parsed;
    std::string error;
    if (!go_url_parse(base, parsed, error)) return base;  // (never: resource URLs are parsed)
    GoUrl resolved = go_url_resolve_reference(parsed, ref);
    if (ref.scheme.empty() && !parsed.opaque.empty()) resolved.opaque = parsed.opaque;
    return go_url_string(resolved);
  }

  // The innermost resource around the schema at `at` (the document's own `$id` before its
  // file's URL).
  std::size_t resource_of(const std::string& at) const {
    std::size_t best = 0;
    for (std::size_t i = 1; i < resources_.size(); ++i) {
      const std::string& p = resources_[i].pointer;
      if (p.size() >= resources_[best].pointer.size() && at.compare(0, p.size(), p) == 0 &&
          (at.size() == p.size() || at[p.size()] == '/')) {
        best = i;
      }
    }
    return best;
  }

  const Node* resolve_ref(const std::string& ref, const std::string& at) {
    std::string error;
    std::optional<SplitUrl> split = split_url(ref, error);
    if (!split) refuse("error in parsing " + go_quote(ref) + ": " + error);
    std::size_t resource = resource_of(at);
    if (!split->url.empty()) {
      GoUrl parsed;
      if (!go_url_parse(split->url, parsed, error)) {
        refuse("error in parsing " + go_quote(split->url) + ": " + error);
      }
      const std::string url = resolve_url(resources_[resource].url, parsed);
      auto it = std::find_if(resources_.begin(), resources_.end(),
                             [&](const Resource& r) { return r.url == url; });
      if (it == resources_.end()) {
        refuse("$ref \"" + ref + "\" at '" + at +
               "' points outside values.schema.json; gitops-render does not fetch schemas (copy "
               "the definition into the schema's $defs)");
      }
      resource = static_cast<std::size_t>(it - resources_.begin());
    }
    std::string_view fragment = split->fragment;
    if (!fragment.empty() && fragment[0] != '/') {
      for (const Anchor& a : anchors_) {
        if (a.resource == resource && a.name == fragment) {
          return compile(at_pointer(a.pointer), a.pointer);
        }
      }
      refuse("anchor in \"" + resources_[resource].url + "#" +
             go_url_escape(fragment, UrlEncoding::kFragment) + "\" not found in schema \"" +
             kSchemaUrl + "\"");
    }
    // The fragment is a JSON pointer (RFC 6901) into the resource.
    const std::string pointer = resources_[resource].pointer + std::string(fragment);
    if (!valid_json_pointer_escapes(fragment)) {
      refuse("invalid json-pointer " +
             go_quote(std::string(kSchemaUrl) + "#" + url_fragment(pointer)));
    }
    return compile(at_pointer(pointer), pointer);
  }

  // The value at a JSON pointer of the document (that a $ref points to).
  const Value& at_pointer(const std::string& pointer) const {
    const Value* target = &doc_;
    std::string_view rest = pointer;
    while (!rest.empty()) {
      rest.remove_prefix(1);
      const std::size_t slash = std::min(rest.find('/'), rest.size());
      const std::string token = json_pointer_key(rest.substr(0, slash));
      rest.remove_prefix(slash);
      if (target->is_map()) {
        auto it = target->as_map().find(token);
        target = it == target->as_map().end() ? nullptr : &it->second;
      } else if (target->is_list()) {
        const bool ok = !token.empty() && token.size() < 10 &&
                        token.find_first_not_of("0123456789") == std::string::npos;
        const std::size_t idx = ok ? std::stoul(token) : 0;
        target = ok && idx < target->as_list().size() ? &target->as_list()[idx] : nullptr;
      } else {
        target = nullptr;
      }
      if (!target) {
        refuse("json-pointer in \"" + std::string(kSchemaUrl) + "#" + url_fragment(pointer) +
               "\" not found");
      }
    }
    return *target;
  }

  std::vector<const Node*> schema_list(const Value& v, const std::string& at) {
    if (!v.is_list() || v.as_list().empty()) invalid(at, "non-empty array of schemas");
    std::vector<const Node*> out;
    for (std::size_t i = 0; i < v.as_list().size(); ++i) {
      out.push_back(sub(v.as_list()[i], at + "/" + std::to_string(i)));
    }
    return out;
  }

  // (Every draft's metaschema wants each string of such a list once.)
  std::vector<std::string> string_list(const Value& v, const std::string& at) {
    if (!v.is_list()) invalid(at, "array of strings");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& s : v.as_list()) {
      if (!s.is_string()) invalid(at, "array of strings");
      if (!seen.insert(s.as_string()).second) invalid(at, "array of unique strings");
      out.push_back(s.as_string());
    }
    return out;
  }

  void fill(Node& n, const Map& m, const std::string& p) {
    static const std::set<std::string> kRefused = {"$dynamicRef", "$recursiveRef"};
    for (const auto& [key, value] : m) {
      if ((key == "definitions" || key == "$defs") && value.is_map()) {
        for (const auto& [name, sub] : value.as_map()) {
          definitions_.emplace_back(
              &sub, p + "/" + json_pointer_token(key) + "/" + json_pointer_token(name));
        }
      }
      if (kRefused.count(key) && !checking_only_) {
        refuse("values.schema.json uses " + key + " at '" + p +
               "', which gitops-render does not support; use $ref");
      }
    }
    auto get = [&](const char* key) -> const Value* {
      auto it = m.find(key);
      return it == m.end() ? nullptr : &it->second;
    };
    const bool legacy = !since_2019(draft_);
    if (const Value* v = get("$ref")) {
      if (!v->is_string()) invalid(p + "/$ref", "string");
      if (!checking_only_) {
        n.ref = resolve_ref(v->as_string(), p);
      } else {
        try {
          n.ref = resolve_ref(v->as_string(), p);
        } catch (const CompileError&) {
          n.ref = nullptr;  // (Helm resolves only the references it follows)
        }
      }
      if (legacy) {
        // Before 2019-09 a $ref's siblings are not looked at, except (06 and 07) `const`, which
        // Helm's validator applies all the same.
        n.ref_overrides_siblings = true;
        if (const Value* c = get("const"); c != nullptr && draft_ != Draft::k4) {
          n.const_value = literal(*c, p + "/const");
        }
        return;
      }
    }
    if (const Value* v = get("type")) {
      static const std::set<std::string> kTypes = {"array",  "boolean", "integer", "null",
                                                   "number", "object",  "string"};
      std::vector<std::string> types;
      if (v->is_string())
        types.push_back(v->as_string());
      else if (v->is_list())
        types = string_list(*v, p + "/type");
      else
        invalid(p + "/type", "string or array of strings");
      for (const auto& t : types) {
        if (!kTypes.count(t)) {
          refuse("\"" + std::string(kSchemaUrl) + "#\" is not valid against metaschema: '" + t +
                 "' at '" + p +
                 "/type' is not one of 'array', 'boolean', 'integer', 'null', "
                 "'number', 'object', 'string'");
        }
      }
      n.types = types;
    }
    if (const Value* v = get("enum")) {
      if (!v->is_list()) invalid(p + "/enum", "array");
      n.enum_values.emplace();
      for (std::size_t i = 0; i < v->as_list().size(); ++i) {
        n.enum_values->push_back(literal(v->as_list()[i], p + "/enum/" + std::to_string(i)));
      }
    }
    if (draft_ != Draft::k4) {
      if (const Value* v = get("const")) n.const_value = literal(*v, p + "/const");
    }
    n.minimum = number(m, "minimum", p);
    n.maximum = number(m, "maximum", p);
    if (draft_ == Draft::k4) {
      if (const Value* v = get("exclusiveMinimum"); v && v->is_bool())
        n.draft4_exclusive_minimum = v->as_bool();
      if (const Value* v = get("exclusiveMaximum"); v && v->is_bool())
        n.draft4_exclusive_maximum = v->as_bool();
    } else {
      n.exclusive_minimum = number(m, "exclusiveMinimum", p);
      n.exclusive_maximum = number(m, "exclusiveMaximum", p);
    }
    n.multiple_of = number(m, "multipleOf", p);
    if (n.multiple_of && n.multiple_of->compare(*Decimal::parse("0")) <= 0) {
      invalid(p + "/multipleOf", "number greater than 0");
    }
    n.min_length = count(m, "minLength", p);
    n.max_length = count(m, "maxLength", p);
    n.min_items = count(m, "minItems", p);
    n.max_items = count(m, "maxItems", p);
    n.min_properties = count(m, "minProperties", p);
    n.max_properties = count(m, "maxProperties", p);
    if (since_2019(draft_)) {
      n.min_contains = count(m, "minContains", p);
      n.max_contains = count(m, "maxContains", p);
    }
    if (const Value* v = get("pattern")) {
      if (!v->is_string()) invalid(p + "/pattern", "string");
      n.pattern = pattern(v->as_string(), p + "/pattern");
    }
    if (legacy) {
      if (const Value* v = get("format"); v && v->is_string()) n.format = v->as_string();
    }
    if (const Value* v = get("required")) n.required = string_list(*v, p + "/required");
    if (const Value* v = get("properties")) {
      if (!v->is_map()) invalid(p + "/properties", "object");
      for (const auto& [k, s] : v->as_map()) {
        n.properties.emplace_back(k, sub(s, p + "/properties/" + json_pointer_token(k)));
      }
    }
    if (const Value* v = get("patternProperties")) {
      if (!v->is_map()) invalid(p + "/patternProperties", "object");
      for (const auto& [k, s] : v->as_map()) {
        n.pattern_properties.emplace_back(
            pattern(k, p + "/patternProperties"),
            sub(s, p + "/patternProperties/" + json_pointer_token(k)));
      }
    }
    if (const Value* v = get("additionalProperties"))
      n.additional_properties = sub(*v, p + "/additionalProperties");
    if (draft_ != Draft::k4) {
      if (const Value* v = get("propertyNames")) n.property_names = sub(*v, p + "/propertyNames");
    }
    // `dependencies` (split in two by draft 2019-09) still applies in the later drafts.
    if (const Value* v = get("dependencies")) {
      if (!v->is_map()) invalid(p + "/dependencies", "object");
      for (const auto& [k, d] : v->as_map()) {
        if (d.is_list())
          n.dependent_required.emplace_back(
              k, string_list(d, p + "/dependencies/" + json_pointer_token(k)));
        else
          n.dependent_schemas.emplace_back(k, sub(d, p + "/dependencies/" + json_pointer_token(k)));
      }
    }
    if (!legacy) {
      if (const Value* v = get("dependentRequired")) {
        if (!v->is_map()) invalid(p + "/dependentRequired", "object");
        for (const auto& [k, d] : v->as_map()) {
          n.dependent_required.emplace_back(
              k, string_list(d, p + "/dependentRequired/" + json_pointer_token(k)));
        }
      }
      if (const Value* v = get("dependentSchemas")) {
        if (!v->is_map()) invalid(p + "/dependentSchemas", "object");
        for (const auto& [k, d] : v->as_map()) {
          n.dependent_schemas.emplace_back(
              k, sub(d, p + "/dependentSchemas/" + json_pointer_token(k)));
        }
      }
      if (const Value* v = get("unevaluatedProperties"))
        n.unevaluated_properties = sub(*v, p + "/unevaluatedProperties");
      if (const Value* v = get("unevaluatedItems"))
        n.unevaluated_items = sub(*v, p + "/unevaluatedItems");
    }
    if (draft_ == Draft::k2020) {
      if (const Value* v = get("prefixItems")) n.prefix_items = schema_list(*v, p + "/prefixItems");
      if (const Value* v = get("items")) {
        if (v->is_list()) {
          refuse("\"" + std::string(kSchemaUrl) +
                 "#\" is not valid against metaschema: 'items' at '" + p +
                 "' must be a schema in draft 2020-12 (use prefixItems for a tuple)");
        }
        n.items = sub(*v, p + "/items");
        n.items_after_prefix_relative = true;
      }
    } else {
      if (const Value* v = get("items")) {
        if (v->is_list()) {
          n.prefix_items = schema_list(*v, p + "/items");
          if (const Value* a = get("additionalItems"))
            n.additional_items = sub(*a, p + "/additionalItems");
        } else {
          n.items = sub(*v, p + "/items");
        }
      }
    }
    if (draft_ != Draft::k4) {
      if (const Value* v = get("contains")) n.contains = sub(*v, p + "/contains");
    }
    if (const Value* v = get("uniqueItems"); v && v->is_bool()) n.unique_items = v->as_bool();
    if (const Value* v = get("allOf")) n.all_of = schema_list(*v, p + "/allOf");
    if (const Value* v = get("anyOf")) n.any_of = schema_list(*v, p + "/anyOf");
    if (const Value* v = get("oneOf")) n.one_of = schema_list(*v, p + "/oneOf");
    if (const Value* v = get("not")) n.not_schema = sub(*v, p + "/not");
    if (draft_ != Draft::k4 && draft_ != Draft::k6) {
      if (const Value* v = get("if")) {
        n.if_schema = sub(*v, p + "/if");
        if (const Value* t = get("then")) n.then_schema = sub(*t, p + "/then");
        if (const Value* e = get("else")) n.else_schema = sub(*e, p + "/else");
      }
    }
  }

  // The schemas under `definitions` and `$defs` seen so far, by pointer.
  std::vector<std::pair<const Value*, std::string>> definitions_;
  // Compiling schemas no reference reaches, for the metaschema's checks only: what the engine
  // does not support, or a reference it cannot follow, does not matter there.
  bool checking_only_ = false;
  const Value& doc_;
  std::vector<Resource> resources_;
  std::vector<Anchor> anchors_;
  const JsonNumbers& numbers_;
  ValuesSchema::Compiled& out_;
  Draft draft_;
  std::map<std::string, const Node*> by_pointer_;
};

}  // namespace
}  // namespace schema_detail

ValuesSchema::ValuesSchema() = default;
ValuesSchema::~ValuesSchema() = default;
ValuesSchema::ValuesSchema(ValuesSchema&&) noexcept = default;
ValuesSchema& ValuesSchema::operator=(ValuesSchema&&) noexcept = default;

bool ValuesSchema::compile(std::string_view json, std::string& error) {
  // Helm decodes the schema with the validator's UnmarshalJSON: one json.Decoder value, then any
  // further token, valid or not, is refused with a fixed message.
  Value doc;
  JsonNumbers numbers;
  std::size_t pos = 0;
  if (!read_json_value(json, pos, doc, error, 256, &numbers)) return false;
  if (json.find_first_not_of(" \t\r\n", pos) != std::string_view::npos) {
    error = "invalid character after top-level value";
    return false;
  }
  auto compiled = std::make_unique<Compiled>();
  try {
    schema_detail::Compiler compiler(doc, numbers, *compiled);
    compiled->root = compiler.compile(doc, "");
    compiler.check_unreferenced_definitions();
  } catch (const schema_detail::CompileError& e) {
    error = e.message;
    return false;
  }
  compiled_ = std::move(compiled);
  return true;
}

}  // namespace render::chart
