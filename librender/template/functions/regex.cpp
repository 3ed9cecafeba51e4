// Sprig's regular expression functions over RE2, which has Go's regexp syntax and semantics
// (leftmost-first, linear time). On top of RE2's search this file reproduces Go's iteration rules
// (FindAll, ReplaceAll and Split skip an empty match right after a match), Go's template expansion
// of "$1"/"${name}", and Go's compile error texts.
//
// Sprig v3.3.0: regexMatch swallows a compile error (false); the other non-must functions use
// regexp.MustCompile, whose panic the template engine reports as
// "regexp: Compile(`[`): error parsing regexp: missing closing ]: `[`"; the must* functions return
// the plain error "error parsing regexp: missing closing ]: `[`".
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <re2/re2.h>

#include "render/utf8.hpp"
#include "template/function.hpp"
#include "template/functions/regex.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {

struct Regex {
  std::unique_ptr<RE2> re;               // null when the pattern does not compile
  std::string error;                     // Go's error text when it does not
  std::vector<std::string> group_names;  // Go's SubexpNames: index -> name ("" if unnamed)
  int groups = 0;                        // number of capturing groups
};

namespace {

// Go's syntax.ErrorCode texts for RE2's error codes.
std::string_view go_error_code(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorBadCharRange:
      return "invalid character class range";
    case RE2::ErrorMissingBracket:
      return "missing closing ]";
    case RE2::ErrorMissingParen:
      return "missing closing )";
    case RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "regexp/syntax: internal error";
  }
}

std::string parse_error(std::string_view code, std::string_view expr) {
  std::string out = "error parsing regexp: ";
  out += code;
  out += ": `";
  out += expr;
  out += '`';
  return out;
}

// Brings Go-only syntax to RE2 and rejects what Go rejects but RE2 accepts: "(?<name>" is Go's
// (1.22+) spelling of "(?P<name>" (Go reads every "(?<" so, lookbehinds included); "\C" (any
// byte) is not Go syntax. Returns false with *error set when Go would not compile the pattern.
// *inserted receives the positions in out of the 'P's added.
bool translate(std::string_view pattern, std::string& out, std::string& error,
               std::vector<std::size_t>& inserted) {
  out.reserve(pattern.size() + 4);
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      char next = pattern[i + 1];
      if (next == 'Q') {  // \Q...\E: literal text
        std::size_t end = pattern.find("\\E", i + 2);
        std::size_t stop = end == std::string_view::npos ? pattern.size() : end + 2;
        out.append(pattern.substr(i, stop - i));
        i = stop - 1;
        continue;
      }
      if (next == 'C' && !in_class) {
        error = parse_error("invalid escape sequence", "\\C");
        return false;  // out holds the pattern before the error
      }
      out += c;
      out += next;
      ++i;
      continue;
    }
    if (in_class) {
      if (c == '[' && pattern.substr(i).starts_with("[:")) {  // [:alpha:]
        std::size_t end = pattern.find(":]", i + 2);
        if (end != std::string_view::npos) {
          out.append(pattern.substr(i, end + 2 - i));
          i = end + 1;
          continue;
        }
      }
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A ']' right after "[" or "[^" is a literal.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
      continue;
    }
    if (c == '(' &&
        (pattern.substr(i).starts_with("(?<") || pattern.substr(i).starts_with("(?P<"))) {
      // Go allows only ASCII letters, digits and '_' in names, RE2 any word character.
      std::size_t open = pattern.find('<', i);
      std::size_t close = pattern.find('>', open);
      if (close != std::string_view::npos) {
        std::string_view name = pattern.substr(open + 1, close - open - 1);
        if (std::any_of(name.begin(), name.end(),
                        [](char n) { return static_cast<unsigned char>(n) >= 0x80; })) {
          error = parse_error("invalid named capture", pattern.substr(i, close + 1 - i));
          return false;
        }
      }
    }
    if (c == '(' && pattern.substr(i).starts_with("(?<")) {
      out += "(?";
      inserted.push_back(out.size());
      out += "P<";
      i += 2;
      continue;
    }
    out += c;
  }
  return true;
}

// RE2's error in `prefix`, the translated pattern before a place where Go's parser fails, in
// Go's words; none when it parses or only leaves a group open (or, `cut`: a class or an escape,
// the pattern being cut short there), which is no error yet at that place.
std::optional<std::string> earlier_error(const std::string& prefix, bool cut) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(prefix, options);
  const RE2::ErrorCode code = re.error_code();
  if (re.ok() || code == RE2::ErrorMissingParen ||
      (cut && (code == RE2::ErrorMissingBracket || code == RE2::ErrorTrailingBackslash))) {
    return std::nullopt;
  }
  return parse_error(go_error_code(code), re.error_arg());
}

std::shared_ptr<const Regex> compile(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Regex>, std::less<>> cache;
  {
    std::lock_guard lock(mutex);
    auto it = cache.find(pattern);
    if (it != cache.end()) return it->second;
  }
  auto regex = std::make_shared<Regex>();
  std::string translated;
  std::vector<std::size_t> inserted;
  // Go's parser stops at a byte that does not begin valid UTF-8, naming the rest of the pattern
  // from there; RE2 names nothing. (An error in the pattern before it comes first.)
  if (const std::size_t bad = invalid_utf8_at(pattern); bad != std::string_view::npos) {
    regex->error = parse_error("invalid UTF-8", pattern.substr(bad));
    std::string before_error;
    if (!translate(pattern.substr(0, bad), translated, before_error, inserted)) {
      regex->error = before_error;
    } else if (auto earlier = earlier_error(translated, true)) {
      regex->error = *earlier;
    }
  } else if (!translate(pattern, translated, regex->error, inserted)) {
    // A Go-only error, unless the pattern before it has an earlier one.
    if (auto earlier = earlier_error(translated, false)) regex->error = *earlier;
  } else {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(std::int64_t{64} << 20);
    auto re = std::make_unique<RE2>(translated, options);
    if (re->ok()) {
      regex->groups = re->NumberOfCapturingGroups();
      regex->group_names.assign(static_cast<std::size_t>(regex->groups) + 1, std::string());
      for (const auto& [index, name] : re->CapturingGroupNames()) {
        regex->group_names[static_cast<std::size_t>(index)] = name;
      }
      regex->re = std::move(re);
    } else {
      std::string arg = re->error_arg();
      if (re->error_code() == RE2::ErrorPatternTooLarge) {
        arg = pattern;
      } else if (!inserted.empty()) {  // show the pattern's own "(?<" again
        std::size_t at = translated.find(arg);
        if (at != std::string::npos) {
          std::string original;
          for (std::size_t k = 0; k < arg.size(); ++k) {
            if (!std::binary_search(inserted.begin(), inserted.end(), at + k)) {
              original += arg[k];
            } else if (k + 1 == arg.size()) {  // RE2 stopped at our 'P', Go at the '<'
              original += '<';
            }
          }
          arg = std::move(original);
        }
      }
      regex->error = parse_error(go_error_code(re->error_code()), arg);
    }
  }
  std::lock_guard lock(mutex);
  if (cache.size() >= 512) cache.clear();  // templates use a handful of patterns
  cache.emplace(pattern, regex);
  return regex;
}

// strconv.CanBackquote.
bool can_backquote(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    long cp = next_code_point(s, i);
    if (cp < 0) return false;
    if (i - start > 1) {
      if (cp == 0xfeff) return false;
      continue;
    }
    if ((cp < ' ' && cp != '\t') || cp == '`' || cp == 0x7f) return false;
  }
  return true;
}

// The regexp a non-must function needs: MustCompile's panic text when it does not compile.
const Regex& must_compile(const std::string& pattern, std::shared_ptr<const Regex>& holder) {
  holder = compile(pattern);
  if (!holder->re) {
    std::string quoted = can_backquote(pattern) ? "`" + pattern + "`" : go_quote(pattern);
    throw FunctionError("regexp: Compile(" + quoted + "): " + holder->error);
  }
  return *holder;
}

// regexp.Compile for the must* functions: the error as it is.
const Regex& compile_or_error(const std::string& pattern, std::shared_ptr<const Regex>& holder) {
  holder = compile(pattern);
  if (!holder->re) throw FunctionError(holder->error);
  return *holder;
}

// Width of the rune at pos (Go's step: an invalid byte is one, the end is zero).
std::size_t rune_width(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  if (static_cast<unsigned char>(s[pos]) < 0x80) return 1;
  std::size_t j = pos;
  if (next_code_point(s, j) < 0) return 1;
  return j - pos;
}

// One match: offsets of group g at [2g], [2g+1]; -1 for a group that did not participate.
using Match = std::vector<std::int64_t>;

// The text a pattern runs over. Go's regexp reads a byte that does not begin valid UTF-8 as
// U+FFFD one byte wide (`.` matches it); RE2 matches no such byte. A text with one is searched
// as a copy with U+FFFD in its place, and the offsets are mapped back.
class Subject {
 public:
  explicit Subject(std::string_view text) : text_(text) {
    if (invalid_utf8_at(text) != std::string_view::npos) map(text);
  }
  // The text RE2 searches, and the offset in it of `pos` in the text.
  std::string_view searched() const { return mapped_ ? std::string_view(copy_) : text_; }
  std::size_t to_searched(std::size_t pos) const { return mapped_ ? to_copy_[pos] : pos; }
  // The offset in the text of `at` in the searched text (a code point's start, or the end).
  std::size_t to_text(std::size_t at) const { return mapped_ ? to_text_[at] : at; }

 private:
  void map(std::string_view text) {
    mapped_ = true;
    to_copy_.assign(text.size() + 1, 0);
    for (std::size_t i = 0; i < text.size();) {
      std::size_t next = i;
      to_copy_[i] = copy_.size();
      if (next_code_point(text, next) < 0) {
        copy_ += "\xEF\xBF\xBD";
      } else {
        copy_.append(text.substr(i, next - i));
      }
      i = next;
    }
    to_copy_[text.size()] = copy_.size();
    // (Only the starts of code points and the end are ever mapped back.)
    to_text_.assign(copy_.size() + 1, 0);
    for (std::size_t i = 0; i < text.size();) {
      to_text_[to_copy_[i]] = i;
      next_code_point(text, i);
    }
    to_text_[copy_.size()] = text.size();
  }

  std::string_view text_;
  bool mapped_ = false;
  std::string copy_;
  std::vector<std::size_t> to_copy_, to_text_;
};

bool find_at(const Regex& regex, const Subject& subject, std::size_t pos, int ngroups, Match& out) {
  const std::string_view s = subject.searched();
  pos = subject.to_searched(pos);
  constexpr std::size_t kInline = 8;
  std::array<re2::StringPiece, kInline> inline_subs;
  std::vector<re2::StringPiece> heap_subs;
  const auto count = static_cast<std::size_t>(ngroups) + 1;
  re2::StringPiece* subs = inline_subs.data();
  if (count > kInline) {
    heap_subs.resize(count);
    subs = heap_subs.data();
  }
  if (!regex.re->Match(re2::StringPiece(s.data(), s.size()), pos, s.size(), RE2::UNANCHORED, subs,
                       ngroups + 1)) {
    return false;
  }
  out.assign(count * 2, -1);
  for (std::size_t g = 0; g < count; ++g) {
    if (subs[g].data() == nullptr) continue;
    const auto begin = static_cast<std::size_t>(subs[g].data() - s.data());
    out[2 * g] = static_cast<std::int64_t>(subject.to_text(begin));
    out[2 * g + 1] = static_cast<std::int64_t>(subject.to_text(begin + subs[g].size()));
  }
  return true;
}

// Go's Regexp.allMatches: at most n matches (n < 0: all), an empty match adjacent to the previous
// match is skipped.
std::vector<Match> find_all(const Regex& regex, std::string_view s, std::int64_t n,
                            int ngroups = 0) {
  const Subject subject(s);
  std::vector<Match> out;
  if (n < 0) n = static_cast<std::int64_t>(s.size()) + 1;
  std::size_t pos = 0;
  std::int64_t prev_end = -1;
  Match m;
  while (static_cast<std::int64_t>(out.size()) < n && pos <= s.size()) {
    if (!find_at(regex, subject, pos, ngroups, m)) break;
    bool accept = true;
    if (m[1] == static_cast<std::int64_t>(pos)) {  // an empty match
      if (m[0] == prev_end) accept = false;
      std::size_t width = rune_width(s, pos);
      pos = width > 0 ? pos + width : s.size() + 1;
    } else {
      pos = static_cast<std::size_t>(m[1]);
    }
    prev_end = m[1];
    if (accept) out.push_back(m);
  }
  return out;
}

bool is_name_rune(char32_t r) {
  if (r < 0x80) {
    return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '_';
  }
  static const RE2 kNameRune("[\\pL\\p{Nd}]");
  std::string encoded;
  append_utf8(encoded, r);
  return RE2::FullMatch(encoded, kNameRune);
}

// Go's regexp.extract: a name after '$' ("1", "name", "{name}").
bool extract_name(std::string_view s, std::string_view& name, std::int64_t& num,
                  std::size_t& consumed) {
  if (s.empty()) return false;
  bool brace = false;
  std::size_t start = 0;
  if (s[0] == '{') {
    brace = true;
    start = 1;
  }
  std::size_t i = start;
  while (i < s.size()) {
    std::size_t j = i;
    long cp = next_code_point(s, j);
    if (cp < 0 || !is_name_rune(static_cast<char32_t>(cp))) break;
    i = j;
  }
  if (i == start) return false;
  name = s.substr(start, i - start);
  if (brace) {
    if (i >= s.size() || s[i] != '}') return false;
    ++i;
  }
  num = 0;
  for (char c : name) {
    if (c < '0' || c > '9' || num >= 100000000) {
      num = -1;
      break;
    }
    num = num * 10 + (c - '0');
  }
  if (name[0] == '0' && name.size() > 1) num = -1;  // no leading zeros
  consumed = i;
  return true;
}

// Go's Regexp.expand of a ReplaceAllString template.
void expand(std::string& out, std::string_view tmpl, const Regex& regex, std::string_view src,
            const Match& m) {
  while (!tmpl.empty()) {
    std::size_t dollar = tmpl.find('$');
    if (dollar == std::string_view::npos) break;
    out.append(tmpl.substr(0, dollar));
    tmpl.remove_prefix(dollar + 1);
    if (!tmpl.empty() && tmpl[0] == '$') {
      out += '$';
      tmpl.remove_prefix(1);
      continue;
    }
    std::string_view name;
    std::int64_t num = 0;
    std::size_t consumed = 0;
    if (!extract_name(tmpl, name, num, consumed)) {
      out += '$';  // malformed: a literal '$'
      continue;
    }
    tmpl.remove_prefix(consumed);
    auto append_group = [&](std::size_t g) {
      out.append(src.substr(static_cast<std::size_t>(m[2 * g]),
                            static_cast<std::size_t>(m[2 * g + 1] - m[2 * g])));
    };
    if (num >= 0) {
      auto g = static_cast<std::size_t>(num);
      if (2 * g + 1 < m.size() && m[2 * g] >= 0) append_group(g);
    } else {
      for (std::size_t g = 0; g < regex.group_names.size(); ++g) {
        if (regex.group_names[g] == name && 2 * g + 1 < m.size() && m[2 * g] >= 0) {
          append_group(g);
          break;
        }
      }
    }
  }
  out.append(tmpl);
}

// Go's Regexp.replaceAll with ReplaceAllString (literal = false) or ReplaceAllLiteralString.
std::string replace_all(const Regex& regex, std::string_view src, std::string_view repl,
                        bool literal) {
  bool expand_template = !literal && repl.find('$') != std::string_view::npos;
  int ngroups = expand_template ? regex.groups : 0;
  std::string out;
  out.reserve(src.size());
  const Subject subject(src);
  std::size_t last_end = 0;
  std::size_t search = 0;
  Match m;
  while (search <= src.size()) {
    if (!find_at(regex, subject, search, ngroups, m)) break;
    auto start = static_cast<std::size_t>(m[0]);
    auto end = static_cast<std::size_t>(m[1]);
    out.append(src.substr(last_end, start - last_end));
    // No replacement for an empty match right after the previous one.
    if (end > last_end || start == 0) {
      if (expand_template) {
        expand(out, repl, regex, src, m);
      } else {
        out.append(repl);
      }
    }
    last_end = end;
    std::size_t width = rune_width(src, search);
    if (search + width > end) {
      search += width;
    } else if (search + 1 > end) {
      ++search;
    } else {
      search = end;
    }
  }
  out.append(src.substr(last_end));
  return out;
}

// Go's Regexp.Split.
std::vector<std::string> split(const Regex& regex, const std::string& pattern, std::string_view s,
                               std::int64_t n) {
  std::vector<std::string> out;
  if (n == 0) return out;
  if (!pattern.empty() && s.empty()) {
    out.emplace_back();
    return out;
  }
  std::size_t begin = 0;
  std::size_t end = 0;
  for (const Match& m : find_all(regex, s, n)) {
    if (n > 0 && static_cast<std::int64_t>(out.size()) == n - 1) break;
    end = static_cast<std::size_t>(m[0]);
    if (m[1] != 0) out.emplace_back(s.substr(begin, end - begin));
    begin = static_cast<std::size_t>(m[1]);
  }
  if (end != s.size()) out.emplace_back(s.substr(begin));
  return out;
}

Value string_list(const std::vector<std::string>& items) {
  List out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(Value::string(item));
  return Value::list(std::move(out)).with_elements(Value::Elements::kStrings);  // Go's []string
}

Value find_all_strings(const Regex& regex, std::string_view s, std::int64_t n) {
  List out;
  for (const Match& m : find_all(regex, s, n)) {
    out.push_back(Value::string(std::string(
        s.substr(static_cast<std::size_t>(m[0]), static_cast<std::size_t>(m[1] - m[0])))));
  }
  // Go's FindAllString returns nil when nothing matches.
  Value found = out.empty() ? Value::nil_list() : Value::list(std::move(out));
  return found.with_elements(Value::Elements::kStrings);
}

Value find_string(const Regex& regex, std::string_view s) {
  Match m;
  if (!find_at(regex, Subject(s), 0, 0, m)) return Value::string("");
  return Value::string(
      std::string(s.substr(static_cast<std::size_t>(m[0]), static_cast<std::size_t>(m[1] - m[0]))));
}

using Compiler = const Regex& (*)(const std::string&, std::shared_ptr<const Regex>&);

template <Compiler kCompile>
Value fn_find(CallContext&, std::span<const Value> args) {
  std::shared_ptr<const Regex> holder;
  return find_string(kCompile(args[0].as_string(), holder), args[1].as_string());
}

template <Compiler kCompile>
Value fn_find_all(CallContext&, std::span<const Value> args) {
  std::shared_ptr<const Regex> holder;
  return find_all_strings(kCompile(args[0].as_string(), holder), args[1].as_string(),
                          args[2].as_int());
}

template <Compiler kCompile, bool kLiteral>
Value fn_replace_all(CallContext&, std::span<const Value> args) {
  std::shared_ptr<const Regex> holder;
  return Value::string(replace_all(kCompile(args[0].as_string(), holder), args[1].as_string(),
                                   args[2].as_string(), kLiteral));
}

template <Compiler kCompile>
Value fn_split(CallContext&, std::span<const Value> args) {
  std::shared_ptr<const Regex> holder;
  const std::string& pattern = args[0].as_string();
  const Regex& regex = kCompile(pattern, holder);
  if (args[2].as_int() == 0) {
    return Value::nil_list().with_elements(Value::Elements::kStrings);  // Split(s, 0) is nil
  }
  return string_list(split(regex, pattern, args[1].as_string(), args[2].as_int()));
}

bool matches(const Regex& regex, const std::string& s) {
  Match m;
  return find_at(regex, Subject(s), 0, 0, m);
}

}  // namespace

GoRegexp::GoRegexp(const std::string& pattern) : regex_(compile(pattern)) {}

const std::string& GoRegexp::error() const {
  return regex_->error;
}

bool GoRegexp::match(std::string_view s) const {
  Match m;
  return regex_->re && find_at(*regex_, Subject(s), 0, 0, m);
}

namespace {

Value fn_regex_match(CallContext&, std::span<const Value> args) {
  auto regex = compile(args[0].as_string());
  if (!regex->re) return Value::boolean(false);
  return Value::boolean(matches(*regex, args[1].as_string()));
}

Value fn_must_regex_match(CallContext&, std::span<const Value> args) {
  std::shared_ptr<const Regex> holder;
  return Value::boolean(
      matches(compile_or_error(args[0].as_string(), holder), args[1].as_string()));
}

// regexp.QuoteMeta: a backslash before each of \.+*?()|[]{}^$.
Value fn_quote_meta(CallContext&, std::span<const Value> args) {
  const std::string& s = args[0].as_string();
  std::string out;
  out.reserve(s.size() * 2);
  for (char c : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return Value::string(std::move(out));
}

}  // namespace

void add_regex_functions(FunctionList& out) {
  using P = Param;
  auto add = [&out](std::string_view name, std::vector<Param> params, FunctionImpl impl) {
    Function f;
    f.name = name;
    f.params = std::move(params);
    f.impl = impl;
    out.push_back(std::move(f));
  };
  add("regexMatch", {P::kString, P::kString}, fn_regex_match);
  add("mustRegexMatch", {P::kString, P::kString}, fn_must_regex_match);
  add("regexFind", {P::kString, P::kString}, fn_find<must_compile>);
  add("mustRegexFind", {P::kString, P::kString}, fn_find<compile_or_error>);
  add("regexFindAll", {P::kString, P::kString, P::kInt}, fn_find_all<must_compile>);
  add("mustRegexFindAll", {P::kString, P::kString, P::kInt}, fn_find_all<compile_or_error>);
  add("regexReplaceAll", {P::kString, P::kString, P::kString}, fn_replace_all<must_compile, false>);
  add("mustRegexReplaceAll", {P::kString, P::kString, P::kString},
      fn_replace_all<compile_or_error, false>);
  add("regexReplaceAllLiteral", {P::kString, P::kString, P::kString},
      fn_replace_all<must_compile, true>);
  add("mustRegexReplaceAllLiteral", {P::kString, P::kString, P::kString},
      fn_replace_all<compile_or_error, true>);
  add("regexSplit", {P::kString, P::kString, P::kInt}, fn_split<must_compile>);
  add("mustRegexSplit", {P::kString, P::kString, P::kInt}, fn_split<compile_or_error>);
  add("regexQuoteMeta", {P::kString}, fn_quote_meta);
}

}  // namespace render::tmpl
