// Semantic versions and constraints as github.com/Masterminds/semver/v3 (v3.4) reads them: what
// Helm uses for chart versions, dependency version ranges and a chart's kubeVersion, and what
// Sprig's semver / semverCompare template functions return.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "render/value.hpp"

namespace render::tmpl {

struct SemVersion {
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::string prerelease;
  std::string metadata;

  // semver.NewVersion: an optional "v", 1 to 3 numeric segments (leading zeros allowed), "-pre",
  // "+meta"; a numeric prerelease part may not start with 0. On failure `error` (when given)
  // receives semver's message: "invalid semantic version", "version segment starts with 0" or
  // "error parsing version segment: strconv.ParseUint: parsing \"N\": value out of range".
  static std::optional<SemVersion> parse(std::string_view text, std::string* error = nullptr);
  // -1, 0, 1; metadata ignored, a prerelease sorts before its release.
  int compare(const SemVersion& other) const;
  // Version.String(): "major.minor.patch[-pre][+meta]".
  std::string str() const;
};

// semver's validatePrerelease / validateMetadata (SetPrerelease, SetMetadata): "" when valid,
// else the error text.
std::string semver_prerelease_error(std::string_view prerelease);
std::string semver_metadata_error(std::string_view metadata);

// A constraint such as ">=1.21-0", "^1.2", "~1.2.x", "1.2 - 1.4", ">1, <3 || 5.x".
class SemConstraint {
 public:
  // semver.NewConstraint; nullopt for an improper constraint (the empty string included), with
  // `error` (when given) set to semver's message: "improper constraint: <or-branch>" or
  // "constraint parser error".
  static std::optional<SemConstraint> parse(std::string_view text, std::string* error = nullptr);
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

// The object Sprig's `semver` returns: a *semver.Version (`pointer`) or, from its IncPatch /
// IncMinor / IncMajor / SetPrerelease / SetMetadata methods, a semver.Version value. Its fields and
// methods are those of Masterminds' Version (.Major, .Prerelease, .Original, .Compare v, ...);
// it prints as String() ("1.2.0" for "v1.2"). Defined in semver_functions.cpp.
Value semver_object(SemVersion version, std::string original, bool pointer = true);
// reflect.DeepEqual of two such objects: every field equal, Original included (so "v1.2" and
// "1.2.0" differ). False when either is another kind of object.
bool semver_deep_equal(const Object& a, const Object& b);

// Helm's IsCompatibleRange: false when either side does not parse.
bool compatible_range(std::string_view constraint, std::string_view version);

}  // namespace render::tmpl
