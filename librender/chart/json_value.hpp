// A JSON reader producing render::Value as Go's encoding/json decodes into interface{}: numbers
// are float64, objects maps (a repeated key: the last wins), arrays lists.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "render/value.hpp"

namespace render::chart {

// The numbers of a JSON document as written ("1.0", "1e2", "100000000000000000001"), by the JSON
// pointer of each ("/properties/a/enum/0"; "" for a document that is one number).
using JsonNumbers = std::map<std::string, std::string>;

// Reads one JSON value at text[pos...] (leading whitespace skipped) and leaves pos after it, as
// json.Decoder.Decode does for a stream. False with encoding/json's message in `error` on
// malformed input ("EOF" when only whitespace remains, "unexpected EOF" when the value is cut
// short) or nesting deeper than `max_depth` containers. With `numbers`, as a decoder that keeps
// numbers as written (UseNumber) reads: each number's text goes there, and one past float64's
// range is no error (in `out` it is an infinity).
bool read_json_value(std::string_view text, std::size_t& pos, Value& out, std::string& error,
                     int max_depth = 256, JsonNumbers* numbers = nullptr);

// A key as a JSON pointer token: '~' as "~0", '/' as "~1".
std::string json_pointer_token(std::string_view key);
// The key a JSON pointer token stands for ("~0" as '~', "~1" as '/').
std::string json_pointer_key(std::string_view token);
// Whether each '~' in a JSON pointer (or a token of one) is one of those two escapes.
bool valid_json_pointer_escapes(std::string_view pointer);

// The whole text must be one JSON value (surrounding whitespace allowed), with json.Unmarshal's
// messages ("unexpected end of JSON input", "invalid character 'x' after top-level value").
bool parse_json_value(std::string_view text, Value& out, std::string& error);

}  // namespace render::chart
