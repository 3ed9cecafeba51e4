// The glob dialect of .Files.Glob: github.com/gobwas/glob compiled with '/' as the separator.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

namespace render::chart {

// `*` any run of non-'/' characters, `**` any run of characters, `?` one non-'/' character,
// `[abc]`, `[a-z]`, `[!a-z]` classes, `{a,b}` alternatives (nestable), `\x` a literal x.
class Glob {
 public:
  // A pattern gobwas cannot compile (an unclosed `[` or `{`) matches every name, because Helm
  // falls back to "**" then. Compile never fails.
  explicit Glob(std::string_view pattern);
  ~Glob();
  Glob(Glob&&) noexcept;
  Glob& operator=(Glob&&) noexcept;

  bool valid() const { return valid_; }
  bool match(std::string_view name) const;

  struct Item;
  using Sequence = std::vector<Item>;

 private:
  bool valid_ = true;
  std::vector<Sequence> alternatives_;  // the pattern with every {a,b} expanded
};

}  // namespace render::chart
