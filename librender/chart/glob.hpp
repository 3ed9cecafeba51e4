// The glob dialect of .Files.Glob: github.com/gobwas/glob (v0.2.3, the one Helm builds with)
// compiled with '/' as the separator.
#pragma once

#include <memory>
#include <string_view>

namespace render::chart {

// `*` any run of non-'/' characters, `**` any run of characters, `?` one non-'/' character,
// `[abc]`, `[a-z]`, `[!a-z]` classes, `{a,b}` alternatives (nestable), `\x` a literal x.
//
// A pattern is compiled and matched the way gobwas does it, not by those rules alone: its
// compiler rewrites a pattern into matchers for prefixes, suffixes, runs of fixed length and so
// on, and some of those match what the pattern does not say. Helm lists what they match, so this
// does too. For example "f/**/x.yaml" matches "f/x.yaml" (a prefix "f/" and a suffix "/x.yaml"
// that may overlap), "f/{*,x}" only names of one character after "f/", and a class never
// matches a character of several bytes after a fixed part ("f/[é]").
class Glob {
 public:
  // A pattern gobwas cannot compile (an unclosed `[`, a class with nothing in it) matches every
  // name, because Helm falls back to "**" then. Compile never fails.
  explicit Glob(std::string_view pattern);
  ~Glob();
  Glob(Glob&&) noexcept;
  Glob& operator=(Glob&&) noexcept;

  bool valid() const { return valid_; }
  bool match(std::string_view name) const;

  struct Matcher;

 private:
  bool valid_ = true;
  std::shared_ptr<const Matcher> matcher_;
};

}  // namespace render::chart
