// Go reflection as Sprig's type, list and dict functions use it on template values: reflect.Kind
// names, reflect.DeepEqual, and reading any slice (not only []interface{}) element by element.
#pragma once

#include <string_view>

#include "render/value.hpp"

namespace render::tmpl {

// reflect.ValueOf(v).Kind().String(): "invalid" for nil, "bool", "int", "int64", "float64",
// "string", "slice" ([]interface{}, []byte), "map", and for native objects the kind of their Go
// type ("ptr" for pointers such as *common.Capabilities, "slice" for common.VersionSet, "map" for
// engine.files, else "struct").
std::string_view go_kind(const Value& v);

// reflect.DeepEqual: like render::deep_equal, but two native objects are also equal when they
// have the same Go type and the same content (DeepEqual compares what pointers point to): all
// fields for semver versions, the printed form for the others.
bool go_deep_equal(const Value& a, const Value& b);

// The elements of a value whose Go kind is slice: a list's items as they are; a []byte's bytes
// (as ints) and a common.VersionSet's strings built into `scratch`. nullptr when `v` is not a
// slice (nil included).
const List* slice_elements(const Value& v, List& scratch);

}  // namespace render::tmpl
