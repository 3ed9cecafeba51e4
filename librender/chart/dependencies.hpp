// Helm's ProcessDependenciesWithMerge: which subcharts are rendered (aliases, `condition`,
// `tags`) and what they export to their parent (`import-values`).
#pragma once

#include "render/chart.hpp"

namespace render::chart {

// Applies Chart.yaml `dependencies` to `chart.dependencies`, recursively: a subchart listed with
// an alias (and a compatible version range) is renamed to the alias (and may appear several
// times); subcharts whose condition or tags evaluate false against the coalesced values are
// removed; `import-values` are merged into the parent's defaults. Subcharts present under charts/
// but not listed stay, as in Helm.
void process_dependencies(Chart& chart, const Value& user_values);

}  // namespace render::chart
