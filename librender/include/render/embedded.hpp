// Files compiled into the library, so the command works without the source tree beside it.
#pragma once

#include <span>
#include <string_view>

namespace render {

struct EmbeddedFile {
  std::string_view path;  // relative to the repository root, '/'-separated
  std::string_view bytes;
};

// The public base (base/**), the chart (charts/app/**) and the docs the generated repository
// carries, sorted by path.
std::span<const EmbeddedFile> embedded_base_files();

// schemas/*.json, sorted by path.
std::span<const EmbeddedFile> embedded_schema_files();

}  // namespace render
