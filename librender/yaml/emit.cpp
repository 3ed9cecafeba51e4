// The toYaml emitter: Helm's JSON round trip followed by yaml.v2's block-style output.
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "render/guards.hpp"
#include "render/number_format.hpp"
#include "render/utf8.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

constexpr std::size_t kBestWidth = 80;

std::u32string decode(std::string_view s) {
  std::u32string out;
  // Invalid bytes become U+FFFD, as the JSON step of toYaml would have replaced them.
  for (std::size_t i = 0; i < s.size();) {
    long cp = next_code_point(s, i);
    out.push_back(cp < 0 ? U'\uFFFD' : static_cast<char32_t>(cp));
  }
  return out;
}

// yaml.v2's is_printable: what may appear unescaped (tab and characters beyond the BMP may not).
bool printable(char32_t c) {
  return c == '\n' || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) ||
         (c >= 0xe000 && c <= 0xfffd && c != 0xfeff);
}

bool is_digit(char32_t c) {
  return c >= '0' && c <= '9';
}

bool looks_like_base60(std::string_view s) {
  // [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i >= s.size() || !is_digit(static_cast<unsigned char>(s[i]))) return false;
  while (i < s.size() && (is_digit(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    std::size_t from = i;
    while (i < s.size() && is_digit(static_cast<unsigned char>(s[i])) && i - from < 2) ++i;
    if (i == from || (i - from == 2 && s[from] > '5')) return false;
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (is_digit(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
  }
  return i == s.size();
}

// Would a YAML 1.1 reader take this plain text for something other than this string?
bool ambiguous(std::string_view s) {
  return resolve_plain(s).kind != PlainScalar::Kind::kString || go_yaml_timestamp(s) ||
         looks_like_base60(s);
}

// Whether `s` is at `i` followed by `a` then `b`.
template <typename Char>
bool pair_at(std::basic_string_view<Char> s, std::size_t i, char a, char b) {
  return i + 1 < s.size() && s[i] == static_cast<Char>(a) && s[i + 1] == static_cast<Char>(b);
}

// Whether yaml.v2 may write `s` as a plain scalar (its code points, or its bytes when it is
// printable ASCII).
template <typename Char>
bool plain_allowed(std::basic_string_view<Char> s) {
  if (s.empty()) return false;
  Char first = s.front();
  if (first == ' ' || s.back() == ' ') return false;
  for (char indicator : std::string_view("#,[]{}&*!|>'\"%@`")) {
    if (first == static_cast<Char>(indicator)) return false;
  }
  if ((first == '-' || first == '?' || first == ':') && (s.size() == 1 || s[1] == ' '))
    return false;
  if (s.back() == ':') return false;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (pair_at(s, i, ':', ' ') || pair_at(s, i, ' ', '#')) return false;
  }
  for (char start : {'-', '.'}) {
    if (s.size() >= 3 && s[0] == static_cast<Char>(start) && s[1] == s[0] && s[2] == s[0]) {
      return false;  // "---" or "..."
    }
  }
  return true;
}

enum class Style { kPlain, kSingle, kDouble, kLiteral };

// Text of printable ASCII only (no line break, no tab): most keys and values. Its style can be
// chosen, and its folding done, on the bytes themselves.
bool printable_ascii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// yaml.v2's line breaks: LF, CR, NEL and the Unicode line and paragraph separators.
bool is_break(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool has_break(const std::u32string& s) {
  return std::any_of(s.begin(), s.end(), is_break);
}

Style choose_style(std::string_view text, const std::u32string& s) {
  bool special = false, space_break = false, break_space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    special = special || !printable(s[i]);
    if (i + 1 < s.size()) {
      space_break = space_break || (s[i] == ' ' && is_break(s[i + 1]));
      break_space = break_space || (is_break(s[i]) && s[i + 1] == ' ');
    }
  }
  // toYaml asks for a literal block for text with a line feed; the emitter writes it double-
  // quoted where a block cannot hold it.
  if (s.find(U'\n') != std::u32string::npos) {
    if (special || space_break || s.back() == ' ') return Style::kDouble;
    return Style::kLiteral;
  }
  if (special) return Style::kDouble;
  if (ambiguous(text)) return Style::kDouble;
  // Other line breaks (U+2028, U+2029) rule out plain text, and single quotes too where a
  // space stands next to one.
  if (has_break(s)) return space_break || break_space ? Style::kDouble : Style::kSingle;
  return plain_allowed(std::u32string_view(s)) ? Style::kPlain : Style::kSingle;
}

class Emitter {
 public:
  explicit Emitter(std::string& out) : out_(out) {}

  void node(const Value& v, std::size_t indent) {
    if (v.is_list() || v.is_map()) {
      check_stack("a value written as YAML");
      check_size(out_.size(), kMaxMadeBytes, "the YAML text");  // shared parts are written in full
    }
    switch (v.kind()) {
      case Value::Kind::kMap:
        if (v.is_nil_map()) {
          out_ += "null";  // a nil map is JSON null before yaml.v2 sees it
        } else if (v.as_map().empty()) {
          out_ += "{}";
        } else {
          map(v.as_map(), indent, false);
        }
        return;
      case Value::Kind::kList:
        if (v.is_nil_list()) {
          out_ += "null";  // a nil slice is JSON null before yaml.v2 sees it
        } else if (v.as_list().empty()) {
          out_ += "[]";
        } else {
          list(v.as_list(), indent, false);
        }
        return;
      default:
        scalar(v, indent);
    }
  }

 private:
  std::size_t column() const {
    std::size_t start = out_.rfind('\n');
    start = start == std::string::npos ? 0 : start + 1;
    std::size_t n = 0;
    for (std::size_t i = start; i < out_.size(); ++i) {
      if ((static_cast<unsigned char>(out_[i]) & 0xc0) != 0x80) ++n;
    }
    return n;
  }

  void pad(std::size_t n) { out_.append(n, ' '); }

  static bool is_collection(const Value& v) {
    return (v.is_map() && !v.as_map().empty()) || (v.is_list() && !v.as_list().empty());
  }

  // Entries of a map at `indent`; with `inline_first` the first key continues the current line
  // (after "- ").
  void map(const Map& m, std::size_t indent, bool inline_first) {
    // The map holds its keys in byte order, which is yaml.v2's order for most keys: sort only
    // where the two differ.
    auto natural = [](const Map::value_type& a, const Map::value_type& b) {
      return natural_less(a.first, b.first);
    };
    if (std::is_sorted(m.begin(), m.end(), natural)) {
      for (const auto& e : m) entry(e, indent, inline_first && &e == &*m.begin());
      return;
    }
    std::vector<const Map::value_type*> entries;
    for (const auto& e : m) entries.push_back(&e);
    std::stable_sort(entries.begin(), entries.end(),
                     [&](const auto* a, const auto* b) { return natural(*a, *b); });
    bool first = true;
    for (const auto* e : entries) {
      entry(*e, indent, first && inline_first);
      first = false;
    }
  }

  // One "key: value" of a block mapping; `inline_first`: the line is already indented.
  void entry(const Map::value_type& e, std::size_t indent, bool inline_first) {
    if (!inline_first) pad(indent);
    // yaml.v2 writes a key that cannot be a simple key (text with a line break, or longer than
    // 128 bytes) after "? ", and its value after ": " on the next line.
    const bool complex =
        e.first.size() > 128 || (!printable_ascii(e.first) && has_break(decode(e.first)));
    if (complex) {
      out_ += "? ";
      string(e.first, indent + 2);
      out_ += '\n';
      pad(indent);
    } else {
      string(e.first, indent + 2, true);
    }
    out_ += ':';
    const Value& v = e.second;
    if (complex && is_collection(v)) {
      // After such a key, a collection starts on the line of the ':' (its first entry there).
      out_ += ' ';
      if (v.is_map()) {
        map(v.as_map(), indent + 2, true);
      } else {
        list(v.as_list(), indent + 2, true);
      }
    } else if (v.is_map() && !v.as_map().empty()) {
      out_ += '\n';
      map(v.as_map(), indent + 2, false);
    } else if (v.is_list() && !v.as_list().empty()) {
      out_ += '\n';
      list(v.as_list(), indent, false);
    } else {
      out_ += ' ';
      node(v, indent + 2);
      out_ += '\n';
    }
  }

  void list(const List& l, std::size_t indent, bool inline_first) {
    bool first = true;
    for (const Value& item : l) {
      if (!(first && inline_first)) pad(indent);
      first = false;
      out_ += "- ";
      if (item.is_map() && !item.as_map().empty()) {
        map(item.as_map(), indent + 2, true);
      } else if (item.is_list() && !item.as_list().empty()) {
        list(item.as_list(), indent + 2, true);
      } else {
        node(item, indent + 2);
        out_ += '\n';
      }
    }
  }

  void scalar(const Value& v, std::size_t indent) {
    switch (v.kind()) {
      case Value::Kind::kNil:
        out_ += "null";
        return;
      case Value::Kind::kBool:
        out_ += v.as_bool() ? "true" : "false";
        return;
      case Value::Kind::kInt:
      case Value::Kind::kInt64:
        out_ += std::to_string(v.as_int());
        return;
      case Value::Kind::kFloat: {
        // The JSON step prints integral values without a fraction; yaml.v2 then reads them as
        // integers when they fit in 64 bits, else as floats printed the %v way.
        double f = v.as_float();
        if (std::isfinite(f) && f == std::floor(f) && std::fabs(f) < 9.2e18) {
          out_ += std::to_string(static_cast<long long>(f));
        } else if (std::isfinite(f) && f == std::floor(f) && f > 0 && f < 18446744073709551616.0) {
          out_ += format_json_number(f);  // JSON's digits, read back by yaml.v2 as a uint64
        } else {
          out_ += format_go_v(f);
        }
        return;
      }
      case Value::Kind::kString:
      case Value::Kind::kBytes:
        string(v.as_string(), indent);
        return;
      case Value::Kind::kObject:
        string(v.as_object()->print(), indent);
        return;
      default:
        return;
    }
  }

  // A string scalar at `indent`. A simple key (`simple_key`: "key: value") is never folded.
  void string(std::string_view text, std::size_t indent, bool simple_key = false) {
    const bool fold = !simple_key;
    if (printable_ascii(text) && !ambiguous(text)) {
      // choose_style() without decoding: plain where allowed, else single-quoted.
      bool single = !plain_allowed(text);
      if (single) out_ += '\'';
      folded(text, indent, single, fold);
      if (single) out_ += '\'';
      return;
    }
    std::u32string s = decode(text);
    switch (choose_style(text, s)) {
      case Style::kPlain:
        folded(s, indent, false, fold);
        return;
      case Style::kSingle:
        out_ += '\'';
        folded(s, indent, true, fold);
        out_ += '\'';
        return;
      case Style::kDouble:
        double_quoted(s, indent, fold);
        return;
      case Style::kLiteral:
        literal(s, indent);
        return;
    }
  }

  // Plain or single-quoted text; with `fold`, a space becomes a line break once the line is past
  // the width. A line separator (U+2028, U+2029; single-quoted only) is written as it is and
  // the text goes on at `indent`. The text is code points (std::u32string) or, when it is
  // printable ASCII, its bytes.
  template <typename Text>
  void folded(const Text& s, std::size_t indent, bool single, bool fold) {
    std::size_t col = column();
    if constexpr (std::is_same_v<Text, std::string_view>) {
      // No space can be past the width in text that ends before it: written as it is.
      if ((!fold || col + s.size() <= kBestWidth + 1) &&
          !(single && s.find('\'') != std::string_view::npos)) {
        out_ += s;
        return;
      }
    }
    bool spaces = false, breaks = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      auto c = s[i];
      if constexpr (!std::is_same_v<Text, std::string_view>) {
        if (is_break(c)) {
          append_utf8(out_, c);
          col = 0;
          breaks = true;
          continue;
        }
        if (breaks) {
          pad(indent);
          col = indent;
          breaks = false;
        }
      }
      if (c == ' ') {
        if (fold && !spaces && col > kBestWidth && i > 0 && i + 1 < s.size() && s[i + 1] != ' ') {
          out_ += '\n';
          pad(indent);
          col = indent;
        } else {
          out_ += ' ';
          ++col;
        }
        spaces = true;
        continue;
      }
      if (single && c == '\'') {
        out_ += "''";
        col += 2;
      } else {
        if constexpr (std::is_same_v<Text, std::string_view>) {
          out_ += c;
        } else {
          append_utf8(out_, c);
        }
        ++col;
      }
      spaces = false;
    }
  }

  // Double-quoted text, escaped as yaml.v2 escapes it. With `fold`, a space once the line is
  // past the width becomes a line break and the text goes on at `indent` (a space right after
  // it is escaped so that it stays).
  void double_quoted(const std::u32string& s, std::size_t indent, bool fold) {
    static const char kHex[] = "0123456789ABCDEF";
    std::size_t col = column() + 1;
    out_ += '"';
    // yaml.v2 tests for a byte order mark at the start of the value, not at each character:
    // a value that starts with one has every character escaped.
    const bool starts_with_bom = !s.empty() && s.front() == 0xfeff;
    bool spaces = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char32_t c = s[i];
      if (!starts_with_bom && printable(c) && !is_break(c) && c != '"' && c != '\\') {
        if (c == ' ') {
          if (fold && !spaces && col > kBestWidth && i > 0 && i + 1 < s.size()) {
            out_ += '\n';
            pad(indent);
            col = indent;
            if (s[i + 1] == ' ') {
              out_ += '\\';
              ++col;
            }
          } else {
            out_ += ' ';
            ++col;
          }
          spaces = true;
          continue;
        }
        append_utf8(out_, c);
        ++col;
        spaces = false;
        continue;
      }
      spaces = false;
      const std::size_t escape_start = out_.size();
      out_ += '\\';
      switch (c) {
        case 0:
          out_ += '0';
          break;
        case 0x07:
          out_ += 'a';
          break;
        case 0x08:
          out_ += 'b';
          break;
        case 0x09:
          out_ += 't';
          break;
        case 0x0a:
          out_ += 'n';
          break;
        case 0x0b:
          out_ += 'v';
          break;
        case 0x0c:
          out_ += 'f';
          break;
        case 0x0d:
          out_ += 'r';
          break;
        case 0x1b:
          out_ += 'e';
          break;
        case '"':
          out_ += '"';
          break;
        case '\\':
          out_ += '\\';
          break;
        case 0x85:
          out_ += 'N';
          break;
        case 0xa0:
          out_ += '_';
          break;
        case 0x2028:
          out_ += 'L';
          break;
        case 0x2029:
          out_ += 'P';
          break;
        default: {
          int digits = c <= 0xff ? 2 : c <= 0xffff ? 4 : 8;
          out_ += digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
          for (int k = digits - 1; k >= 0; --k) out_ += kHex[(c >> (4 * k)) & 0xf];
        }
      }
      col += out_.size() - escape_start;  // escapes are ASCII
    }
    out_ += '"';
  }

  void literal(const std::u32string& s, std::size_t indent) {
    out_ += '|';
    if (s.front() == ' ' || s.front() == '\n') out_ += '2';
    std::size_t trailing = 0;
    for (auto it = s.rbegin(); it != s.rend() && *it == '\n'; ++it) ++trailing;
    if (trailing == 0) {
      out_ += '-';
    } else if (trailing > 1 || trailing == s.size()) {
      out_ += '+';
    }
    out_ += '\n';
    std::size_t content_end = s.size() - (trailing == 0 ? 0 : 1);
    bool line_start = true;
    for (std::size_t i = 0; i < content_end; ++i) {
      char32_t c = s[i];
      if (is_break(c)) {  // a line feed, or a separator written as it is, then the indentation
        append_utf8(out_, c);
        line_start = true;
        continue;
      }
      if (line_start) pad(indent);
      line_start = false;
      append_utf8(out_, c);
    }
    // The caller writes the newline that ends the last line.
  }

  std::string& out_;
};

}  // namespace

namespace {

// yaml.v2's key order over two code point sequences (std::string_view for ASCII text, whose
// bytes are its code points, or decoded text).
template <typename Text>
bool natural_less_in(const Text& a, const Text& b, bool v3) {
  // A digit of any script adds its distance from '0' (int64 arithmetic, wrapping as Go's does).
  auto add_digit = [](std::uint64_t n, char32_t c) {
    return n * 10 + static_cast<std::uint64_t>(static_cast<std::int64_t>(c) - '0');
  };
  bool digits = false;  // (yaml.v3) the last equal code point was a digit
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) {
      digits = go_is_digit(static_cast<char32_t>(a[i]));
      continue;
    }
    const auto ac = static_cast<char32_t>(a[i]), bc = static_cast<char32_t>(b[i]);
    bool al = go_is_letter(ac), bl = go_is_letter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return v3 && digits ? al : bl;
    // Digit runs starting here compare as numbers (a run with a non-zero digit before it in
    // a leading-zero case counts as 1, as yaml.v2 does).
    std::uint64_t an = 0, bn = 0;
    if (ac == '0' || bc == '0') {
      for (std::size_t j = i; j-- > 0 && go_is_digit(static_cast<char32_t>(a[j]));) {
        if (a[j] != '0') {
          an = bn = 1;
          break;
        }
      }
    }
    std::size_t ai = i, bi = i;
    for (; ai < a.size() && go_is_digit(static_cast<char32_t>(a[ai])); ++ai)
      an = add_digit(an, static_cast<char32_t>(a[ai]));
    for (; bi < b.size() && go_is_digit(static_cast<char32_t>(b[bi])); ++bi)
      bn = add_digit(bn, static_cast<char32_t>(b[bi]));
    if (an != bn) return static_cast<std::int64_t>(an) < static_cast<std::int64_t>(bn);
    if (ai != bi) return ai < bi;
    return ac < bc;
  }
  return a.size() < b.size();
}

}  // namespace

bool natural_less(std::string_view a_text, std::string_view b_text, bool v3) {
  if (printable_ascii(a_text) && printable_ascii(b_text)) {
    return natural_less_in(a_text, b_text, v3);
  }
  return natural_less_in(decode(a_text), decode(b_text), v3);
}

void append_yaml(const Value& value, std::string& out) {
  std::size_t start = out.size();
  const bool collection = value.is_map() || value.is_list();
  Emitter(out).node(value, collection ? 0 : 2);
  // A collection ends with its last line's newline, which toYaml drops. A scalar is written
  // without the newline that ends its last line (a kept block scalar's other line breaks are
  // its own): there the document's final newline is the one toYaml drops.
  if (collection && out.size() > start && out.back() == '\n') out.pop_back();
}

std::string to_yaml(const Value& value) {
  std::string out;
  append_yaml(value, out);
  return out;
}

}  // namespace render::yaml
