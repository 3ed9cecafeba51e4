#include "template/functions/semver.hpp"

#include <charconv>

namespace render::tmpl {
namespace {

constexpr const char* kInvalidVersion = "invalid semantic version";
constexpr const char* kSegmentStartsZero = "version segment starts with 0";
constexpr const char* kInvalidPrerelease = "invalid prerelease string";
constexpr const char* kInvalidMetadata = "invalid metadata string";
constexpr const char* kConstraintParserError = "constraint parser error";

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
bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

void set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
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

// strconv.ParseUint(s, 10, 64) of a digit string: false on overflow (or an empty string).
bool parse_uint(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Reads "[-+]identifiers" at s[i...] when s[i] == lead: the maximal run the regex
// `lead([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)` matches (stopping before a trailing '.'). Returns false
// and leaves i unchanged when there is no such run.
bool read_extra(std::string_view s, std::size_t& i, char lead, std::string& dest) {
  if (i >= s.size() || s[i] != lead) return false;
  std::size_t from = i + 1, j = from;
  while (j < s.size() && (is_ident(s[j]) || s[j] == '.')) ++j;
  while (j > from && s[j - 1] == '.') --j;
  if (j == from || !identifiers(s.substr(from, j - from))) return false;
  dest = std::string(s.substr(from, j - from));
  i = j;
  return true;
}

// A version as the constraint grammar sees it: segments may be x/X/* wildcards or absent.
struct LooseVersion {
  std::string major, minor, patch;  // empty when absent
  bool has_minor = false, has_patch = false;
  std::string prerelease, metadata;
};

// The constraint regex's segment class [0-9|x|X|\*] (the '|' is semver's).
bool segment_char(char c) {
  return is_digit(c) || c == 'x' || c == 'X' || c == '*' || c == '|';
}

// Reads a constraint version (semver's cvRegex) at s[pos...]; false when there is none.
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
  read_extra(s, i, '-', out.prerelease);
  read_extra(s, i, '+', out.metadata);
  pos = i;
  return true;
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

// semver's parseConstraint after the regex matched: nullopt when the version does not parse
// ("constraint parser error").
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

// One "||" branch as semver's validConstraintRegex accepts it:
// ^\s*op\s*cv\s*((\s+|,\s*)op\s*cv\s*)*$
bool read_branch(std::string_view branch,
                 std::vector<std::pair<std::string_view, LooseVersion>>& out) {
  std::size_t pos = 0;
  skip_space(branch, pos);
  for (;;) {
    std::string_view op = read_op(branch, pos);
    skip_space(branch, pos);
    LooseVersion lv;
    if (!read_loose(branch, pos, lv)) return false;
    out.emplace_back(op, std::move(lv));
    std::size_t after = pos;
    skip_space(branch, pos);
    if (pos == branch.size()) return true;
    if (branch[pos] == ',') {
      ++pos;
      skip_space(branch, pos);
    } else if (pos == after) {
      return false;  // two constraints need a space or a comma between them
    }
  }
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

// semver's comparePrePart: equal parts 0; a missing part sorts first; numbers before
// alphanumerics; numbers numerically, others by bytes.
int compare_pre_part(std::string_view s, std::string_view o) {
  if (s == o) return 0;
  if (s.empty()) return -1;
  if (o.empty()) return 1;
  std::uint64_t a = 0, b = 0;
  bool sn = all_digits(s) && parse_uint(s, a);
  bool on = all_digits(o) && parse_uint(o, b);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1;
  if (!sn) return 1;
  return a > b ? 1 : -1;
}

}  // namespace

std::string semver_prerelease_error(std::string_view prerelease) {
  for (std::string_view rest = prerelease;;) {
    auto dot = rest.find('.');
    std::string_view part = rest.substr(0, dot);
    if (part.empty()) return kInvalidPrerelease;
    if (all_digits(part)) {
      if (part.size() > 1 && part[0] == '0') return kSegmentStartsZero;
    } else {
      for (char c : part) {
        if (!is_ident(c)) return kInvalidPrerelease;
      }
    }
    if (dot == std::string_view::npos) return {};
    rest = rest.substr(dot + 1);
  }
}

std::string semver_metadata_error(std::string_view metadata) {
  for (std::string_view rest = metadata;;) {
    auto dot = rest.find('.');
    std::string_view part = rest.substr(0, dot);
    if (part.empty()) return kInvalidMetadata;
    for (char c : part) {
      if (!is_ident(c)) return kInvalidMetadata;
    }
    if (dot == std::string_view::npos) return {};
    rest = rest.substr(dot + 1);
  }
}

std::optional<SemVersion> SemVersion::parse(std::string_view text, std::string* error) {
  // semver's looseSemVerRegex: ^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-pre)?(\+meta)?$
  std::size_t i = 0;
  if (i < text.size() && text[i] == 'v') ++i;
  std::string_view segments[3];
  for (int n = 0; n < 3; ++n) {
    if (n > 0) {
      if (i >= text.size() || text[i] != '.') break;
      ++i;
    }
    std::size_t from = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == from) {
      set_error(error, kInvalidVersion);
      return std::nullopt;
    }
    segments[n] = text.substr(from, i - from);
  }
  SemVersion v;
  read_extra(text, i, '-', v.prerelease);
  read_extra(text, i, '+', v.metadata);
  if (i != text.size()) {
    set_error(error, kInvalidVersion);
    return std::nullopt;
  }
  std::uint64_t* fields[3] = {&v.major, &v.minor, &v.patch};
  for (int n = 0; n < 3; ++n) {
    if (segments[n].empty()) continue;
    if (!parse_uint(segments[n], *fields[n])) {
      set_error(error, "error parsing version segment: strconv.ParseUint: parsing \"" +
                           std::string(segments[n]) + "\": value out of range");
      return std::nullopt;
    }
  }
  if (!v.prerelease.empty()) {
    std::string e = semver_prerelease_error(v.prerelease);
    if (!e.empty()) {
      set_error(error, std::move(e));
      return std::nullopt;
    }
  }
  return v;
}

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

std::string SemVersion::str() const {
  std::string out =
      std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  if (!prerelease.empty()) out += "-" + prerelease;
  if (!metadata.empty()) out += "+" + metadata;
  return out;
}

std::optional<SemConstraint> SemConstraint::parse(std::string_view text, std::string* error) {
  std::string rewritten = rewrite_ranges(text);
  std::string_view s = rewritten;
  SemConstraint out;
  for (;;) {
    auto bar = s.find("||");
    std::string_view branch = s.substr(0, bar);
    std::vector<std::pair<std::string_view, LooseVersion>> loose;
    if (!read_branch(branch, loose)) {
      set_error(error, "improper constraint: " + std::string(branch));
      return std::nullopt;
    }
    std::vector<Term> terms;
    bool pre = false;
    for (const auto& [op, lv] : loose) {
      auto term = make_term(op, lv);
      if (!term) {
        set_error(error, kConstraintParserError);
        return std::nullopt;
      }
      pre = pre || !term->version.prerelease.empty();
      terms.push_back(std::move(*term));
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

}  // namespace render::tmpl
