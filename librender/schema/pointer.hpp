// JSON pointer helpers shared by the parsers and the validator.
#pragma once

#include <string>
#include <string_view>

#include "render/diagnostic.hpp"
#include "render/utf8.hpp"

namespace render::schema {

// Text safe to show in a message: control and non-ASCII-printable bytes as \xNN escapes.
std::string printable(std::string_view text);

// The E_LIMIT diagnostic for a document over the size limit (checked before parsing).
Diagnostic too_large(const std::string& file, std::size_t size, std::size_t limit);

}  // namespace render::schema
