// The compiled form of a JSON schema (internal to the values schema validator).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chart/decimal.hpp"
#include "chart/json_value.hpp"
#include "chart/values_schema.hpp"
#include "render/value.hpp"
#include "template/functions/regex.hpp"

namespace render::chart::schema_detail {

enum class Draft { k4, k6, k7, k2019, k2020 };

// Drafts 2019-09 and 2020-12: vocabularies, $anchor, $defs, $ref beside other keywords.
inline bool since_2019(Draft d) {
  return d == Draft::k2019 || d == Draft::k2020;
}

// The URL Helm's validator gives the chart's schema: its messages name places under it.
inline constexpr char kSchemaUrl[] = "file:///values.schema.json";

// A place in the schema document as its URL's fragment: the JSON pointer with each token
// escaped as a URL path segment ("/properties/a%20b").
std::string url_fragment(std::string_view pointer);

struct Pattern {
  std::string source;
  tmpl::GoRegexp re;  // Helm's schema library compiles patterns with Go's regexp
};

// A JSON value the schema writes (an `enum` item, a `const`). The validator keeps a schema's
// numbers as written (json.Number): it compares them exactly, not as float64 (so
// 0.10000000000000001 is not 0.1), and prints them as written ("1.0", "1e2").
struct Literal {
  Value value;          // its numbers as their nearest float64 (an infinity past its range)
  JsonNumbers numbers;  // the text of each of them, by its pointer under `value` ("": itself)
};

// Whether two values of one JSON document (at the pointers a_at and b_at) are equal as the
// validator compares them, the document's numbers as written in `numbers`.
bool json_equal_as_written(const Value& a, const std::string& a_at, const Value& b,
                           const std::string& b_at, const JsonNumbers& numbers);

// A string as the validator quotes places and values in its messages (see its definition).
std::string quote(std::string_view s);

// Whether a number is an integer as the validator counts them (2.0 is).
bool is_integral(const Value& v);

// A schema number as the validator prints it (golang.org/x/text's %v: "1,000", "1×10²⁰").
std::string number_text(const Decimal& d);

// An error as the validator shapes it, for the values and for the metaschema alike: a message
// at a place, perhaps with causes; a group ("validation failed") when one schema found several;
// a $ref's errors under one of its own; an invalid property name (kNamed: its cause is listed
// under it even when it is the only one).
struct SchemaError {
  enum class Kind { kLeaf, kGroup, kReference, kNamed };
  Kind kind = Kind::kLeaf;
  std::string at;
  std::string message;
  std::vector<SchemaError> causes;
};

SchemaError leaf(const std::string& at, std::string message);
// The errors one schema found: none, one, or a group of them.
std::optional<SchemaError> combine(std::vector<SchemaError> errors, const std::string& at);
// What a $ref found, as one error (a group's causes become its own).
std::optional<SchemaError> reference(std::optional<SchemaError> found, const std::string& at);
// What propertyNames found for the name `name`, as one error, the same way: "invalid
// propertyName 'x'", placed at '' as the validator places it.
std::optional<SchemaError> invalid_property_name(std::optional<SchemaError> found,
                                                 const std::string& name);
// The validator's error when `s` is not of `format` ("'x' is not valid uri: relative url"), or
// nothing when it is (see format_ok).
std::optional<std::string> format_problem(std::string_view format, std::string_view s);
// The validator's listing of an error found at the root: one "- at '<place>': <message>" line
// per error, causes two spaces further in under theirs, a group's or a $ref's only cause shown
// in its place, the root group's causes at the left margin; no newline at the end.
std::string error_lines(const SchemaError& root);

struct Node {
  std::optional<bool> boolean;  // a `true`/`false` schema
  std::string pointer;          // where it is in the document ("/properties/a")

  std::vector<std::string> types;
  std::optional<std::vector<Literal>> enum_values;
  std::optional<Literal> const_value;
  std::optional<Decimal> minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of;
  bool draft4_exclusive_minimum = false, draft4_exclusive_maximum = false;
  std::optional<std::int64_t> min_length, max_length, min_items, max_items, min_properties,
      max_properties, min_contains, max_contains;
  std::optional<Pattern> pattern;
  std::string format;

  std::vector<std::string> required;
  std::vector<std::pair<std::string, const Node*>> properties;
  std::vector<std::pair<Pattern, const Node*>> pattern_properties;
  const Node* additional_properties = nullptr;
  const Node* property_names = nullptr;
  std::vector<std::pair<std::string, std::vector<std::string>>> dependent_required;
  std::vector<std::pair<std::string, const Node*>> dependent_schemas;
  const Node* unevaluated_properties = nullptr;

  std::vector<const Node*> prefix_items;     // prefixItems, or the array form of items
  const Node* items = nullptr;               // applies to the items after prefix_items
  const Node* additional_items = nullptr;    // draft <= 2019 with the array form of items
  bool items_after_prefix_relative = false;  // 2020-12 reports those indexes from 0
  const Node* contains = nullptr;
  bool unique_items = false;
  const Node* unevaluated_items = nullptr;

  std::vector<const Node*> all_of, any_of, one_of;
  const Node* not_schema = nullptr;
  const Node* if_schema = nullptr;
  const Node* then_schema = nullptr;
  const Node* else_schema = nullptr;
  const Node* ref = nullptr;
  bool ref_overrides_siblings = false;  // drafts 04-07 (const aside)
};

}  // namespace render::chart::schema_detail

namespace render::chart {

struct ValuesSchema::Compiled {
  std::vector<std::unique_ptr<schema_detail::Node>> nodes;
  const schema_detail::Node* root = nullptr;
};

}  // namespace render::chart
