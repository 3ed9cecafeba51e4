// Go's strings.Split with a one-byte separator, for the chart stage's readers of Go formats (tar
// entry names, JSON-schema formats).
#pragma once

#include <string_view>
#include <vector>

namespace render::chart {

// The pieces of `s` between the separators (one piece, `s` itself, when there is none).
inline std::vector<std::string_view> go_split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto at = s.find(separator);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

}  // namespace render::chart
