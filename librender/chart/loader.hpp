// Reading a chart directory and sorting its files into a Chart, as Helm's directory loader and
// LoadFiles do.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "render/chart.hpp"

namespace render::chart {

// Every file Helm's directory loader would read under `directory`, in its walk order (depth
// first, names sorted bytewise), with .helmignore rules and the `templates/.?*` default applied.
// Symlinks are followed only when they stay inside the chart (E_UNSAFE_PATH otherwise).
std::vector<File> read_chart_directory(const std::string& directory, const LoadLimits& limits);

// Helm's LoadFiles: Chart.yaml, values.yaml, values.schema.json, templates/, charts/<name>/ and
// packaged charts/<name>.tgz as subcharts (names starting with '_' or '.' skipped), the rest as
// .Files. `archive_budget` is what packaged subcharts may still decompress to, shared by the
// whole load (max_total_bytes when null).
Chart load_chart_files(std::vector<File> files, const LoadLimits& limits, int depth = 0,
                       std::size_t* archive_budget = nullptr);

// values.yaml and -f files: YAML documents split on `---` lines and merged (maps key by key,
// anything else replaced). `what` names the source in messages. Throws E_PARSE with Helm's
// "cannot unmarshal yaml document: ..." text (the caller adds its prefix).
Value load_values_documents(std::string_view text, const std::string& what);

// Helm's MergeMaps: b over a, maps merged recursively, anything else replaced. `a` is updated.
void merge_maps(Value& a, const Value& b);

}  // namespace render::chart
