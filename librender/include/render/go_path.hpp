// Go's path.Clean, shared by the template functions (`clean`, `dir`) and the chart archive reader.
#pragma once

#include <string>
#include <string_view>

namespace render {

// path.Clean: the shortest slash-separated path naming the same file ("." for an empty result).
std::string go_path_clean(std::string_view path);

}  // namespace render
