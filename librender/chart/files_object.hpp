// .Files: the chart's non-template files with Helm's Get, GetBytes, Glob, Lines, AsConfig and
// AsSecrets.
#pragma once

#include <vector>

#include "render/chart.hpp"
#include "render/value.hpp"

namespace render::chart {

// The .Files object for a chart's files (names relative to the chart).
Value files_value(const std::vector<File>& files);

}  // namespace render::chart
