// Helm's values coalescing (pkg/chart/common/util/coalesce.go as of Helm 4.1.4): chart defaults
// under user values, subchart defaults under the parent's `values.<subchart>`, globals copied
// down.
#pragma once

#include <string>
#include <string_view>

#include "render/chart.hpp"

namespace render::chart {

// CoalesceValues: user `values` over the chart's defaults, recursively for the (already
// processed) subcharts. A user null deletes a key the chart defines; maps merge; anything else
// is replaced. `values` is not modified (Helm deep-copies it). Throws E_PARSE "type mismatch on
// <subchart>: ..." when the values for a subchart are not a map.
Value coalesce_values(const Chart& chart, const Value& values);

// The same for `values` the caller owns alone (no map of it is shared): coalesced in place, with
// no copy.
Value coalesce_owned_values(const Chart& chart, Value values);

// MergeValues: the same, but nulls are kept everywhere.
Value merge_values(const Chart& chart, const Value& values);

// coalesceTablesFullKey: `src` merged under `dst` (dst wins), in place. With `merge` false a
// null in dst deletes a key src defines with a non-null value.
void coalesce_tables(Value& dst, Value& src, bool merge);

// Values.Table: the map at a dotted path; nullopt when some step is missing or not a map.
const Value* table_at(const Value& values, std::string_view dotted_path);

// Values.PathValue: the non-map value at a dotted path (nullptr when absent or a map).
const Value* path_value(const Value& values, std::string_view dotted_path);

}  // namespace render::chart
