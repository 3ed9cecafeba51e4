// JSON pointer helpers shared by the parsers and the validator.
#pragma once

#include <string>
#include <string_view>

namespace render::schema {

// One reference token of a JSON pointer: '~' -> "~0", '/' -> "~1".
std::string escape_pointer_token(std::string_view token);

// Text safe to show in a message: control and non-ASCII-printable bytes as \xNN escapes.
std::string printable(std::string_view text);

}  // namespace render::schema
