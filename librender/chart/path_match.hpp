// Go's path/filepath.Match on a '/'-separated system: what Helm uses for .helmignore rules and
// for `helm template --show-only`.
#pragma once

#include <string_view>

namespace render::chart {

enum class MatchResult { kNoMatch, kMatch, kBadPattern };

// `*` matches any run of non-'/' bytes, `?` one non-'/' character, `[a-z]`/`[^a-z]` a character
// class, `\x` the character x. A malformed pattern gives kBadPattern (Go's ErrBadPattern), which
// Go reports even when the name does not match.
MatchResult path_match(std::string_view pattern, std::string_view name);

}  // namespace render::chart
