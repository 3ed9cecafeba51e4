// Go's regexp for callers outside the function library: a values schema's `pattern`,
// `patternProperties` and `format: regex` are Go regular expressions in Helm.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace render::tmpl {

struct Regex;

// regexp.Compile (patterns are compiled once and shared).
class GoRegexp {
 public:
  explicit GoRegexp(const std::string& pattern);

  // Go's compile error ("error parsing regexp: missing closing ): `(`"); empty when compiled.
  const std::string& error() const;
  // regexp.MatchString: whether s contains a match (false when the pattern did not compile).
  bool match(std::string_view s) const;

 private:
  std::shared_ptr<const Regex> regex_;
};

}  // namespace render::tmpl
