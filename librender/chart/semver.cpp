#include "chart/semver.hpp"

#include <charconv>

namespace render::chart {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ident(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_wild(std::string_view s) {
  return s == "x" || s == "X" || s == "*";
}

// Dot-separated identifiers of [0-9A-Za-z-], none empty.
bool identifiers(std::string_view s) {
  if (s.empty()) return false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      if (i == start) return false;
      start = i + 1;
    } else if (!is_ident(s[i])) {
      return false;
    }
  }
  return true;
}

// A version as the constraint grammar sees it: segments may be x/X/* wildcards or absent.
struct LooseVersion {
  std::string major, minor, patch;  // empty when absent
  bool has_minor = false, has_patch = false;
  std::string prerelease, metadata;
};

bool segment_char(char c) {
  return is_digit(c) || c == 'x' || c == 'X' || c == '*';
}

// Reads a constraint version at s[pos...]; false when there is none.
bool read_loose(std::string_view s, std::size_t& pos, LooseVersion& out) {
  std::size_t i = pos;
  if (i < s.size() && s[i] == 'v') ++i;
  auto segment = [&](std::string& seg) {
    std::size_t from = i;
    while (i < s.size() && segment_char(s[i])) ++i;
    seg = std::string(s.substr(from, i - from));
    return i > from;
  };
  if (!segment(out.major)) return false;
  if (i + 1 < s.size() && s[i] == '.' && segment_char(s[i + 1])) {
    ++i;
    segment(out.minor);
    out.has_minor = true;
    if (i + 1 < s.size() && s[i] == '.' && segment_char(s[i + 1])) {
      ++i;
      segment(out.patch);
      out.has_patch = true;
    }
  }
  auto extra = [&](char lead, std::string& dest) {
    if (i < s.size() && s[i] == lead) {
      std::size_t from = i + 1, j = from;
      while (j < s.size() && (is_ident(s[j]) || s[j] == '.')) ++j;
      // the regex stops before a trailing '.'
      while (j > from && s[j - 1] == '.') --j;
      if (j > from && identifiers(s.substr(from, j - from))) {
        dest = std::string(s.substr(from, j - from));
        i = j;
      }
    }
  };
  extra('-', out.prerelease);
  extra('+', out.metadata);
  pos = i;
  return true;
}

bool parse_uint(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string_view read_op(std::string_view s, std::size_t& pos) {
  static constexpr std::string_view kOps[] = {"!=", ">=", "=>", "<=", "=<", "~>",
                                              "=",  ">",  "<",  "~",  "^"};
  for (std::string_view op : kOps) {
    if (s.substr(pos, op.size()) == op) {
      pos += op.size();
      return op;
    }
  }
  return {};
}

void skip_space(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && is_space(s[pos])) ++pos;
}

std::optional<SemConstraint::Term> make_term(std::string_view op, const LooseVersion& lv) {
  SemConstraint::Term t;
  t.op = std::string(op);
  std::string text;
  std::string pre = lv.prerelease.empty() ? "" : "-" + lv.prerelease;
  if (is_wild(lv.major)) {
    text = "0.0.0" + pre;
    t.dirty = true;
  } else if (!lv.has_minor || is_wild(lv.minor)) {
    text = lv.major + ".0.0" + pre;
    t.dirty = t.minor_dirty = true;
  } else if (!lv.has_patch || is_wild(lv.patch)) {
    text = lv.major + "." + lv.minor + ".0" + pre;
    t.dirty = t.patch_dirty = true;
  } else {
    text = lv.major + "." + lv.minor + "." + lv.patch + pre;
  }
  auto v = SemVersion::parse(text);
  if (!v) return std::nullopt;
  t.version = *v;
  return t;
}

// The hyphen range "A - B" becomes ">= A, <= B", as semver's rewriteRange does.
std::string rewrite_ranges(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    LooseVersion a, b;
    std::size_t j = i;
    if (read_loose(s, j, a)) {
      std::size_t k = j;
      std::size_t spaces = k;
      skip_space(s, k);
      if (k > spaces && k < s.size() && s[k] == '-') {
        std::size_t m = k + 1, before = m;
        skip_space(s, m);
        std::size_t vstart = m;
        if (m > before && read_loose(s, m, b)) {
          out += ">= ";
          out += s.substr(start, j - start);
          out += ", <= ";
          out += s.substr(vstart, m - vstart);
          i = m;
          continue;
        }
      }
      out += s.substr(start, j - start);
      i = j;
      continue;
    }
    out += s[i++];
  }
  return out;
}

bool check_term(const SemConstraint::Term& c, const SemVersion& v, bool include_pre) {
  if (!include_pre && !v.prerelease.empty()) return false;
  const SemVersion& cv = c.version;
  auto tilde = [&] {
    if (v.compare(cv) < 0) return false;
    if (cv.major == 0 && cv.minor == 0 && cv.patch == 0 && !c.minor_dirty && !c.patch_dirty) {
      return true;
    }
    if (v.major != cv.major) return false;
    if (v.minor != cv.minor && !c.minor_dirty) return false;
    return true;
  };
  const std::string& op = c.op;
  if (op.empty() || op == "=") {
    if (c.dirty) return tilde();
    return v.compare(cv) == 0;
  }
  if (op == "!=") {
    if (c.dirty) {
      if (cv.major != v.major) return true;
      if (c.minor_dirty) return false;
      if (cv.minor != v.minor) return true;
      if (c.patch_dirty) return false;
    }
    return v.compare(cv) != 0;
  }
  if (op == ">") {
    if (!c.dirty) return v.compare(cv) > 0;
    if (v.major > cv.major) return true;
    if (v.major < cv.major) return false;
    if (c.minor_dirty) return false;
    if (c.patch_dirty) return v.minor > cv.minor;
    return v.compare(cv) > 0;
  }
  if (op == "<") return v.compare(cv) < 0;
  if (op == ">=" || op == "=>") return v.compare(cv) >= 0;
  if (op == "<=" || op == "=<") {
    if (!c.dirty) return v.compare(cv) <= 0;
    if (v.major > cv.major) return false;
    if (v.major == cv.major && v.minor > cv.minor && !c.minor_dirty) return false;
    return true;
  }
  if (op == "~" || op == "~>") return tilde();
  if (op == "^") {
    if (v.compare(cv) < 0) return false;
    if (cv.major > 0 || c.minor_dirty) return v.major == cv.major;
    if (v.major > 0) return false;
    if (cv.minor > 0 || c.patch_dirty) return v.minor == cv.minor;
    if (v.minor > 0) return false;
    return cv.patch == v.patch;
  }
  return false;
}

}  // namespace

std::optional<SemVersion> SemVersion::parse(std::string_view text) {
  std::size_t pos = 0;
  LooseVersion lv;
  if (!read_loose(text, pos, lv) || pos != text.size()) return std::nullopt;
  SemVersion v;
  if (!parse_uint(lv.major, v.major)) return std::nullopt;
  if (lv.has_minor && !parse_uint(lv.minor, v.minor)) return std::nullopt;
  if (lv.has_patch && !parse_uint(lv.patch, v.patch)) return std::nullopt;
  // Segments are parsed as 64-bit integers by semver; larger numbers are invalid.
  for (std::string_view part = lv.prerelease; !part.empty();) {
    auto dot = part.find('.');
    std::string_view id = part.substr(0, dot);
    bool numeric = !id.empty();
    for (char c : id) numeric = numeric && is_digit(c);
    if (numeric && id.size() > 1 && id[0] == '0') return std::nullopt;
    part = dot == std::string_view::npos ? std::string_view{} : part.substr(dot + 1);
  }
  v.prerelease = lv.prerelease;
  v.metadata = lv.metadata;
  return v;
}

namespace {

int compare_pre_part(std::string_view s, std::string_view o) {
  if (s == o) return 0;
  std::uint64_t a = 0, b = 0;
  bool sn = parse_uint(s, a), on = parse_uint(o, b);
  if (o.empty()) return sn ? 1 : -1;
  if (s.empty()) return on ? -1 : 1;
  if (sn && on) return a < b ? -1 : a > b ? 1 : 0;
  if (sn) return -1;
  if (on) return 1;
  return s < o ? -1 : 1;
}

}  // namespace

int SemVersion::compare(const SemVersion& o) const {
  auto cmp = [](std::uint64_t a, std::uint64_t b) { return a < b ? -1 : a > b ? 1 : 0; };
  if (int d = cmp(major, o.major)) return d;
  if (int d = cmp(minor, o.minor)) return d;
  if (int d = cmp(patch, o.patch)) return d;
  if (prerelease.empty() && o.prerelease.empty()) return 0;
  if (prerelease.empty()) return 1;
  if (o.prerelease.empty()) return -1;
  std::string_view a = prerelease, b = o.prerelease;
  while (!a.empty() || !b.empty()) {
    auto da = a.find('.'), db = b.find('.');
    std::string_view pa = a.substr(0, da), pb = b.substr(0, db);
    if (int d = compare_pre_part(pa, pb)) return d;
    a = da == std::string_view::npos ? std::string_view{} : a.substr(da + 1);
    b = db == std::string_view::npos ? std::string_view{} : b.substr(db + 1);
  }
  return 0;
}

std::optional<SemConstraint> SemConstraint::parse(std::string_view text) {
  std::string rewritten = rewrite_ranges(text);
  std::string_view s = rewritten;
  SemConstraint out;
  for (;;) {
    auto bar = s.find("||");
    std::string_view branch = s.substr(0, bar);
    std::vector<Term> terms;
    bool pre = false;
    std::size_t pos = 0;
    skip_space(branch, pos);
    if (pos == branch.size()) return std::nullopt;
    while (pos < branch.size()) {
      std::string_view op = read_op(branch, pos);
      skip_space(branch, pos);
      LooseVersion lv;
      if (!read_loose(branch, pos, lv)) return std::nullopt;
      auto term = make_term(op, lv);
      if (!term) return std::nullopt;
      pre = pre || !term->version.prerelease.empty();
      terms.push_back(std::move(*term));
      skip_space(branch, pos);
      if (pos < branch.size() && branch[pos] == ',') {
        ++pos;
        skip_space(branch, pos);
      }
    }
    out.any_of_.push_back(std::move(terms));
    out.has_prerelease_.push_back(pre);
    if (bar == std::string_view::npos) break;
    s = s.substr(bar + 2);
  }
  return out;
}

bool SemConstraint::check(const SemVersion& version) const {
  for (std::size_t i = 0; i < any_of_.size(); ++i) {
    bool all = true;
    for (const Term& t : any_of_[i]) {
      if (!check_term(t, version, has_prerelease_[i])) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

bool compatible_range(std::string_view constraint, std::string_view version) {
  auto v = SemVersion::parse(version);
  if (!v) return false;
  auto c = SemConstraint::parse(constraint);
  return c && c->check(*v);
}

}  // namespace render::chart
