// values.schema.json validation with the messages of the validator Helm 4 uses
// (santhosh-tekuri/jsonschema v6): "missing property 'name'", "got string, want integer",
// "maximum: got 70,000, want 65,535", nested "validation failed" blocks.
//
// Drafts 4, 6, 7, 2019-09 and 2020-12 (the default) are told apart by `$schema`. Keywords:
// type, enum, const, minimum/maximum/exclusive*, multipleOf, minLength/maxLength, pattern,
// format (asserted up to draft-07, as Helm does: email, ipv4), required, properties,
// patternProperties, additionalProperties, propertyNames, min/maxProperties, dependentRequired,
// dependentSchemas, dependencies, items/prefixItems/additionalItems, contains/min/maxContains,
// min/maxItems, uniqueItems, allOf/anyOf/oneOf/not, if/then/else, $ref within the document
// (JSON pointers, anchors, the URLs of its subschemas' $id), unevaluatedProperties/
// unevaluatedItems. Annotations (title, description, default, examples, $comment, ...) are
// ignored; $dynamicRef, $recursiveRef and references to other documents are refused with a
// clear error.
//
// Helm reports sibling errors in Go map order, which changes between runs; this validator sorts
// siblings, so its output is deterministic and equal to Helm's as a set of lines.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "render/value.hpp"

namespace render::chart {

class ValuesSchema {
 public:
  ValuesSchema();
  ~ValuesSchema();
  ValuesSchema(ValuesSchema&&) noexcept;
  ValuesSchema& operator=(ValuesSchema&&) noexcept;

  // False with the message Helm would print instead of the error list (a JSON syntax error, a
  // reference that does not resolve) or an explanation of what is not supported.
  bool compile(std::string_view json, std::string& error);

  // The violations as Helm lists them ("- at '/port': got string, want integer\n", nested
  // blocks indented by two spaces); empty when the values are valid.
  std::string validate(const Value& values) const;

  struct Compiled;

 private:
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace render::chart
