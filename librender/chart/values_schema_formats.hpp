// The `format` keyword of values schemas, asserted as Helm's JSON Schema library (jsonschema
// v6.0.2, built with Go 1.25) asserts it for draft-07 and older schemas, with its reasons.
#pragma once

#include <string>
#include <string_view>

namespace render::chart {

// Whether `s` is a valid `format` string; when not, `why` is the library's reason (the text after
// "'<s>' is not valid <format>: "). Unknown formats are not asserted.
bool format_ok(std::string_view format, std::string_view s, std::string& why);

}  // namespace render::chart
