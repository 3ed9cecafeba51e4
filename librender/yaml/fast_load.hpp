// The fast path of yaml::load for plain block-style values files (see fast_load.cpp).
#pragma once

#include <optional>
#include <string_view>

#include "render/value.hpp"
#include "render/yaml.hpp"

namespace render::yaml {

// The document's value as load() gives it, or nullopt when the text uses anything this path
// does not read (load() then takes yaml-cpp's path, which also reports every error). Positions
// are not recorded.
std::optional<Value> fast_load(std::string_view text, const LoadOptions& options);

}  // namespace render::yaml
