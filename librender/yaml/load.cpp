// Loading YAML the way Helm loads values files, on top of yaml-cpp's parser.
#include <yaml-cpp/anchor.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "fast_load.hpp"
#include "render/base64.hpp"
#include "render/diagnostic.hpp"
#include "render/go_quote.hpp"
#include "render/guards.hpp"
#include "render/number_format.hpp"
#include "render/utf8.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

// yaml.v2 reads a !!binary scalar as the bytes its base64 text stands for.
const std::string kBinaryTag = "tag:yaml.org,2002:binary";
const std::string kFloatTag = "tag:yaml.org,2002:float";
const std::string kTimestampTag = "tag:yaml.org,2002:timestamp";
constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

// The tags yaml.v2 resolves a scalar's text against; it takes the text of a scalar with any
// other tag (!foo, !!set...) as a string, and reads collections whatever their tag.
bool resolvable(std::string_view tag) {
  if (!tag.starts_with(kCoreTagPrefix)) return false;
  std::string_view name = tag.substr(kCoreTagPrefix.size());
  return name == "bool" || name == "int" || name == "float" || name == "null" ||
         name == "timestamp";
}

// Go's %#v of what yaml.v2 decodes the node into (map[interface {}]interface {} for a mapping,
// []interface {} for a sequence), for sigs.k8s.io/yaml's "invalid map key" message. Map keys
// print in Go's sorted order (strings by their bytes).
std::string go_syntax(const YAML::Node& n) {
  if (n.IsSequence()) {
    std::string out = "[]interface {}{";
    bool first = true;
    for (const auto& item : n) {
      if (!first) out += ", ";
      first = false;
      out += go_syntax(item);
    }
    return out + "}";
  }
  if (n.IsMap()) {
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto& kv : n) entries.emplace_back(go_syntax(kv.first), go_syntax(kv.second));
    std::sort(entries.begin(), entries.end());
    std::string out = "map[interface {}]interface {}{";
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i > 0) out += ", ";
      out += entries[i].first + ":" + entries[i].second;
    }
    return out + "}";
  }
  if (!n.IsScalar() || n.IsNull()) return "interface {}(nil)";
  if (n.Tag() != "?") return go_quote(n.Scalar());
  PlainScalar r = resolve_plain(n.Scalar());
  switch (r.kind) {
    case PlainScalar::Kind::kNull:
      return "interface {}(nil)";
    case PlainScalar::Kind::kBool:
      return r.boolean ? "true" : "false";
    case PlainScalar::Kind::kInt:
      return r.uint64_only ? go_uint64_syntax(r.unsigned_integer()) : std::to_string(r.integer);
    case PlainScalar::Kind::kFloat:
      return format_go_v(r.number);
    case PlainScalar::Kind::kString:
      break;
  }
  return go_quote(n.Scalar());
}

YAML::Mark mark_at(int line0) {
  YAML::Mark m = YAML::Mark::null_mark();
  m.pos = 0;
  m.line = line0;
  m.column = 0;
  return m;
}

// The lines of `text`, 0-based; blank lines and comments are "empty".
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

bool empty_line(std::string_view l) {
  std::size_t at = l.find_first_not_of(" \t\r");
  return at == std::string_view::npos || l[at] == '#';
}

// Where a line's comment starts, past a quoted scalar that is a node of the line (one that starts
// where a node does: first on the line, or after a "- " or a key's ": "); a quote inside a plain
// scalar ("it's") is text.
std::optional<std::size_t> comment_start(std::string_view l) {
  for (std::size_t i = 0; i < l.size(); ++i) {
    const char c = l[i];
    if (c == '"' || c == '\'') {
      const std::size_t before = l.find_last_not_of(" \t", i == 0 ? 0 : i - 1);
      if (i == 0 || before == std::string_view::npos ||
          ((l[before] == ':' || l[before] == '-') && before + 1 < i)) {
        const std::size_t length = quoted_end(l.substr(i));
        if (length == std::string_view::npos) return std::nullopt;  // open past the line
        i += length - 1;
      }
    } else if (c == '#' && (i == 0 || l[i - 1] == ' ' || l[i - 1] == '\t')) {
      return i;
    }
  }
  return std::nullopt;
}

// Calls visit(line, text) for each line of `text` (0-based, without its break) until it returns
// false; returns how many lines it went through.
template <typename Visit>
int each_line(std::string_view text, Visit visit) {
  int line = 0;
  for (std::size_t start = 0; start < text.size(); ++line) {
    std::size_t nl = text.find('\n', start);
    std::string_view l = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!visit(line, l)) return line;
  }
  return line;
}

// The 0-based line of the content after a leading "%" directive when no "---" comes first.
// Looks no further than the first line of content (the text is not split into lines: every
// load that reaches yaml-cpp passes here).
std::optional<int> directive_without_start(std::string_view text) {
  bool directive = false, content = false;
  std::optional<int> found;
  int lines = each_line(text, [&](int line, std::string_view l) {
    if (empty_line(l)) return true;
    if (l.starts_with("%")) {
      directive = true;
      return true;
    }
    content = true;
    if (directive && !l.starts_with("---")) found = line;
    return false;
  });
  // Directives and then the end: yaml.v2 stops at the end of the stream, on a line of its own.
  if (!content && directive) return lines;
  return found;
}

// The 0-based line of the first directive yaml.v2 does not know (a '%' starts any line it
// reads as a directive; YAML and TAG are the known names).
std::optional<int> unknown_directive(std::string_view text) {
  std::optional<int> found;
  each_line(text, [&](int line, std::string_view l) {
    if (!l.starts_with("%")) return true;
    std::string_view name = l.substr(1, l.find_first_of(" \t\r", 1) - 1);
    if (name != "YAML" && name != "TAG") found = line;
    return !found;
  });
  return found;
}

// yaml.v2's parser on the %YAML directives before the first document: a second one is "found
// duplicate %YAML directive", a version other than 1.1 "found incompatible YAML document". The
// 0-based line and the message of the first such directive.
std::optional<std::pair<int, const char*>> yaml_directive_problem(std::string_view text) {
  bool seen = false;
  std::optional<std::pair<int, const char*>> found;
  each_line(text, [&](int line, std::string_view l) {
    if (empty_line(l)) return true;
    if (!l.starts_with("%")) return false;
    if (!l.starts_with("%YAML") || (l.size() > 5 && l[5] != ' ' && l[5] != '\t')) return true;
    if (seen) {
      found = std::make_pair(line, kDuplicateVersionMessage);
      return false;
    }
    seen = true;
    std::size_t at = l.find_first_not_of(" \t", 5);
    auto number = [&](long& out) {
      out = 0;
      std::size_t from = at;
      while (at < l.size() && std::isdigit(static_cast<unsigned char>(l[at])) && out < 1000000) {
        out = out * 10 + (l[at++] - '0');
      }
      return at > from;
    };
    long major = 0, minor = 0;
    if (at == std::string_view::npos || !number(major) || at >= l.size() || l[at] != '.') {
      return true;
    }
    ++at;
    if (number(minor) && (major != 1 || minor != 1)) {
      found = std::make_pair(line, kIncompatibleVersionMessage);
      return false;
    }
    return true;
  });
  return found;
}

// Whether a "---" (or "...") line comes right before the document yaml-cpp starts at `line`
// (comments and blank lines between) or starts it.
bool opened_by_marker(std::string_view text, int line) {
  std::vector<std::string_view> lines = lines_of(text);
  for (int i = std::min<int>(line, static_cast<int>(lines.size()) - 1); i >= 0; --i) {
    std::string_view l = lines[static_cast<std::size_t>(i)];
    if (l.starts_with("---") || l.starts_with("...")) return true;
    if (i < line && !empty_line(l)) return false;
  }
  return false;
}

// yaml-cpp writes the escapes \N and \_ of a double-quoted scalar as the single bytes 0x85 and
// 0xA0; yaml.v2 writes U+0085 and U+00A0 in UTF-8. The reader refuses bytes of the text that
// are not UTF-8, so such a byte in a scalar came from one of those escapes.
std::string escapes_in_utf8(std::string s) {
  if (s.find_first_of("\x85\xA0") == std::string::npos) return s;
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t at = i;
    if (next_code_point(s, i) < 0 && (s[at] == '\x85' || s[at] == '\xA0')) {
      append_utf8(out, static_cast<unsigned char>(s[at]));
    } else {
      out.append(s, at, i - at);
    }
  }
  return out;
}

// The first "..." line (a document's end) that starts at or before `limit` after the first
// document began (its content, or a "---"), or nothing. yaml.v2 reads no further than that line.
std::optional<std::size_t> document_end_before(std::string_view text, std::size_t limit) {
  bool content = false;
  bool started = false;  // by a "---" line
  for (std::size_t line = 0; line < text.size() && line <= limit;) {
    const std::size_t eol = std::min(text.find('\n', line), text.size());
    const std::string_view l = text.substr(line, eol - line);
    const bool marker = is_document_marker(l);
    if (marker && l[0] == '.' && (content || started)) return line;
    started = started || (marker && l[0] == '-');
    const std::size_t first = l.find_first_not_of(" \t\r");
    if (marker && l[0] == '-') {
      // (Content on the "---" line starts the document.)
      const std::size_t after = l.find_first_not_of(" \t\r", 3);
      content = content || (after != std::string_view::npos && l[after] != '#');
    } else if (first != std::string_view::npos && l[first] != '#' && !(first == 0 && l[0] == '%') &&
               !marker) {
      content = true;
    }
    line = eol + 1;
  }
  return std::nullopt;
}

// Past the tag and anchor at `at` (only a tag with `only` '!'), where a node's text starts (a
// node's mark is where its first property is).
std::size_t past_properties(std::string_view text, std::size_t at, char only = '\0') {
  while (at < text.size() && (text[at] == '!' || (only == '\0' && text[at] == '&'))) {
    at = std::min(text.find_first_of(" \t\n", at), text.size());
    at = std::min(text.find_first_not_of(" \t", at), text.size());
  }
  return at;
}

// The mark of byte `at` of `text`.
YAML::Mark mark_of(std::string_view text, std::size_t at) {
  const std::size_t start = line_start(text, at);
  YAML::Mark mark = mark_at(static_cast<int>(
      std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(start), '\n')));
  mark.column = static_cast<int>(at - start);
  return mark;
}

class Loader {
 public:
  Loader(const LoadOptions& options, std::string_view text) : options_(options), text_(text) {}

  Value node(const YAML::Node& n, const std::string& pointer, int depth, Loaded& out) {
    check_stack("a YAML document");  // an anchor's value may even hold the anchor itself
    if (++visited_ > options_.max_nodes) {
      fail(code::kLimit, n.Mark(),
           "more than " + std::to_string(options_.max_nodes) +
               " nodes once aliases are expanded (the limit)");
    }
    if (depth > options_.max_depth) {
      fail(code::kLimit, n.Mark(),
           "nesting deeper than " + std::to_string(options_.max_depth) + " levels (the limit)");
    }
    const bool positions = options_.record_positions;
    if (positions) {
      out.values.emplace(pointer, std::make_pair(n.Mark().line + 1, n.Mark().column + 1));
    }
    if (options_.refuse_unknown_tags) check_core_tag(n);
    check_tags_end(n);
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return Value();
      case YAML::NodeType::Scalar:
        return scalar(n);
      case YAML::NodeType::Sequence: {
        List items;
        for (std::size_t i = 0; i < n.size(); ++i) {
          check_flow_entry(n, n[i]);
          items.push_back(
              node(n[i], positions ? pointer + "/" + std::to_string(i) : pointer, depth + 1, out));
        }
        return Value::list(std::move(items));
      }
      case YAML::NodeType::Map: {
        Map::Items items;
        // "<<: *base" (or a list of them) at items[at]: yaml.v2 decodes a mapping's entries in
        // document order into one map, a merge setting every key of the merged maps (the
        // earlier map of a list winning), so what comes later wins, merged or not.
        std::vector<std::pair<std::size_t, YAML::Node>> merges;
        std::set<std::string> seen;
        for (const auto& kv : n) {
          const YAML::Node& k = kv.first;
          check_flow_entry(n, k);
          // (A "<<" with no ':' after it is no key either.)
          if (n.Style() == YAML::EmitterStyle::Block) {
            check_key_has_colon(k);
            check_value_is_no_key(k, kv.second);
          }
          if (k.IsScalar() && (k.Tag() == "?" || k.Tag() == "tag:yaml.org,2002:merge") &&
              k.Scalar() == "<<") {
            merges.emplace_back(items.size(), kv.second);
            continue;
          }
          std::string key = key_text(k, k.IsNull() ? last_null_key_value(n) : kv.second);
          if (!seen.insert(key).second && options_.refuse_duplicate_keys) {
            fail(code::kParse, k.Mark(), "duplicate key `" + key + "`");
          }
          if (!kv.second.IsNull()) check_flow_entry(n, kv.second);
          if (!positions) {
            Value v = node(kv.second, pointer, depth + 1, out);
            items.emplace_back(std::move(key), std::move(v));
            continue;
          }
          std::string child = pointer + "/" + escape_pointer_token(key);
          out.keys.emplace(child, std::make_pair(k.Mark().line + 1, k.Mark().column + 1));
          Value v = node(kv.second, child, depth + 1, out);
          items.emplace_back(std::move(key), std::move(v));
        }
        if (merges.empty()) {
          return Value::map(Map::from_entries(std::move(items)));  // a repeated key: the last wins
        }
        Map entries;
        std::size_t next = 0;
        auto merge_map = [&](const YAML::Node& src) {
          if (!src.IsMap()) {
            fail(code::kParse, src.Mark(),
                 "map merge requires map or sequence of maps as the value");
          }
          Loaded scratch;
          Value merged = node(src, pointer, depth + 1, scratch);
          for (const auto& [key, value] : merged.as_map()) entries[key] = value;
        };
        for (const auto& [at, merge] : merges) {
          for (; next < at; ++next) entries[items[next].first] = std::move(items[next].second);
          if (merge.IsSequence()) {
            for (std::size_t i = merge.size(); i-- > 0;) merge_map(merge[i]);
          } else {
            merge_map(merge);
          }
        }
        for (; next < items.size(); ++next) {
          entries[items[next].first] = std::move(items[next].second);
        }
        return Value::map(std::move(entries));
      }
    }
    return Value();
  }

  // yaml.v2's scanner takes a tag to be '!' and the characters of a URI after it ("!<...>"
  // verbatim), and then wants a blank or a line break: "!!str\"q\"", "!x#c" and "{b: !x}" are
  // errors. yaml-cpp ends a tag at more characters and reads on.
  void check_tags_end(const YAML::Node& n) {
    if (n.Mark().pos < 0) return;
    auto at = static_cast<std::size_t>(n.Mark().pos);
    while (at < text_.size() && (text_[at] == '&' || text_[at] == '!')) {
      std::size_t end = at + 1;
      if (text_[at] == '&') {
        end = std::min(text_.find_first_of(" \t\r\n", at), text_.size());
      } else if (end < text_.size() && text_[end] == '<') {
        end = text_.find('>', end);
        if (end == std::string::npos) return;  // (yaml-cpp's error)
        ++end;
      } else {
        while (end < text_.size() && uri_char(text_[end])) ++end;
      }
      if (end < text_.size() && text_[end] != ' ' && text_[end] != '\t' && text_[end] != '\r' &&
          text_[end] != '\n') {
        if (text_[at] == '&') return;  // (an anchor's name: checked elsewhere)
        fail(code::kParse, mark_of(text_, end), kTagEndMessage);
      }
      at = std::min(text_.find_first_not_of(" \t", end), text_.size());
    }
  }

  // yaml-cpp ends a quoted scalar that never closes at the end of the text; yaml.v2 finds the
  // end of the stream there.
  void check_quote_closes(const YAML::Node& n) {
    if (n.Mark().pos < 0) return;
    const std::size_t at = past_properties(text_, static_cast<std::size_t>(n.Mark().pos));
    if (at >= text_.size() || (text_[at] != '"' && text_[at] != '\'')) return;
    if (quoted_end(text_.substr(at)) == std::string_view::npos) {
      fail(code::kParse, n.Mark(), kUnclosedQuoteMessage);
    }
  }

  // yaml.v2's scanner takes the spaces that indent a block scalar's lines and refuses a tab
  // among them: on the lines up to its first that is not empty, while it looks for the
  // indentation (no indicator), or before the indicated column on any of its lines. yaml-cpp
  // takes such a tab into the text.
  void check_block_scalar_tabs(const YAML::Node& n) {
    if (n.Mark().pos < 0) return;
    const auto mark = static_cast<std::size_t>(n.Mark().pos);
    const std::size_t at = past_properties(text_, mark);
    if (at >= text_.size() || (text_[at] != '|' && text_[at] != '>')) return;
    std::size_t indicator = 0;
    for (std::size_t i = at + 1; i < text_.size() && i <= at + 2; ++i) {
      if (text_[i] >= '1' && text_[i] <= '9') indicator = static_cast<std::size_t>(text_[i] - '0');
    }
    std::optional<std::size_t> indent;  // the text's column, when indicated
    if (indicator != 0) {
      std::optional<std::size_t> parent = collection_column(mark);
      if (!parent) return;
      indent = *parent + indicator;
    }
    int line = n.Mark().line;
    for (std::size_t nl = text_.find('\n', at); nl != std::string_view::npos;
         nl = text_.find('\n', nl + 1)) {
      ++line;
      const std::size_t begin = nl + 1;
      std::size_t col = 0;
      auto indenting = [&] { return !indent || col < *indent; };
      while (begin + col < text_.size() && text_[begin + col] == ' ' && indenting()) ++col;
      const char c = begin + col < text_.size() ? text_[begin + col] : '\n';
      if (c == '\t' && indenting()) {
        YAML::Mark m = mark_at(line);
        m.column = static_cast<int>(col);
        fail(code::kParse, m, kBlockScalarTabMessage);
      }
      if (c == '\n' || c == '\r') continue;  // an empty line
      if (!indent || col < *indent) return;  // the first line of text, or the end
    }
  }

  // yaml-cpp takes a plain scalar or a flow collection alone on its line among a block
  // mapping's keys for a key with no value; yaml.v2's scanner wants its ':' ("could not find
  // expected ':'").
  void check_key_has_colon(const YAML::Node& k) {
    if (k.Mark().pos < 0) return;
    auto at = static_cast<std::size_t>(k.Mark().pos);
    // An explicit key ("? a", its value on a line of its own or none) needs no ':' after it, and
    // may go on over lines as any node may.
    std::size_t before = at == 0 ? std::string::npos : text_.find_last_not_of(" \t", at - 1);
    if (before != std::string::npos && text_[before] == '?' &&
        (before == 0 || text_[before - 1] == ' ' || text_[before - 1] == '\t' ||
         text_[before - 1] == '\n')) {
      return;
    }
    std::size_t after = std::string::npos;
    const std::size_t p = past_properties(text_, at);  // the key's text ("&a k", "!t k")
    const bool quoted_key = p < text_.size() && (text_[p] == '"' || text_[p] == '\'');
    if (p != at && k.IsScalar() && !quoted_key) {
      const std::string& name = k.Scalar();
      if (name.empty() || text_.compare(p, name.size(), name) != 0) return;
      after = p + name.size();
    } else if (k.IsScalar() && k.Tag() == "?") {
      const std::string& name = k.Scalar();
      if (name.empty()) return;
      if (text_.compare(at, name.size(), name) != 0) {
        // Not as written: a plain key folded from several lines (yaml-cpp takes one, with or
        // without a ':' after it), which yaml.v2 refuses as it does a line without a ':'.
        std::size_t eol = std::min(text_.find('\n', at), text_.size());
        std::size_t line = at == 0 ? 0 : text_.rfind('\n', at - 1) + 1;
        if (cannot_be_key(std::string_view(text_).substr(at, eol - at), at == line)) {
          fail(code::kParse, k.Mark(), kKeylessMessage);
        }
        return;
      }
      after = at + name.size();
    } else if (k.IsScalar() && quoted_key) {
      // A quoted key: yaml.v2 takes none that goes on over lines, ':' after it or not.
      const std::size_t length = quoted_end(std::string_view(text_).substr(p));
      if (length == std::string::npos) return;
      if (text_.find('\n', p) < p + length) fail(code::kParse, k.Mark(), kKeylessMessage);
      after = p + length;
    } else if ((k.IsMap() || k.IsSequence()) && k.Style() == YAML::EmitterStyle::Flow) {
      after = flow_end(p);  // a flow collection as the key ("{"a":1}" alone on its line)
    }
    if (after == std::string::npos) return;
    std::size_t end = text_.find_first_not_of(" \t", after);
    if (end < text_.size() && text_[end] == ':') return;
    fail(code::kParse, k.Mark(), kKeylessMessage);
  }

  // A flow collection on a line of its own at its key's column ("a:" then "[b]") is, to
  // yaml.v2's scanner, a key of the mapping (a possible key at the mapping's indentation must
  // be one), which then wants its ':'. yaml-cpp reads it as the value of the key above.
  void check_value_is_no_key(const YAML::Node& k, const YAML::Node& v) {
    // Only a value that starts a later line (not one after an explicit key's ':').
    if (v.Mark().pos < 0 || v.Mark().line <= k.Mark().line) return;
    const auto at = static_cast<std::size_t>(v.Mark().pos);
    const std::size_t begin = line_start(text_, at);
    if (text_.find_first_not_of(" \t", begin) < at) return;
    // (Nor may such a line be indented with a tab: after a line break a possible key may
    // follow, and then yaml.v2 takes no tab for white space.)
    if (const std::size_t tab = text_.find('\t', begin); tab < at) {
      YAML::Mark m = v.Mark();
      m.column = static_cast<int>(tab - begin);
      fail(code::kParse, m, "unknown token");
    }
    if (!(v.IsMap() || v.IsSequence()) || v.Style() != YAML::EmitterStyle::Flow) return;
    if (v.Mark().column != k.Mark().column) return;
    const std::size_t end =
        flow_end(past_properties(text_, static_cast<std::size_t>(v.Mark().pos)));
    if (end == std::string::npos) return;
    const std::size_t next = text_.find_first_not_of(" \t", end);
    if (next < text_.size() && text_[next] == ':') return;
    fail(code::kParse, v.Mark(), kKeylessMessage);
  }

  // One past the bracket that closes the flow collection opening at `at`, or npos.
  std::size_t flow_end(std::size_t at) const {
    if (at >= text_.size() || (text_[at] != '[' && text_[at] != '{')) return std::string::npos;
    for (int depth = 0; at < text_.size(); ++at) {
      char c = text_[at];
      if (c == '"' || c == '\'') {
        std::size_t length = quoted_end(text_.substr(at));
        if (length == std::string::npos) return length;
        at += length - 1;
      } else if (c == '#' && at > 0 && (text_[at - 1] == ' ' || text_[at - 1] == '\t')) {
        at = std::min(text_.find('\n', at), text_.size());  // a comment
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if ((c == ']' || c == '}') && --depth == 0) {
        return at + 1;
      }
    }
    return std::string::npos;
  }

  // yaml-cpp takes an empty entry of a flow collection ("[1,,2]", "[,]", "{,}") for a null;
  // yaml.v2 finds no node there. Such a null stands at the ',' (an empty value after ':' is
  // valid YAML and stands at what follows it, so only entries and keys are checked).
  // Nor does it find one at a ':' followed by more than a blank ("[:a]", "{a: :b}"): in a flow
  // collection its scanner always takes ':' for the indicator, where yaml-cpp reads a plain
  // scalar.
  void check_flow_entry(const YAML::Node& collection, const YAML::Node& entry) {
    if (collection.Style() != YAML::EmitterStyle::Flow) return;
    const YAML::Mark m = entry.Mark();
    if (m.pos < 0 || static_cast<std::size_t>(m.pos) >= text_.size()) return;
    const char c = text_[static_cast<std::size_t>(m.pos)];
    if ((entry.IsNull() && c == ',') || (entry.IsScalar() && entry.Tag() == "?" && c == ':')) {
      fail(code::kParse, m, kNoNodeMessage);
    }
  }

  [[noreturn]] void fail(const char* kind, const YAML::Mark& mark, const std::string& message) {
    Diagnostic d;
    d.code = kind;
    d.location = {options_.file, mark.line + 1, mark.column + 1, ""};
    d.message = message;
    throw Error(std::move(d));
  }

 private:
  // Only the core schema's tags (no !!binary, !!timestamp, local or language tags).
  void check_core_tag(const YAML::Node& n) {
    const std::string& tag = n.Tag();
    if (tag.empty() || tag == "?" || tag == "!") return;
    static const std::set<std::string, std::less<>> kCore = {
        "tag:yaml.org,2002:str",  "tag:yaml.org,2002:int",  "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq"};
    if (!kCore.contains(tag)) fail(code::kParse, n.Mark(), "unsupported tag `" + tag + "`");
  }

  // The value of a mapping's last null key: yaml.v2 decodes the mapping into one Go map, where a
  // later null key replaces an earlier one's value before the conversion to JSON refuses the key.
  static YAML::Node last_null_key_value(const YAML::Node& map) {
    std::optional<YAML::Node> value;
    for (const auto& kv : map) {
      if (kv.first.IsNull()) value.emplace(kv.second);
    }
    return *value;
  }

  // A map key as Helm sees it: plain keys are resolved (so `n:` becomes "false", `0x1F:` "31")
  // and named as sigs.k8s.io/yaml names them. A sequence or mapping as a key, a null key and a
  // key only uint64 holds fail as they do there (`value` is the key's value, for the message).
  std::string key_text(const YAML::Node& k, const YAML::Node& value) {
    // No key at all before the ':' (yaml-cpp reads a null there; yaml.v2's parser stops).
    if (k.IsNull() && k.Mark().pos >= 0 && static_cast<std::size_t>(k.Mark().pos) < text_.size() &&
        text_[static_cast<std::size_t>(k.Mark().pos)] == ':') {
      fail(code::kParse, k.Mark(), kEmptyKeyMessage);
    }
    if (k.IsNull()) {
      fail(code::kParse, k.Mark(),
           unsupported_key_message(KeyTrouble::kNull, 0, top_syntax(value)));
    }
    if (!k.IsScalar()) fail(code::kParse, k.Mark(), "invalid map key: " + go_syntax(k));
    const std::string& tag = k.Tag();
    std::optional<double> int_as_float;
    if (tag != "?") {
      // A tagged key is decoded as a tagged value is: !!binary as its bytes, !!int, !!float,
      // !!bool and !!null by the text's resolution (checked against the tag), anything else as
      // its text.
      if (options_.refuse_unknown_tags) check_core_tag(k);
      check_block_scalar_tabs(k);
      check_tags_end(k);
      if (tag == kBinaryTag) return binary_text(k);
      if (tag == "!") check_quote_closes(k);
      if (tag == kTimestampTag || !resolvable(tag)) return escapes_in_utf8(k.Scalar());
      PlainScalar r = resolve_plain(k.Scalar());
      check_resolves_to(tag, r, k);
      // An integer under !!float became a float64, which is named as floats are.
      if (tag == kFloatTag && r.kind == PlainScalar::Kind::kInt) int_as_float = r.to_double();
    }
    KeyTrouble trouble = KeyTrouble::kNone;
    std::uint64_t unsigned_key = 0;
    std::string name = plain_key_name(k.Scalar(), trouble, unsigned_key);
    if (int_as_float) name = format_go_g32(*int_as_float);
    if (trouble != KeyTrouble::kNone) {
      fail(code::kParse, k.Mark(),
           unsupported_key_message(trouble, unsigned_key, top_syntax(value)));
    }
    return name;
  }

  // A !!binary scalar: yaml.v2 decodes the bytes into a string; Helm's values then pass through
  // JSON, which turns the bytes that are not UTF-8 into U+FFFD.
  std::string binary_text(const YAML::Node& n) {
    std::string bytes, error;
    if (!base64_decode(n.Scalar(), bytes, error)) {
      fail(code::kParse, n.Mark(), "!!binary value contains invalid base64 data");
    }
    return coerce_to_utf8(bytes);
  }

  // fmt's %+#v of a decoded value on its own: as go_syntax, but a nil is "<nil>".
  static std::string top_syntax(const YAML::Node& n) {
    std::string s = go_syntax(n);
    return s == "interface {}(nil)" ? "<nil>" : s;
  }

  Value scalar(const YAML::Node& n) {
    const std::string& tag = n.Tag();
    if (tag == "!") check_quote_closes(n);
    check_block_scalar_tabs(n);
    if (tag == "!" || tag == "tag:yaml.org,2002:str") {
      return Value::string(escapes_in_utf8(folded_keep_fixed(n)));
    }
    if (tag == kBinaryTag) return Value::string(binary_text(n));
    const bool tagged = !tag.empty() && tag != "?";
    if (tagged && !resolvable(tag)) return Value::string(n.Scalar());
    PlainScalar r = resolve_plain(n.Scalar());
    if (tagged) check_resolves_to(tag, r, n);
    if (r.kind == PlainScalar::Kind::kFloat && !std::isfinite(r.number)) non_finite_ = true;
    switch (r.kind) {
      case PlainScalar::Kind::kNull:
        return Value();
      case PlainScalar::Kind::kBool:
        return Value::boolean(r.boolean);
      case PlainScalar::Kind::kInt:
      case PlainScalar::Kind::kFloat:
        return Value::number(r.to_double());
      case PlainScalar::Kind::kString:
        return Value::string(n.Scalar());
    }
    return Value();
  }

  // A folded block scalar kept whole (">+") whose last line is not more indented and is
  // followed by empty lines: yaml-cpp folds that line's own break away, yaml.v2 keeps it
  // ("x\n\n\n" for "x" and two empty lines, not "x\n\n"). Any other scalar as yaml-cpp reads it.
  std::string folded_keep_fixed(const YAML::Node& n) const {
    std::string value = n.Scalar();
    const auto mark = static_cast<std::size_t>(std::max(0, n.Mark().pos));
    const std::size_t at = past_properties(text_, mark);
    if (at >= text_.size() || text_[at] != '>') return value;
    std::size_t i = at + 1;
    bool keep = false;
    std::size_t explicit_indent = 0;
    for (; i < text_.size() &&
           (text_[i] == '+' || text_[i] == '-' || (text_[i] >= '0' && text_[i] <= '9'));
         ++i) {
      if (text_[i] >= '0' && text_[i] <= '9') {
        explicit_indent = static_cast<std::size_t>(text_[i] - '0');
      } else {
        keep = keep || text_[i] == '+';
      }
    }
    if (!keep) return value;
    std::size_t content_indent = 0, last_indent = 0, trailing_empty = 0;
    if (explicit_indent != 0) {
      // The text is indented by that much more than the collection the scalar is in.
      std::optional<std::size_t> parent = collection_column(mark);
      if (!parent) return value;
      content_indent = *parent + explicit_indent;
    }
    std::size_t line = text_.find('\n', i);
    bool content = false;
    while (line != std::string_view::npos && line + 1 < text_.size()) {
      std::size_t begin = line + 1;
      line = text_.find('\n', begin);
      std::string_view l =
          text_.substr(begin, line == std::string_view::npos ? line : line - begin);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      std::size_t indent = std::min(l.find_first_not_of(' '), l.size());
      if (indent == l.size()) {  // an empty line
        if (content) ++trailing_empty;
        continue;
      }
      if (content || explicit_indent != 0 ? indent < content_indent : indent == 0) break;  // ended
      if (!content && explicit_indent == 0) content_indent = indent;
      content = true;
      last_indent = indent;
      trailing_empty = 0;
    }
    std::size_t newlines = value.size() - std::min(value.find_last_not_of('\n') + 1, value.size());
    if (content && trailing_empty > 0 && last_indent == content_indent &&
        newlines == trailing_empty) {
      value += '\n';
    }
    return value;
  }

  // The column of the block collection whose entry the node at `mark` is the value of, read
  // from the line it starts on: a key's column ("k: >2+", "- k: >2+"), or an entry's dash
  // ("- >1+"). Nothing when that line does not show it (the node starts the line).
  std::optional<std::size_t> collection_column(std::size_t mark) const {
    const std::size_t begin = line_start(text_, mark);
    std::string_view prefix = text_.substr(begin, mark - begin);
    while (!prefix.empty() && prefix.back() == ' ') prefix.remove_suffix(1);
    std::size_t col = 0, last_dash = std::string_view::npos;
    for (;;) {  // the dashes of entries, each followed by a space
      while (col < prefix.size() && prefix[col] == ' ') ++col;
      if (col + 1 < prefix.size() && prefix[col] == '-' && prefix[col + 1] == ' ') {
        last_dash = col++;
        continue;
      }
      if (col + 1 == prefix.size() && prefix[col] == '-') last_dash = col++;
      break;
    }
    if (col == prefix.size()) {
      if (last_dash == std::string_view::npos) return std::nullopt;
      return last_dash;
    }
    if (prefix.back() != ':') return std::nullopt;
    return col;
  }

  // yaml.v2's check of an explicit tag against what the text resolves to: the same tag, or an
  // integer of int64's range under !!float (a timestamp keeps its text, as yaml.v2 gives it to
  // interface{}).
  void check_resolves_to(const std::string& tag, const PlainScalar& r, const YAML::Node& n) {
    static constexpr std::string_view kNames[] = {"null", "bool", "int", "float", "str"};
    std::string_view resolved = kNames[static_cast<int>(r.kind)];
    std::string_view wanted = std::string_view(tag).substr(kCoreTagPrefix.size());
    if (wanted == "timestamp" && r.kind == PlainScalar::Kind::kString &&
        go_yaml_timestamp(n.Scalar())) {
      return;
    }
    // yaml.v2 turns an int or int64 into a float there, not a uint64.
    if (resolved == wanted || (wanted == "float" && resolved == "int" && !r.uint64_only)) return;
    fail(code::kParse, n.Mark(),
         "cannot decode !!" + std::string(resolved) + " `" + n.Scalar() + "` as a !!" +
             std::string(wanted));
  }

  const LoadOptions& options_;
  std::string_view text_;
  std::size_t visited_ = 0;

 public:
  bool non_finite_ = false;
};

}  // namespace

namespace {

// Where yaml.v2 stops when it reads the first of several documents: the "---" or "..." line
// after the first document's node, which starts at `first`.
std::size_t first_document_end(std::string_view text, const YAML::Mark& first) {
  std::size_t from = offset_of(text, std::max(first.line, 0), std::max(first.column, 0));
  for (std::size_t at = text.find('\n', from); at != std::string_view::npos;
       at = text.find('\n', at + 1)) {
    std::string_view rest = text.substr(at + 1);
    if (is_document_marker(rest)) {
      return at + 1;
    }
  }
  return text.size();
}

// yaml-cpp's parser, given a ',' where a document's node should start (",", "!!str ,", or after
// a top-level scalar: "a ,"), hands out empty documents at that place forever, and LoadAll
// collects them until the memory is gone. Walking the documents' events first finds such a
// place: a document that starts where the one before did.
class ProgressCheck final : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> stuck;
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0 && mark.pos == start_.pos) stuck = mark;
    start_ = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  int documents_ = 0;
  YAML::Mark start_;
};

std::optional<YAML::Mark> stuck_document(const std::string& text) {
  if (text.find(',') == std::string::npos) return std::nullopt;
  std::istringstream in(text);
  YAML::Parser parser(in);
  ProgressCheck check;
  while (!check.stuck && parser.HandleNextDocument(check)) {
  }
  return check.stuck;
}

// Whether that ',' is where the first document's node should be: nothing but blank lines,
// comments, directives and one "---" before it. Then yaml.v2 finds no node there; anywhere else
// the first document is complete before it, and yaml.v2 reads no further.
bool opens_first_document(std::string_view text, std::size_t at) {
  std::size_t pos = 0;
  bool started = false;
  while (pos < at) {
    std::size_t end = std::min(text.find('\n', pos), at);
    std::string_view line = text.substr(pos, end - pos);
    const bool marker = !started && is_document_marker(line, '-');
    started = started || marker;
    if (marker) line.remove_prefix(3);
    const std::size_t first = line.find_first_not_of(" \t\r");
    const std::string_view content = first == std::string_view::npos ? "" : line.substr(first);
    if (!content.empty() && content[0] != '#' && !(content[0] == '%' && !started)) return false;
    pos = end + 1;
  }
  return true;
}

// The first document's parser events, for what yaml.v2 refuses there and yaml-cpp does not: a
// "\/" escape, an anchor's name, and aliases past yaml.v2's guard against their expansion
// (decode.go), replayed here: every node it decodes counts, and every node decoded through an alias
// counts again as aliased; past 1000 decodes and 100 aliased ones, more aliased than a share that
// falls from 99% at 400,000 decodes to 10% at 4,000,000 stops it ("document contains excessive
// aliasing"). An alias met again while its own expansion is under way is "anchor 'x' value contains
// itself".
class FirstDocument final : public YAML::EventHandler {
 public:
  explicit FirstDocument(std::string_view text) : text_(text) {}

  // Where the document's root node starts (nothing when no node was read), and whether it is a
  // block sequence.
  std::optional<std::size_t> root_start() const {
    if (root_ < 0) return std::nullopt;
    return nodes_[static_cast<std::size_t>(root_)].pos;
  }
  bool root_is_block_sequence() const {
    if (root_ < 0) return false;
    const Node& root = nodes_[static_cast<std::size_t>(root_)];
    return root.kind == Kind::kSequence && !root.flow;
  }

  // The first document's trouble, if any.
  std::optional<std::string> trouble() {
    if (root_ < 0) return std::nullopt;
    try {
      ++decoded_;  // the document node
      decode(root_);
    } catch (const std::string& message) {
      return message;
    }
    return std::nullopt;
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    add(Node(Kind::kScalar), anchor, mark);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n(Kind::kAlias);
    n.target = anchor < anchors_.size() ? anchors_[anchor] : -1;
    add(std::move(n), 0, mark);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n(Kind::kScalar);
    n.merge = value == "<<" && (tag == "?" || tag == "tag:yaml.org,2002:merge");
    add(std::move(n), anchor, mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open_.push_back(add(Node(Kind::kSequence), anchor, mark));
    nodes_.back().flow = style == YAML::EmitterStyle::Flow;
  }
  void OnSequenceEnd() override { open_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open_.push_back(add(Node(Kind::kMap), anchor, mark));
    nodes_.back().flow = style == YAML::EmitterStyle::Flow;
  }

  // yaml.v2 knows no "\/" escape (YAML 1.2 added it, yaml-cpp reads it): the offset of the
  // first one in a double-quoted scalar.
  std::optional<std::size_t> slash_escape() const {
    for (const Node& n : nodes_) {
      if (n.kind != Kind::kScalar) continue;
      std::size_t at = past_properties(text_, n.pos);
      if (at >= text_.size() || text_[at] != '"') continue;
      for (std::size_t i = at + 1; i < text_.size() && text_[i] != '"'; ++i) {
        if (text_[i] != '\\') continue;
        if (i + 1 < text_.size() && text_[i + 1] == '/') return i;
        ++i;
      }
    }
    return std::nullopt;
  }

  // After a block entry's '-' or a key's '?' yaml.v2 skips spaces only: a tab there (before
  // the node on that line) cannot start a token. The offset of the first such tab.
  std::optional<std::size_t> tab_after_indicator() const {
    for (const Node& n : nodes_) {
      std::size_t at = n.pos;
      std::size_t line = at == 0 ? 0 : text_.rfind('\n', at - 1);
      line = line == std::string_view::npos || at == 0 ? 0 : line + 1;
      std::string_view before = text_.substr(line, at - line);
      if (before.find_first_not_of(" \t-?") != std::string_view::npos) continue;
      std::size_t indicator = before.find_first_of("-?");
      if (indicator == std::string_view::npos) continue;
      std::size_t tab = before.find('\t', indicator);
      if (tab != std::string_view::npos) return line + tab;
    }
    return std::nullopt;
  }

  // yaml.v2 skips a tab between tokens only where no simple key may start. At the start of a
  // line in the block context one may, so a line whose first character other than a space is a
  // tab, and which has nothing else but a comment, cannot start a token where the scanner is
  // between tokens: after a line that ends in a key's ':', an entry's '-', a quoted scalar, a
  // flow collection, an anchor or tag, or a comment (plain and block scalars take such lines
  // in). yaml-cpp takes the line for a blank one. The
  // same goes for a tab after an entry's '-' with nothing after it. The offset of the first
  // such tab (a line counts when a node of the block context starts on the line before it).
  std::optional<std::size_t> tab_between_tokens() const {
    std::vector<std::size_t> starts{0};
    for (std::size_t nl = text_.find('\n'); nl != std::string_view::npos;
         nl = text_.find('\n', nl + 1)) {
      starts.push_back(nl + 1);
    }
    auto line_of = [&](std::size_t at) {
      return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), at) -
                                      starts.begin() - 1);
    };
    std::vector<int> last(starts.size(), -1);  // per line, the last node that starts on it
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].pos < text_.size()) last[line_of(nodes_[i].pos)] = static_cast<int>(i);
    }
    auto line_text = [&](std::size_t line) {
      std::size_t end = line + 1 < starts.size() ? starts[line + 1] - 1 : text_.size();
      std::string_view l = text_.substr(starts[line], end - starts[line]);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      return l;
    };
    auto block_node = [&](std::size_t line) {
      if (last[line] < 0) return false;
      const Node& n = nodes_[static_cast<std::size_t>(last[line])];
      return !n.in_flow && !n.flow;
    };
    // Only blanks and a comment from `at` on.
    auto rest_blank = [](std::string_view l, std::size_t at) {
      at = l.find_first_not_of(" \t", at);
      return at == std::string_view::npos || l[at] == '#';
    };
    for (std::size_t line = 0; line < starts.size(); ++line) {
      std::string_view l = line_text(line);
      std::size_t at = l.find_first_not_of(' ');
      if (at == std::string_view::npos) continue;
      if (l[at] == '-') {  // "- \t": entries' dashes, then a tab and nothing else
        std::size_t i = at;
        while (i < l.size() && l[i] == '-' && i + 1 < l.size() && l[i + 1] == ' ') {
          i = l.find_first_not_of(' ', i + 1);
          if (i == std::string_view::npos) break;
        }
        if (i != std::string_view::npos && i > at && l[i] == '\t' && rest_blank(l, i) &&
            block_node(line)) {
          return starts[line] + i;
        }
        continue;
      }
      if (l[at] != '\t' || !rest_blank(l, at) || line == 0) continue;
      std::size_t before = line - 1;  // the line before, past blank and comment lines
      while (before > 0 && empty_line(line_text(before))) --before;
      std::string_view p = line_text(before);
      if (empty_line(p) || last[before] < 0) continue;
      bool comment = false;  // a plain scalar ends at a comment, which takes no lines in
      if (std::optional<std::size_t> hash = comment_start(p)) {
        comment = true;
        p = p.substr(0, *hash);
      }
      p = p.substr(0, p.find_last_not_of(" \t") + 1);
      if (p.ends_with(']') || p.ends_with('}')) {
        // A flow collection of the block context that closes there.
        for (const Node& n : nodes_) {
          if (!n.flow || n.in_flow || n.pos >= text_.size() || line_of(n.pos) != before) continue;
          std::size_t open = past_properties(text_, n.pos) - starts[before];
          if (open < p.size() && flow_closes_at_end(p.substr(open))) return starts[line] + at;
        }
        continue;
      }
      if (!block_node(before)) continue;
      const Node& n = nodes_[static_cast<std::size_t>(last[before])];
      std::size_t node_at = past_properties(text_, n.pos) - starts[before];
      std::size_t word = p.find_last_of(" \t");
      word = word == std::string_view::npos ? 0 : word + 1;
      bool between = false;
      if (p.ends_with(':')) {
        between = true;
      } else if (p.ends_with('-')) {
        between = p.size() == 1 || p[p.size() - 2] == ' ';
      } else if ((p.ends_with('"') || p.ends_with('\'')) && n.kind == Kind::kScalar &&
                 node_at < p.size() && p[node_at] == p.back()) {
        between = node_at + quoted_end(p.substr(node_at)) == p.size();
      } else if (word < p.size() && (p[word] == '&' || p[word] == '!')) {
        between = true;  // an anchor or a tag, its node still to come
      } else if (comment) {
        // After a plain scalar; a block scalar's header takes the lines after it in.
        std::size_t header = p.find_last_not_of("+-0123456789");
        between = header != std::string_view::npos && p[header] != '|' && p[header] != '>';
      }
      if (between) return starts[line] + at;
    }
    return std::nullopt;
  }

  // Inside a flow collection yaml.v2 reads a plain scalar on over line breaks, and refuses a tab
  // among the blanks that start a line it reads on to when the tab stands left of the column
  // after the indentation of the block collection around the flow one ("found a tab character
  // that violates indentation": "[a\n\tb]" under a key at column 0). yaml-cpp takes the tab for
  // a blank. The offset of the first such tab.
  std::optional<std::size_t> tab_in_flow_plain() const {
    std::optional<std::size_t> first;
    for (const Node& n : nodes_) {
      if (n.kind != Kind::kScalar || !n.in_flow || n.pos >= text_.size()) continue;
      const int indent = block_indent(n.parent);
      if (indent < 0) continue;  // a flow collection at the top: no column is left of 0
      std::size_t at = past_properties(text_, n.pos);
      if (at >= text_.size() ||
          std::string_view(" \t\r\n\"',?[]{}").find(text_[at]) != std::string_view::npos) {
        continue;  // a quoted scalar, or an empty one
      }
      const FlowPlainScalar plain = read_flow_plain(text_, at, indent);
      if (plain.bad_tab && (!first || *plain.bad_tab < *first)) first = plain.bad_tab;
    }
    return first;
  }

  // The indentation of the innermost block collection around a node in collection `p` (yaml.v2's
  // indent while it reads the node), or -1: none, or not to be told from the text.
  int block_indent(int p) const {
    while (p >= 0 && nodes_[static_cast<std::size_t>(p)].flow) {
      p = nodes_[static_cast<std::size_t>(p)].parent;
    }
    if (p < 0) return -1;
    const Node& block = nodes_[static_cast<std::size_t>(p)];
    if (block.children.empty()) return -1;
    std::size_t at = nodes_[static_cast<std::size_t>(block.children.front())].pos;
    if (at > text_.size()) return -1;
    if (block.kind == Kind::kSequence) {
      // Its first entry's '-', left of the entry's node on that line.
      while (at > 0 && text_[at - 1] == ' ') --at;
      if (at == 0 || text_[at - 1] != '-') return -1;
      --at;
    }
    return static_cast<int>(at - line_start(text_, at));
  }

  // Whether the flow collection `s` starts with closes at its end (quoted scalars skipped).
  static bool flow_closes_at_end(std::string_view s) {
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '"' || c == '\'') {
        std::size_t length = quoted_end(s.substr(i));
        if (length == std::string_view::npos) return false;
        i += length - 1;
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if ((c == ']' || c == '}') && --depth == 0) {
        return i + 1 == s.size();
      }
    }
    return false;
  }

  // yaml.v2 takes letters, digits, '_' and '-' into an anchor's or alias's name, and wants a
  // blank or one of "?:,]}%@`" right after it (yaml-cpp reads on to the next blank): the offset
  // where the first name of the document breaks that rule.
  std::optional<std::size_t> bad_name() const {
    for (const Node& n : nodes_) {
      if (n.kind != Kind::kAlias && !n.anchored) continue;
      std::size_t at = past_properties(text_, n.pos, '!');
      if (at >= text_.size() || (text_[at] != '&' && text_[at] != '*')) continue;
      std::size_t end = at + 1;
      while (end < text_.size() && name_char(text_[end])) ++end;
      bool ends = end >= text_.size() ||
                  std::string_view(" \t\r\n?:,]}%@`").find(text_[end]) != std::string_view::npos;
      if (end == at + 1 || !ends) return end;
    }
    return std::nullopt;
  }
  void OnMapEnd() override { open_.pop_back(); }

  // Whether a flow collection's bracket stands at `at`.
  bool flow_starts_at(std::size_t at) const {
    return std::any_of(nodes_.begin(), nodes_.end(), [&](const Node& n) {
      return n.flow && past_properties(text_, n.pos) == at;
    });
  }

  // yaml.v2 wants a URI between a verbatim tag's "!<" and '>' (yaml-cpp takes "!<>" for an
  // empty tag): the offset where the first empty one's URI should be.
  std::optional<std::size_t> empty_verbatim_tag() const {
    for (const Node& n : nodes_) {
      for (std::size_t at = n.pos; at < text_.size() && (text_[at] == '!' || text_[at] == '&');) {
        if (text_.substr(at, 3) == "!<>") return at + 2;
        at = std::min(text_.find_first_of(" \t\n", at), text_.size());
        at = std::min(text_.find_first_not_of(" \t", at), text_.size());
      }
    }
    return std::nullopt;
  }

  // yaml.v2 ends a name before a ':' or '?' and reads what follows as the next token, where
  // yaml-cpp takes them into the name. Adds to `spaces` the offsets where a space makes yaml-cpp
  // read the names as yaml.v2 does (in a flow collection a ':' is always a value indicator, so a
  // space goes after it too); the offset of a '%', '@' or '`' after a name, which cannot start
  // a token, is the result. `alias` is where an alias yaml-cpp found no anchor for starts.
  std::optional<std::size_t> split_names(std::optional<std::size_t> alias,
                                         std::vector<std::size_t>& spaces) const {
    auto split = [&](std::size_t at, bool flow) -> std::optional<std::size_t> {
      std::size_t end = at + 1;
      while (end < text_.size() && name_char(text_[end])) ++end;
      if (end == at + 1 || end >= text_.size()) return std::nullopt;
      char c = text_[end];
      if (c == '%' || c == '@' || c == '`') return end;
      if (c == ':' || (c == '?' && !flow)) {
        spaces.push_back(end);
        char next = end + 1 < text_.size() ? text_[end + 1] : '\n';
        if (flow && c == ':' && next != ' ' && next != '\t' && next != '\r' && next != '\n') {
          spaces.push_back(end + 1);
        }
      }
      return std::nullopt;
    };
    for (const Node& n : nodes_) {
      if (n.kind != Kind::kAlias && !n.anchored) continue;
      std::size_t at = past_properties(text_, n.pos, '!');
      if (at >= text_.size() || (text_[at] != '&' && text_[at] != '*')) continue;
      if (std::optional<std::size_t> stray = split(at, n.in_flow)) return stray;
    }
    if (alias && *alias < text_.size() && text_[*alias] == '*') {
      bool flow = !open_.empty() && nodes_[static_cast<std::size_t>(open_.back())].flow;
      return split(*alias, flow);
    }
    return std::nullopt;
  }

 private:
  enum class Kind : std::uint8_t { kScalar, kSequence, kMap, kAlias };
  struct Node {
    explicit Node(Kind k) : kind(k) {}
    Kind kind;
    bool merge = false;      // a "<<" scalar (a merge where it is a key)
    bool expanding = false;  // an alias whose expansion is under way
    int target = -1;         // an alias's node
    bool anchored = false;   // it has an anchor
    bool flow = false;       // a flow collection
    bool in_flow = false;    // inside one
    int parent = -1;         // the collection it is in
    std::size_t pos = 0;     // where it starts in the text (its tag or anchor first)
    std::vector<int> children;
  };

  int add(Node n, YAML::anchor_t anchor, const YAML::Mark& mark) {
    int id = static_cast<int>(nodes_.size());
    nodes_.push_back(std::move(n));
    nodes_.back().pos = mark.pos >= 0 ? static_cast<std::size_t>(mark.pos) : text_.size();
    nodes_.back().anchored = anchor != 0;
    if (anchor != 0) {
      if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, -1);
      anchors_[anchor] = id;
    }
    if (!open_.empty()) {
      nodes_.back().parent = open_.back();
      nodes_[static_cast<std::size_t>(open_.back())].children.push_back(id);
      nodes_.back().in_flow = nodes_[static_cast<std::size_t>(open_.back())].flow;
    } else if (root_ < 0) {
      root_ = id;
    }
    return id;
  }

  static double allowed_ratio(double decoded) {
    constexpr double kLow = 400000, kHigh = 4000000;
    if (decoded <= kLow) return 0.99;
    if (decoded >= kHigh) return 0.10;
    return 0.99 - 0.89 * ((decoded - kLow) / (kHigh - kLow));
  }

  void decode(int id) {
    check_stack("a YAML document");
    ++decoded_;
    if (alias_depth_ > 0) ++aliased_;
    if (aliased_ > 100 && decoded_ > 1000 &&
        static_cast<double>(aliased_) / static_cast<double>(decoded_) >
            allowed_ratio(static_cast<double>(decoded_))) {
      throw std::string("document contains excessive aliasing");
    }
    Node& n = nodes_[static_cast<std::size_t>(id)];
    switch (n.kind) {
      case Kind::kScalar:
        return;
      case Kind::kAlias: {
        if (n.expanding) throw "anchor '" + alias_name(n.pos) + "' value contains itself";
        if (n.target < 0) return;
        n.expanding = true;
        ++alias_depth_;
        decode(n.target);
        --alias_depth_;
        nodes_[static_cast<std::size_t>(id)].expanding = false;
        return;
      }
      case Kind::kSequence:
        for (int child : std::vector<int>(n.children)) decode(child);
        return;
      case Kind::kMap: {
        std::vector<int> children = n.children;
        for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
          if (nodes_[static_cast<std::size_t>(children[i])].merge) {
            merge(children[i + 1]);
          } else {
            decode(children[i]);
            decode(children[i + 1]);
          }
        }
        return;
      }
    }
  }

  // A merge's value: a sequence of maps is decoded entry by entry, the last first.
  void merge(int id) {
    const Node& n = nodes_[static_cast<std::size_t>(id)];
    if (n.kind != Kind::kSequence) {
      decode(id);
      return;
    }
    std::vector<int> children = n.children;
    for (std::size_t i = children.size(); i-- > 0;) decode(children[i]);
  }

  std::string alias_name(std::size_t pos) const {
    std::string name;
    for (std::size_t i = pos + 1; i < text_.size(); ++i) {
      char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '[' || c == ']' ||
          c == '{' || c == '}') {
        break;
      }
      name += c;
    }
    return name;
  }

  std::string_view text_;
  std::vector<Node> nodes_;
  std::vector<int> anchors_;
  std::vector<int> open_;
  int root_ = -1;
  long long decoded_ = 0, aliased_ = 0;
  int alias_depth_ = 0;
};

// Whether the text may hold an anchor or an alias: a '&' or '*' where a token can start.
bool may_name_nodes(std::string_view text) {
  for (std::size_t at = text.find_first_of("&*"); at != std::string_view::npos;
       at = text.find_first_of("&*", at + 1)) {
    char before = at == 0 ? '\n' : text[at - 1];
    if (before == ' ' || before == '\t' || before == '\n' || before == '[' || before == '{' ||
        before == ',') {
      return true;
    }
  }
  return false;
}

// Whether a tab may follow a block entry's '-' or a key's '?' (with spaces between), or be the
// first character of a line that is not a space.
bool may_tab_after_indicator(std::string_view text) {
  for (std::size_t at = text.find('\t'); at != std::string_view::npos;
       at = text.find('\t', at + 1)) {
    std::size_t before = at;
    while (before > 0 && text[before - 1] == ' ') --before;
    if (before > 0 && (text[before - 1] == '-' || text[before - 1] == '?') &&
        (before == 1 || text[before - 2] == ' ' || text[before - 2] == '\n')) {
      return true;
    }
    if (before == 0 || text[before - 1] == '\n') return true;  // a line's first non-space
  }
  return false;
}

// Whether a name may end at a character yaml-cpp reads on past: a '&' or '*' where a token can
// start, name characters, then one of ":?%@`".
bool may_split_names(std::string_view text) {
  for (std::size_t at = text.find_first_of("&*"); at != std::string_view::npos;
       at = text.find_first_of("&*", at + 1)) {
    char before = at == 0 ? '\n' : text[at - 1];
    if (before != ' ' && before != '\t' && before != '\n' && before != '[' && before != '{' &&
        before != ',') {
      continue;
    }
    std::size_t end = at + 1;
    while (end < text.size() && name_char(text[end])) ++end;
    if (end > at + 1 && end < text.size() &&
        std::string_view(":?%@`").find(text[end]) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// The first document's names as yaml.v2 ends them: the text with the spaces that make yaml-cpp
// read them so (nullopt: none needed), or the offset of a character after a name that cannot
// start a token.
struct NameSplit {
  std::optional<std::string> text;
  std::optional<std::size_t> stray;
};

NameSplit split_names(const std::string& text) {
  NameSplit out;
  if (!may_split_names(text)) return out;
  std::istringstream in(text);
  YAML::Parser parser(in);
  FirstDocument document(text);
  std::optional<std::size_t> alias;
  try {
    parser.HandleNextDocument(document);
  } catch (const YAML::Exception& e) {
    // An alias read with a ':' in its name finds no anchor; other errors are load()'s to report.
    if (e.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR && e.mark.pos >= 0) {
      alias = static_cast<std::size_t>(e.mark.pos);
    }
  }
  std::vector<std::size_t> spaces;
  out.stray = document.split_names(alias, spaces);
  if (out.stray || spaces.empty()) return out;
  std::sort(spaces.begin(), spaces.end());
  std::string split;
  std::size_t from = 0;
  for (std::size_t at : spaces) {
    split.append(text, from, at - from);
    split += ' ';
    from = at;
  }
  split.append(text, from);
  out.text = std::move(split);
  return out;
}

// flow_questions() where yaml-cpp, too, reads a flow collection: one starts at that bracket, or
// yaml-cpp stops inside it (the block structure around is only skimmed there).
std::optional<FlowQuestions> flow_questions_in_flow(const std::string& text) {
  if (text.find('?') == std::string::npos || text.find_first_of("[{") == std::string::npos) {
    return std::nullopt;
  }
  std::optional<FlowQuestions> questions = flow_questions(text);
  if (!questions || (questions->keys.empty() && !questions->error)) return std::nullopt;
  std::istringstream in(text);
  YAML::Parser parser(in);
  FirstDocument document(text);
  try {
    parser.HandleNextDocument(document);
  } catch (const YAML::Exception& e) {
    // An alias yaml.v2 finds no anchor for stops it before the token after it.
    if (e.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR) return std::nullopt;
    auto at = static_cast<std::size_t>(std::max(e.mark.pos, 0));
    if (e.mark.pos >= 0 && at >= questions->start && at <= questions->end) return questions;
  }
  if (document.flow_starts_at(questions->start)) return questions;
  return std::nullopt;
}

// The line where yaml-cpp starts a second document, with no marker, after a first that is a
// block sequence, when it stops further on (at `error`): there yaml.v2 wanted the sequence's
// next entry, as load() finds from the documents when they read.
std::optional<int> entry_expected_before(const std::string& text, const YAML::Mark& error) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  FirstDocument first(text), second(text);
  try {
    if (!parser.HandleNextDocument(first) || !first.root_is_block_sequence()) return std::nullopt;
    parser.HandleNextDocument(second);
  } catch (const YAML::Exception&) {
    // (What the second document holds past its start does not matter.)
  }
  const std::optional<std::size_t> start = second.root_start();
  if (!start || *start >= static_cast<std::size_t>(std::max(error.pos, 0))) return std::nullopt;
  const int line = mark_of(text, *start).line;
  if (opened_by_marker(text, line)) return std::nullopt;
  return line;
}

// What yaml.v2 refuses in the first document that yaml-cpp reads: a "\/" escape, a tab after
// an indicator, between tokens or in a flow plain scalar's line (with yaml-cpp's words for it),
// or a name it does not read as one (the offsets), else the alias accounting's trouble.
struct FirstDocumentCheck {
  std::optional<std::size_t> tab;
  const char* tab_message = "unknown token";  // (what yaml-cpp would have said there)
  std::optional<std::size_t> empty_tag;
  std::optional<std::size_t> slash_escape;
  std::optional<std::size_t> bad_name;
  std::optional<std::string> trouble;
};

FirstDocumentCheck check_first_document(const std::string& text) {
  bool slash = text.find("\\/") != std::string::npos;
  bool named = may_name_nodes(text);
  bool tab = may_tab_after_indicator(text);
  bool verbatim = text.find("!<>") != std::string::npos;
  if (!slash && !named && !tab && !verbatim) return {};
  std::istringstream in(text);
  YAML::Parser parser(in);
  FirstDocument document(text);
  parser.HandleNextDocument(document);
  FirstDocumentCheck check;
  if (tab) {
    check.tab = document.tab_after_indicator();
    std::optional<std::size_t> between = document.tab_between_tokens();
    if (between && (!check.tab || *between < *check.tab)) check.tab = between;
    std::optional<std::size_t> flow = document.tab_in_flow_plain();
    if (flow && (!check.tab || *flow < *check.tab)) {
      check.tab = flow;
      check.tab_message = YAML::ErrorMsg::TAB_IN_INDENTATION;
    }
  }
  if (slash) check.slash_escape = document.slash_escape();
  if (verbatim) check.empty_tag = document.empty_verbatim_tag();
  if (named && !check.slash_escape) {
    check.bad_name = document.bad_name();
    if (!check.bad_name) check.trouble = document.trouble();
  }
  return check;
}

}  // namespace

// yaml.v2 lets a tab stand in a line's leading blanks only where no key may start; before a
// document's first token (blank and comment lines included) it is "found character that cannot
// start any token". yaml-cpp takes such lines for blank ones. The tab's place, if there is one
// (`start`: the text's first_content_line).
std::optional<YAML::Mark> leading_tab(std::string_view text, std::size_t start) {
  const std::size_t tab = text.find_first_not_of(' ', start);
  if (tab >= text.size() || text[tab] != '\t') return std::nullopt;
  YAML::Mark m;
  m.line =
      static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(start), '\n'));
  m.column = static_cast<int>(tab - start);
  return m;
}

std::optional<std::string> unicode_breaks_as_line_feeds(std::string_view text) {
  auto at_break = [&](std::size_t at) -> std::size_t {  // the break's length there, or 0
    if (text[at] == '\r') return at + 1 < text.size() && text[at + 1] == '\n' ? 0 : 1;
    if (text.substr(at, 2) == "\xC2\x85") return 2;
    if (text.substr(at, 3) == "\xE2\x80\xA8" || text.substr(at, 3) == "\xE2\x80\xA9") return 3;
    return 0;
  };
  std::size_t at = text.find_first_of("\r\xC2\xE2");
  while (at != std::string_view::npos && at_break(at) == 0)
    at = text.find_first_of("\r\xC2\xE2", at + 1);
  if (at == std::string_view::npos) return std::nullopt;
  std::string out(text.substr(0, at));
  while (at < text.size()) {
    std::size_t length = at_break(at);
    if (length == 0) {
      out += text[at++];
      continue;
    }
    out += '\n';
    at += length;
  }
  return out;
}

namespace {

// The length of the U+2028 or U+2029 at `at`, or 0.
std::size_t unicode_line_break_at(std::string_view text, std::size_t at) {
  return text.substr(at, 3) == "\xE2\x80\xA8" || text.substr(at, 3) == "\xE2\x80\xA9" ? 3 : 0;
}

// A quoted scalar (its quotes included) whose white space runs hold a U+2028 or U+2029, as a
// double-quoted scalar yaml-cpp reads as yaml.v2 reads the original, over as many lines; nullopt
// when it cannot tell (an escape before such a break).
//
// yaml.v2 breaks lines at U+2028 and U+2029 too, but folds a run of white space by its breaks:
// the blanks before the first break go; a first break that is a line feed (or CR, CRLF, U+0085)
// makes a space when no other break follows, else the others; any other first break stays, and
// so do the breaks after it. U+2028 and U+2029 stay themselves, other breaks become line feeds.
// Each run is written as escapes, each of its breaks then as an escaped line break.
std::optional<std::string> quoted_unicode_breaks_as_escapes(std::string_view q) {
  const bool single = q.front() == '\'';
  std::string out = "\"";
  const std::size_t end = q.size() - 1;  // the closing quote
  auto break_at = [&](std::size_t at) -> std::size_t {
    if (q[at] == '\n') return 1;
    if (q[at] == '\r') return at + 1 < end && q[at + 1] == '\n' ? 2 : 1;
    if (q.substr(at, 2) == "\xC2\x85") return 2;
    return unicode_line_break_at(q, at);
  };
  for (std::size_t k = 1; k < end;) {
    char c = q[k];
    if (c == ' ' || c == '\t' || break_at(k) != 0) {
      std::size_t run_end = k;
      bool unicode = false;
      while (run_end < end && (q[run_end] == ' ' || q[run_end] == '\t' || break_at(run_end) != 0)) {
        unicode = unicode || unicode_line_break_at(q, run_end) != 0;
        run_end += std::max<std::size_t>(1, break_at(run_end));
      }
      if (!unicode) {
        for (std::size_t i = k; i < run_end; ++i) {
          if (single && q[i] == '\\') {
            out += "\\\\";
          } else {
            out += q[i];
          }
        }
        k = run_end;
        continue;
      }
      std::string leading, trailing;
      int breaks = 0;
      for (std::size_t i = k; i < run_end;) {
        std::size_t length = break_at(i);
        if (length == 0) {
          ++i;
          continue;
        }
        std::string_view b = q.substr(i, length);
        std::string escaped = b == "\xE2\x80\xA8"   ? "\\u2028"
                              : b == "\xE2\x80\xA9" ? "\\u2029"
                                                    : "\\n";
        (breaks == 0 ? leading : trailing) += escaped;
        ++breaks;
        i += length;
      }
      if (leading != "\\n") {
        out += leading + trailing;
      } else {
        out += trailing.empty() ? " " : trailing;
      }
      for (int i = 0; i < breaks; ++i) out += "\\\n";
      k = run_end;
      continue;
    }
    if (!single && c == '\\') {
      if (k + 1 < end && unicode_line_break_at(q, k + 1) != 0) return std::nullopt;
      out += c;
      if (k + 1 < end) out += q[k + 1];
      k += 2;
      continue;
    }
    if (single && c == '\'') {  // '' inside
      out += '\'';
      k += 2;
      continue;
    }
    if (single && (c == '"' || c == '\\')) out += '\\';
    out += c;
    ++k;
  }
  return out + "\"";
}

// The text with every quoted scalar whose white space holds a U+2028 or U+2029 rewritten by
// quoted_unicode_breaks_as_escapes (nullopt: there is none). A scalar begins with a quote where
// a token may: after the indentation, after "- ", "? ", ": " and after "[", "{", ",", an anchor
// or a tag; not inside a plain scalar, a comment or a block scalar's lines.
std::optional<std::string> quoted_unicode_breaks(std::string_view text) {
  if (text.find("\xE2\x80\xA8") == std::string_view::npos &&
      text.find("\xE2\x80\xA9") == std::string_view::npos) {
    return std::nullopt;
  }
  std::string out;
  bool changed = false;
  bool token = true;                           // a token may begin here
  std::size_t indent = 0;                      // of the current line
  std::size_t block = std::string_view::npos;  // in a block scalar: the indentation it is under
  bool block_next = false;                     // the line opens a block scalar
  for (std::size_t k = 0; k < text.size();) {
    const bool line_start = k == 0 || text[k - 1] == '\n';
    if (line_start) {
      std::size_t eol = std::min(text.find('\n', k), text.size());
      std::string_view line = text.substr(k, eol - k);
      std::size_t first = line.find_first_not_of(" \r");
      indent = line.find_first_not_of(' ');
      if (indent == std::string_view::npos) indent = line.size();
      if (block != std::string_view::npos && (first == std::string_view::npos || indent > block)) {
        out.append(line);  // a block scalar's line
        if (eol < text.size()) out += '\n';
        k = eol + 1;
        continue;
      }
      block = std::string_view::npos;
      token = true;
    }
    char c = text[k];
    if (c == '\n') {
      if (block_next) block = indent;
      block_next = false;
      out += c;
      ++k;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      out += c;
      ++k;
      continue;
    }
    if (c == '#' && (k == 0 || text[k - 1] == ' ' || text[k - 1] == '\t' || text[k - 1] == '\n')) {
      std::size_t eol = std::min(text.find('\n', k), text.size());
      out.append(text.substr(k, eol - k));
      k = eol;
      continue;
    }
    if ((c == '"' || c == '\'') && token) {
      std::size_t length = quoted_end(text.substr(k));
      if (length == std::string_view::npos) {
        out.append(text.substr(k));
        break;
      }
      std::string_view q = text.substr(k, length);
      std::optional<std::string> escaped;
      if (q.find("\xE2\x80\xA8") != std::string_view::npos ||
          q.find("\xE2\x80\xA9") != std::string_view::npos) {
        escaped = quoted_unicode_breaks_as_escapes(q);
      }
      changed = changed || escaped.has_value();
      out.append(escaped ? std::string_view(*escaped) : q);
      k += length;
      token = false;
      continue;
    }
    const bool blank_after = k + 1 >= text.size() || text[k + 1] == ' ' || text[k + 1] == '\t' ||
                             text[k + 1] == '\r' || text[k + 1] == '\n';
    if (((c == '-' || c == '?' || c == ':') && blank_after) || c == '[' || c == '{' || c == ',') {
      out += c;
      ++k;
      token = true;
      continue;
    }
    if ((c == '|' || c == '>') && token) block_next = true;
    if ((c == '&' || c == '!') && token) {  // an anchor or a tag: a token may follow it
      while (k < text.size() && text[k] != ' ' && text[k] != '\n') out += text[k++];
      continue;
    }
    out += c;
    ++k;
    token = false;
  }
  if (!changed) return std::nullopt;
  return out;
}

// The 0-based line of a "..." that is the text's first token (blank and comment lines before
// it). yaml.v2 starts the first document without a "---" and wants its node there; yaml-cpp
// reads an empty document that the "..." ends. (`start`: the text's first_content_line.)
std::optional<int> leading_document_end(std::string_view text, std::size_t start) {
  const std::string_view l = text.substr(start);
  if (!is_document_marker(l, '.')) return std::nullopt;
  return static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(start), '\n'));
}

}  // namespace

namespace {

// Where a second anchor or tag stands that yaml-cpp refuses for the first document's root node
// ("&a &b x", `message` at 0-based `line0`, `col0`): yaml.v2's parser ends the root before it (an
// empty node with the properties before) and reads no further. Nothing for another node, nor
// where a key follows on the line ("&a &b k: v": the key starts at the first property, no simple
// key may start after one): the collection around then finds the token where it wants the next
// one (go_errors words that).
std::optional<std::size_t> second_root_property(std::string_view text, std::string_view message,
                                                int line0, int col0) {
  if (message != YAML::ErrorMsg::MULTIPLE_ANCHORS && message != YAML::ErrorMsg::MULTIPLE_TAGS) {
    return std::nullopt;
  }
  const std::size_t at = offset_of(text, line0, col0);
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  const std::size_t line_end = std::min(text.find('\n', at), text.size());
  std::size_t node = at;  // past the properties from `at` on the line
  while (node < line_end && (text[node] == '&' || text[node] == '!')) {
    node = std::min(text.find_first_of(" \t\r\n", node), line_end);
    node = std::min(text.find_first_not_of(" \t\r", node), line_end);
  }
  if (starts_with_key(text.substr(node, line_end - node))) return std::nullopt;
  // Back over the properties before it (and the blanks and line breaks between them).
  std::size_t first = at;
  for (;;) {
    std::size_t end = first;
    while (end > 0 && blank(text[end - 1])) --end;
    std::size_t start = end;
    while (start > 0 && !blank(text[start - 1])) --start;
    if (start == end || (text[start] != '&' && text[start] != '!')) break;
    first = start;
  }
  // Before them only the document's start: blank, comment and directive lines, and "---".
  for (std::size_t line = 0; line < first;) {
    const std::size_t eol = std::min(text.find('\n', line), first);
    std::string_view l = text.substr(line, eol - line);
    line = eol + 1;
    if (l.starts_with("%")) continue;  // a directive
    if (is_document_marker(l, '-')) l.remove_prefix(3);
    const std::size_t c = l.find_first_not_of(" \t\r");
    if (c != std::string_view::npos && l[c] != '#') return std::nullopt;
  }
  return at;
}

}  // namespace

std::optional<std::size_t> stop_before_error(std::string_view text, std::string_view message,
                                             int line0, int col0) {
  if (std::optional<std::size_t> cut = ignored_tail(text, message, line0, col0)) return cut;
  if (std::optional<std::size_t> cut = second_root_property(text, message, line0, col0)) {
    return cut;
  }
  const std::size_t error = offset_of(text, std::max(line0, 0), std::max(col0, 0));
  if (std::optional<std::size_t> cut = closed_root_scalar(text, message, error)) return cut;
  if (std::optional<std::size_t> cut = closed_root_collection(text, error)) return cut;
  if (message == YAML::ErrorMsg::DOC_IN_SCALAR) return std::nullopt;
  return document_end_before(text, error);
}

bool tag_alone(std::string_view text) {
  for (std::size_t line = 0; line < text.size();) {
    const std::size_t eol = std::min(text.find('\n', line), text.size());
    std::string_view l = text.substr(line, eol - line);
    line = eol + 1;
    if (is_document_marker(l, '-')) l.remove_prefix(3);
    const std::size_t first = l.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || l[first] == '#' || (first == 0 && l[0] == '%')) {
      continue;
    }
    // The tag, and perhaps an anchor before or after it.
    std::string_view tag;
    for (std::size_t at = first; at != std::string_view::npos && l[at] != '#';
         at = l.find_first_not_of(" \t\r", at)) {
      const std::size_t end = std::min(l.find_first_of(" \t\r", at), l.size());
      const std::string_view property = l.substr(at, end - at);
      if (property[0] == '!' && tag.empty()) {
        tag = property;
      } else if (property[0] != '&') {
        return false;
      }
      at = end;
    }
    if (tag.empty() || tag == "!!null" || tag == "!<tag:yaml.org,2002:null>") return false;
    // Nothing else may follow.
    for (; line < text.size();) {
      const std::size_t e = std::min(text.find('\n', line), text.size());
      const std::string_view more = text.substr(line, e - line);
      line = e + 1;
      const std::size_t f = more.find_first_not_of(" \t\r");
      if (f != std::string_view::npos && more[f] != '#') return false;
    }
    return true;
  }
  return false;
}

std::size_t first_content_line(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t eol = std::min(text.find('\n', start), text.size());
    const std::size_t first = text.find_first_not_of(" \r", start);
    if (first < eol && text[first] != '#') break;
    start = eol + 1;
  }
  return std::min(start, text.size());
}

void check_document_start(std::string_view text, const LoadOptions& options,
                          const std::function<const std::optional<ReaderProblem>&()>& reader) {
  const std::size_t start = first_content_line(text);
  if (std::optional<YAML::Mark> tab = leading_tab(text, start)) {
    const std::optional<ReaderProblem>& problem = reader();
    if (!problem || problem->offset > offset_of(text, tab->line, tab->column)) {
      Loader(options, text).fail(code::kParse, *tab, "unknown token");
    }
  }
  if (std::optional<int> line = leading_document_end(text, start)) {
    const std::optional<ReaderProblem>& problem = reader();
    if (!problem || problem->offset > offset_of(text, *line, 0)) {
      Loader(options, text).fail(code::kParse, mark_at(*line), kNoDocumentNodeMessage);
    }
  }
}

Loaded load(std::string_view text, const LoadOptions& options) {
  // yaml.v2 takes a byte order mark at the start for the encoding. (yaml-cpp skips it too, but
  // its positions then no longer match the text's.)
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  // yaml.v2 refuses some bytes before it parses anything; yaml-cpp lets them pass. The scan for
  // them runs once, and only off the fast path.
  std::optional<std::optional<ReaderProblem>> scanned;
  auto scan = [&]() -> const std::optional<ReaderProblem>& {
    if (!scanned) scanned = reader_problem(text);
    return *scanned;
  };
  check_document_start(text, options, scan);
  Loaded out;
  if (!options.record_positions) {
    if (std::optional<Value> fast = fast_load(text, options, &out.non_finite)) {
      out.value = std::move(*fast);
      return out;
    }
  }
  if (std::optional<std::string> escaped = quoted_unicode_breaks(text)) {
    return load(*escaped, options);
  }
  if (std::optional<std::string> breaks = unicode_breaks_as_line_feeds(text)) {
    return load(*breaks, options);
  }
  Loader loader(options, text);
  // A problem of the reader's is reported where yaml.v2 meets it first: before a parse error
  // further on, and not when it lies past the first document, which is all yaml.v2 reads.
  const std::optional<ReaderProblem>& problem = scan();
  auto fail_if_read_first = [&](std::size_t offset) {
    if (!problem || !reads_problem_first(*problem, offset)) return;
    loader.fail(code::kParse, mark_of(text, problem->offset), std::string(problem->message));
  };
  YAML::Node root;
  try {
    // yaml.v2 reads the first document; yaml-cpp also reads on where yaml.v2 has failed.
    std::string copy(text);
    std::vector<YAML::Node> documents;
    NameSplit names = split_names(copy);
    if (names.text) return load(*names.text, options);
    if (names.stray) {
      fail_if_read_first(*names.stray);
      loader.fail(code::kParse, mark_of(text, *names.stray), "unknown token");
    }
    if (std::optional<FlowQuestions> questions = flow_questions_in_flow(copy)) {
      if (questions->error) {
        fail_if_read_first(offset_of(text, questions->error->first, 0));
        loader.fail(code::kParse, mark_at(questions->error->first), questions->error->second);
      }
      if (!questions->keys.empty()) {
        // "[?a]": a space after each such '?' makes yaml-cpp read it as a key too.
        std::string spaced;
        std::size_t from = 0;
        for (std::size_t at : questions->keys) {
          spaced.append(copy, from, at - from);
          spaced += ' ';
          from = at;
        }
        spaced.append(copy, from);
        return load(spaced, options);
      }
    }
    if (std::optional<YAML::Mark> stuck = stuck_document(copy)) {
      std::size_t at = offset_of(text, stuck->line, stuck->column);
      if (opens_first_document(text, at)) {
        fail_if_read_first(at);
        loader.fail(code::kParse, *stuck, kNoNodeMessage);
      }
      YAML::Node first = YAML::Load(copy);  // the first document only
      if (first.IsSequence() && first.Style() == YAML::EmitterStyle::Block &&
          !opened_by_marker(text, stuck->line)) {
        // "- a\n,": yaml.v2 wanted the sequence's next entry there.
        fail_if_read_first(offset_of(text, stuck->line, 0));
        loader.fail(code::kParse, mark_at(stuck->line), kEntryExpectedMessage);
      }
      documents.push_back(first);
    } else {
      documents = YAML::LoadAll(copy);
    }
    if (!documents.empty()) root = documents.front();
    std::optional<int> unknown = unknown_directive(text);
    if (auto version = yaml_directive_problem(text);
        version && (!unknown || version->first < *unknown)) {
      fail_if_read_first(offset_of(text, version->first, 0));
      loader.fail(code::kParse, mark_at(version->first), version->second);
    }
    if (std::optional<int> line = unknown) {
      fail_if_read_first(offset_of(text, *line, 0));
      loader.fail(code::kParse, mark_at(*line), kUnknownDirectiveMessage);
    }
    if (std::optional<int> line = directive_without_start(text)) {
      fail_if_read_first(offset_of(text, *line, 0));
      loader.fail(code::kParse, mark_at(*line), kDocumentStartMessage);
    }
    if (documents.size() > 1 && root.IsSequence() && root.Style() == YAML::EmitterStyle::Block &&
        !opened_by_marker(text, documents[1].Mark().line)) {
      fail_if_read_first(offset_of(text, documents[1].Mark().line, 0));
      loader.fail(code::kParse, mark_at(documents[1].Mark().line), kEntryExpectedMessage);
    }
    fail_if_read_first(documents.size() > 1 ? first_document_end(text, documents[0].Mark())
                                            : text.size());
    // The reader's errors first, then the scanner's (a "\/" escape, an anchor's name), then
    // the decoder's (aliases), as yaml.v2 meets them.
    FirstDocumentCheck first = check_first_document(copy);
    auto before = [](const std::optional<std::size_t>& a, const std::optional<std::size_t>& b) {
      return a && (!b || *a < *b);
    };
    if (first.empty_tag && !before(first.tab, first.empty_tag) &&
        !before(first.slash_escape, first.empty_tag)) {
      fail_if_read_first(*first.empty_tag);
      loader.fail(code::kParse, mark_of(text, *first.empty_tag),
                  YAML::ErrorMsg::END_OF_VERBATIM_TAG);
    }
    if (first.tab && (!first.slash_escape || *first.tab < *first.slash_escape)) {
      fail_if_read_first(*first.tab);
      loader.fail(code::kParse, mark_of(text, *first.tab), first.tab_message);
    }
    if (first.slash_escape) {
      fail_if_read_first(*first.slash_escape);
      loader.fail(code::kParse, mark_of(text, *first.slash_escape), "unknown escape character: /");
    }
    if (first.bad_name) {
      fail_if_read_first(*first.bad_name);
      loader.fail(code::kParse, mark_of(text, *first.bad_name), kBadNameMessage);
    }
    if (first.trouble) loader.fail(code::kParse, mark_at(0), *first.trouble);
  } catch (const YAML::DeepRecursion& e) {
    loader.fail(code::kLimit, e.mark, "nesting deeper than the YAML parser allows");
  } catch (const YAML::Exception& e) {
    if (std::optional<std::size_t> cut = stop_before_error(text, e.msg, e.mark.line, e.mark.column))
      return load(text.substr(0, *cut), options);
    if (std::optional<int> line = entry_expected_before(std::string(text), e.mark)) {
      fail_if_read_first(offset_of(text, *line, 0));
      loader.fail(code::kParse, mark_at(*line), kEntryExpectedMessage);
    }
    fail_if_read_first(offset_of(text, e.mark.line, e.mark.column));
    loader.fail(code::kParse, e.mark, e.msg);
  }
  if (root && root.IsNull() && tag_alone(text)) {
    // yaml.v2 decodes the empty text a tag alone tags ("!", "!!str", "!!map") as "".
    out.value = Value::string("");
    return out;
  }
  if (!root || root.IsNull()) {
    out.value = Value::map();
    return out;
  }
  out.value = loader.node(root, "", 0, out);
  out.non_finite = loader.non_finite_;
  return out;
}

std::optional<std::string> first_non_finite(const Value& v) {
  if (v.is_float() && !std::isfinite(v.as_float())) {
    double f = v.as_float();
    return std::isnan(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf";
  }
  if (v.is_list()) {
    for (const Value& item : v.as_list()) {
      if (auto bad = first_non_finite(item)) return bad;
    }
  }
  if (v.is_map()) {
    for (const auto& entry : v.as_map()) {
      if (auto bad = first_non_finite(entry.second)) return bad;
    }
  }
  return std::nullopt;
}

}  // namespace render::yaml
