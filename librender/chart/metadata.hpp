// Chart.yaml: decoding as Helm's typed decoder does, validation, and the .Chart object.
#pragma once

#include <string_view>

#include "render/chart.hpp"

namespace render::chart {

// Decodes Chart.yaml (YAML 1.1 scalars; keys matched case-insensitively as encoding/json does;
// scalars converted to the field's Go type: `appVersion: 1.10` -> "1.1", `name: off` -> "false").
// An empty apiVersion becomes "v1". Throws E_PARSE "cannot load Chart.yaml: ...".
Metadata parse_chart_yaml(std::string_view text);

// requirements.yaml (the dependencies of apiVersion v1 charts): Helm decodes it into the chart's
// metadata after Chart.yaml, so the dependencies it lists replace those of Chart.yaml. Only the
// dependencies are taken. Throws E_PARSE "cannot load requirements.yaml: ...".
void apply_requirements(Metadata& metadata, std::string_view text);

// Helm's Metadata.Validate: sanitizes the free-text fields (whitespace to spaces, non-printable
// characters dropped) and throws E_PARSE "validation: ..." for a missing/invalid apiVersion,
// name, version or type, a maintainer without a name, or a bad/duplicate dependency alias.
void validate_metadata(Metadata& metadata);

// .Chart: a map with Go field names (APIVersion, Annotations, AppVersion, Condition,
// Dependencies, Deprecated, Description, Home, Icon, IsRoot, Keywords, KubeVersion, Maintainers,
// Name, Sources, Tags, Type, Version).
Value metadata_value(const Metadata& metadata, bool is_root);

}  // namespace render::chart
