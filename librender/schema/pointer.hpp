// JSON pointer helpers shared by the parsers and the validator.
#pragma once

#include <string>
#include <string_view>

#include "render/utf8.hpp"

namespace render::schema {

// Text safe to show in a message: control and non-ASCII-printable bytes as \xNN escapes.
std::string printable(std::string_view text);

}  // namespace render::schema
