#include "chart/helmignore.hpp"

#include "chart/path_match.hpp"

namespace render::chart {
namespace {

std::string_view trim_space(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view base_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool IgnoreRules::parse(std::string_view text, std::string& error) {
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!add_rule(line, error)) return false;
  }
  return true;
}

void IgnoreRules::add_defaults() {
  std::string unused;
  add_rule("templates/.?*", unused);
}

bool IgnoreRules::add_rule(std::string_view text, std::string& error) {
  std::string_view rule = trim_space(text);
  if (rule.empty() || rule.front() == '#') return true;
  if (rule.find("**") != std::string_view::npos) {
    error = "double-star (**) syntax is not supported";
    return false;
  }
  if (path_match(rule, "abc") == MatchResult::kBadPattern) {
    error = "syntax error in pattern";
    return false;
  }
  Rule r;
  if (rule.front() == '!') {
    r.negate = true;
    rule.remove_prefix(1);
  }
  if (!rule.empty() && rule.back() == '/') {
    r.must_dir = true;
    rule.remove_suffix(1);
  }
  if (!rule.empty() && rule.front() == '/') {
    r.scope = Rule::Scope::kRoot;
    rule.remove_prefix(1);
  } else if (rule.find('/') != std::string_view::npos) {
    r.scope = Rule::Scope::kPath;
  }
  r.pattern = std::string(rule);
  rules_.push_back(std::move(r));
  return true;
}

bool IgnoreRules::matches(const Rule& rule, std::string_view path) {
  std::string_view subject = rule.scope == Rule::Scope::kBase ? base_name(path) : path;
  return path_match(rule.pattern, subject) == MatchResult::kMatch;
}

bool IgnoreRules::ignored(std::string_view path, bool is_dir) const {
  if (path.empty() || path == "." || path == "./") return false;
  for (const Rule& rule : rules_) {
    if (rule.negate) {
      if (rule.must_dir && !is_dir) return true;
      if (!matches(rule, path)) return true;
      continue;
    }
    if (rule.must_dir && !is_dir) continue;
    if (matches(rule, path)) return true;
  }
  return false;
}

}  // namespace render::chart
