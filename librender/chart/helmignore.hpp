// .helmignore rules, evaluated exactly as Helm's pkg/ignore does (quirks included).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace render::chart {

class IgnoreRules {
 public:
  // Parses a .helmignore file. Returns false with Helm's message in `error` for a rule with `**`
  // ("double-star (**) syntax is not supported") or a malformed pattern ("syntax error in
  // pattern").
  bool parse(std::string_view text, std::string& error);

  // Helm's built-in rule `templates/.?*`, appended after the file's rules.
  void add_defaults();

  // Whether `path` (relative, '/'-separated) is ignored. Rules are tried in order; the first
  // rule that decides wins. As in Helm, a negated rule `!p` that does not match the path ignores
  // it (so `!p` ignores everything that reaches it and is not p).
  bool ignored(std::string_view path, bool is_dir) const;

 private:
  struct Rule {
    std::string pattern;
    bool negate = false;
    bool must_dir = false;
    enum class Scope { kRoot, kPath, kBase } scope = Scope::kBase;
  };
  bool add_rule(std::string_view rule, std::string& error);
  static bool matches(const Rule& rule, std::string_view path);

  std::vector<Rule> rules_;
};

}  // namespace render::chart
