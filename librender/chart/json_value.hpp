// A JSON reader producing render::Value as Go's encoding/json decodes into interface{}: numbers
// are float64, objects maps (a repeated key: the last wins), arrays lists.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "render/value.hpp"

namespace render::chart {

// Reads one JSON value at text[pos...] (leading whitespace skipped) and leaves pos after it, as
// json.Decoder.Decode does for a stream. False with encoding/json's message in `error` on
// malformed input ("EOF" when only whitespace remains, "unexpected EOF" when the value is cut
// short) or nesting deeper than `max_depth` containers.
bool read_json_value(std::string_view text, std::size_t& pos, Value& out, std::string& error,
                     int max_depth = 256);

// The whole text must be one JSON value (surrounding whitespace allowed), with json.Unmarshal's
// messages ("unexpected end of JSON input", "invalid character 'x' after top-level value").
bool parse_json_value(std::string_view text, Value& out, std::string& error);

}  // namespace render::chart
