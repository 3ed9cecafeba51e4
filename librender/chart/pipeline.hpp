// The rendering pipeline with the template engine passed in (tests drive it with a stand-in).
#pragma once

#include <string>

#include "chart/engine.hpp"
#include "render/chart.hpp"

namespace render::chart {

// Everything `helm template` does after loading the chart and reading user values: dependency
// processing, coalescing, schema validation, the kubeVersion check, template execution with
// `engine`, sorting and printing. Throws render::Error with Helm's message.
std::string render_with_engine(Chart chart, const Value& user_values, const RenderOptions& options,
                               TemplateEngine& engine);

}  // namespace render::chart
