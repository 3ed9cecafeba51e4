// Semantic versions and constraints as github.com/Masterminds/semver/v3 (v3.4) reads them: what
// Helm uses for chart versions, dependency version ranges and a chart's kubeVersion.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace render::chart {

struct SemVersion {
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::string prerelease;
  std::string metadata;

  // semver.NewVersion: an optional "v", 1 to 3 numeric segments, "-pre", "+meta"; a numeric
  // prerelease part may not start with 0.
  static std::optional<SemVersion> parse(std::string_view text);
  // -1, 0, 1; metadata ignored, a prerelease sorts before its release.
  int compare(const SemVersion& other) const;
};

// A constraint such as ">=1.21-0", "^1.2", "~1.2.x", "1.2 - 1.4", ">1, <3 || 5.x".
class SemConstraint {
 public:
  // semver.NewConstraint; nullopt for an improper constraint (the empty string included).
  static std::optional<SemConstraint> parse(std::string_view text);
  bool check(const SemVersion& version) const;

  struct Term {
    std::string op;
    SemVersion version;
    bool dirty = false, minor_dirty = false, patch_dirty = false;
  };

 private:
  std::vector<std::vector<Term>> any_of_;  // OR of ANDs
  std::vector<bool> has_prerelease_;       // per OR branch: prerelease versions may match
};

// Helm's IsCompatibleRange: false when either side does not parse.
bool compatible_range(std::string_view constraint, std::string_view version);

}  // namespace render::chart
