// A fast path for loading the YAML that values files are made of: block mappings and sequences
// of one-line scalars and one-line flow collections (and block scalars with no lines of their
// own). It builds Values straight from the text, without yaml-cpp's node tree. It accepts only
// text whose meaning it is sure of and declines everything else (multi-line flow collections,
// anchors, tags, block scalars with lines, multi-line scalars, tabs, non-ASCII bytes, duplicate
// keys, limits reached...), which load() then hands to yaml-cpp: the result is the same either
// way, only faster (tests/unit/yaml/fast_load_test.cpp compares the two). Two errors it reports
// itself, because yaml-cpp lets them pass: a line among a mapping's keys that cannot be a key, and
// a quoted value that never closes.
#include "fast_load.hpp"

#include "render/diagnostic.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace render::yaml {
namespace {

// yaml.v2 takes a ':' as ending a key only within 1024 characters of where the key starts; the
// full path words its error for a longer key.
constexpr std::size_t kMaxSimpleKey = 1024;

struct Line {
  int indent;
  std::string_view content;  // after the indentation; no trailing '\n'
  int number;                // 0-based, in the text
};

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A line is a sequence entry when it starts with "- " or is "-".
bool is_entry(std::string_view content) {
  return content == "-" || content.starts_with("- ");
}

// Where a plain scalar inside a flow collection stops: the first of , [ ] { } : # from `pos` (npos:
// none). A table lookup per byte; find_first_of searches the set for every byte.
std::size_t flow_stop(std::string_view text, std::size_t pos) {
  static constexpr std::array<bool, 256> kStops = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : std::string_view(",[]{}:#")) t[c] = true;
    return t;
  }();
  for (std::size_t i = pos; i < text.size(); ++i) {
    if (kStops[static_cast<unsigned char>(text[i])]) return i;
  }
  return std::string_view::npos;
}

// Whether every byte of `text` is printable ASCII or a line break, sixteen bytes at a time where
// SSE2 is there (bytes of 0x80 and above compare as negative, so below 0x20 catches them too).
bool plain_ascii_lines(std::string_view text) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f), nl = _mm_set1_epi8('\n');
  __m128i bad = _mm_setzero_si128();
  for (; text.size() - i >= 16; i += 16) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    __m128i low = _mm_andnot_si128(_mm_cmpeq_epi8(c, nl), _mm_cmplt_epi8(c, space));
    bad = _mm_or_si128(bad, _mm_or_si128(low, _mm_cmpeq_epi8(c, del)));
  }
  if (_mm_movemask_epi8(bad) != 0) return false;
#endif
  for (; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte != '\n' && (byte < 0x20 || byte >= 0x7f)) return false;
  }
  return true;
}

class FastLoader {
 public:
  FastLoader(std::vector<Line> lines, const LoadOptions& options)
      : lines_(std::move(lines)), options_(options) {}

  // The 0-based line of a plain scalar where a mapping needs a key, or -1: yaml.v2 refuses the
  // document there (document() has declined it).
  int keyless_line() const { return keyless_; }
  // Where a quoted value that does not close on its line starts, or nullptr.
  const char* unclosed_quote() const { return unclosed_; }
  bool non_finite() const { return non_finite_; }

  // The document's value, or nullopt when the text is outside what this path reads.
  std::optional<Value> document() {
    if (lines_.empty()) return Value::map();
    std::size_t i = 0;
    if (lines_[0].indent != 0) return std::nullopt;
    Value root = block(i, 0, 0);
    if (declined_ || i != lines_.size()) return std::nullopt;
    return root;
  }

 private:
  // Gives the text up (to yaml-cpp's path). Every builder returns at once once it is set; the
  // value it returns then is never used.
  Value decline() {
    declined_ = true;
    return Value();
  }

  // Counts a node; false (and declined) past the node or depth limit.
  bool count(int depth) {
    if (++nodes_ > options_.max_nodes || depth > options_.max_depth) declined_ = true;
    return !declined_;
  }

  Value block(std::size_t& i, int indent, int depth) {
    if (!count(depth)) return Value();
    if (is_entry(lines_[i].content)) return sequence(i, indent, depth);
    if (!mapping_entry(lines_[i].content)) return decline();  // a lone scalar, or lines of one
    return mapping(i, indent, depth);
  }

  // The value of an entry whose inline part was empty: a nested block on the following lines, a
  // sequence at the same indentation (for a mapping value), or null.
  Value nested(std::size_t& i, int indent, int depth, bool same_indent_sequence) {
    if (i < lines_.size()) {
      const Line& next = lines_[i];
      if (next.indent > indent) return block(i, next.indent, depth);
      if (same_indent_sequence && next.indent == indent && is_entry(next.content)) {
        return sequence(i, indent, depth);
      }
    }
    count(depth);
    return Value();
  }

  // After a one-line scalar, the next line must not be more indented (a continuation).
  void end_of_scalar(std::size_t i, int indent) {
    if (i < lines_.size() && lines_[i].indent > indent) declined_ = true;
  }

  Value sequence(std::size_t& i, int indent, int depth) {
    List items;
    while (i < lines_.size() && lines_[i].indent == indent && is_entry(lines_[i].content)) {
      std::string_view rest = lines_[i].content.substr(1);
      std::size_t spaces = 0;
      while (spaces < rest.size() && rest[spaces] == ' ') ++spaces;
      rest.remove_prefix(spaces);
      if (rest.empty() || rest.front() == '#') {
        ++i;
        items.push_back(nested(i, indent, depth + 1, false));
        if (declined_) return Value();
        continue;
      }
      if (is_entry(rest) || mapping_entry(rest)) {
        // "- key: v" or "- - v": the rest of the line is a block at its own column.
        int column = indent + 1 + static_cast<int>(spaces);
        lines_[i] = Line{column, rest, lines_[i].number};
        items.push_back(block(i, column, depth + 1));
        if (declined_) return Value();
        continue;
      }
      if (!count(depth + 1)) return Value();
      items.push_back(scalar(rest, depth + 1));
      ++i;
      end_of_scalar(i, indent);
      if (declined_) return Value();
    }
    // A sequence may end at its own indentation, where its parent mapping goes on.
    if (i < lines_.size() && lines_[i].indent > indent) return decline();
    return Value::list(std::move(items));
  }

  // A repeated key is left to the full loader (yaml.v2's last-one-wins and its errors).
  Value unique_map(Map::Items entries) {
    Map m;
    if (!Map::from_unique_entries(std::move(entries), m)) return decline();
    return Value::map(std::move(m));
  }

  Value mapping(std::size_t& i, int indent, int depth) {
    Map::Items entries;
    while (i < lines_.size() && lines_[i].indent == indent && !is_entry(lines_[i].content)) {
      std::string_view content = lines_[i].content;
      if (!mapping_entry(content)) {
        // A plain scalar among the keys that nothing makes a key: yaml.v2 refuses the document.
        if (cannot_be_key(content, lines_[i].indent == 0)) keyless_ = lines_[i].number;
        return decline();
      }
      std::size_t after = 0;
      std::string key = key_of(content, after);
      if (declined_) return Value();
      std::string_view rest = content.substr(after);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      Value value;
      if (rest.empty() || rest.front() == '#') {
        ++i;
        value = nested(i, indent, depth + 1, true);
      } else if ((rest.front() == '|' || rest.front() == '>') && empty_block_scalar(rest, i)) {
        if (!count(depth + 1)) return Value();
        value = Value::string("");
        ++i;
      } else {
        if (!count(depth + 1)) return Value();
        value = scalar(rest, depth + 1);
        ++i;
        end_of_scalar(i, indent);
      }
      if (declined_) return Value();
      entries.emplace_back(std::move(key), std::move(value));
    }
    if (i < lines_.size() && lines_[i].indent > indent) return decline();
    return unique_map(std::move(entries));
  }

  // A block scalar header ("|", ">-", "|2 # c"...) on the line of key i with no lines of its
  // own after it (the next line is not deeper): its value is "". A header that keeps trailing
  // line breaks ("|+") counts the blank lines this path has dropped: not read here.
  bool empty_block_scalar(std::string_view header, std::size_t i) const {
    std::size_t k = 1;
    bool chomping = false, indentation = false;
    for (; k < header.size() && k <= 2; ++k) {
      char c = header[k];
      if ((c == '-' || c == '+') && !chomping) {
        if (c == '+') return false;
        chomping = true;
      } else if (c >= '1' && c <= '9' && !indentation) {
        indentation = true;
      } else {
        break;
      }
    }
    std::string_view tail = header.substr(k);
    std::size_t text = tail.find_first_not_of(' ');
    if (text != std::string_view::npos && !(text > 0 && tail[text] == '#')) return false;
    return i + 1 >= lines_.size() || lines_[i + 1].indent <= lines_[i].indent;
  }

  // Whether `content` is "key: ..." or "key:" with a key this path reads.
  static bool mapping_entry(std::string_view content) {
    if (content.empty() || content.front() == '[' || content.front() == '{') return false;
    if (content.front() == '"' || content.front() == '\'') {
      std::size_t end = quoted_end(content);
      return end != std::string_view::npos && end < content.size() && content[end] == ':' &&
             (end + 1 == content.size() || content[end + 1] == ' ');
    }
    for (std::size_t k = 0; k < content.size(); ++k) {
      if (content[k] == ':' && (k + 1 == content.size() || content[k + 1] == ' ')) return true;
      if (content[k] == '#' && k > 0 && content[k - 1] == ' ') return false;
    }
    return false;
  }

  // The key of a mapping entry, as Helm sees it; `after` is set past the ':'.
  std::string key_of(std::string_view content, std::size_t& after) {
    if (content.front() == '"' || content.front() == '\'') {
      std::size_t end = quoted_end(content);
      after = end + 1;
      if (end > kMaxSimpleKey) return decline_key();
      return unquote(content.substr(0, end));
    }
    std::size_t colon = 0;
    while (!(content[colon] == ':' && (colon + 1 == content.size() || content[colon + 1] == ' '))) {
      ++colon;
    }
    after = colon + 1;
    std::string_view key = content.substr(0, colon);
    if (key.empty() || key.back() == ' ' || is_indicator(key.front()) || key == "<<" ||
        colon > kMaxSimpleKey) {
      declined_ = true;
      return {};
    }
    KeyTrouble trouble = KeyTrouble::kNone;
    std::uint64_t unsigned_key = 0;
    std::string name = plain_key_name(key, trouble, unsigned_key);
    if (trouble != KeyTrouble::kNone) declined_ = true;  // the full loader words the error
    return name;
  }

  // A quoted scalar (with its quotes) as its string; declines escapes it does not know.
  std::string unquote(std::string_view q) {
    std::string out;
    out.reserve(q.size());
    char quote = q.front();
    for (std::size_t k = 1; k + 1 < q.size(); ++k) {
      char c = q[k];
      if (quote == '\'') {
        out += c;
        if (c == '\'') ++k;  // '' is one quote
        continue;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      switch (q[++k]) {
        case '\\':
          out += '\\';
          break;
        case '"':
          out += '"';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        default:
          declined_ = true;
          return {};
      }
    }
    return out;
  }

  // A flow collection on one line, `[a, b]` or `{k: v, k2: [x]}`, from text[pos]; pos ends past
  // it. Declines what is unusual in values files: empty entries, trailing commas, keys without
  // ": ", single pairs in sequences, and every indicator a plain scalar may not start with.
  Value flow(std::string_view text, std::size_t& pos, int depth) {
    auto skip = [&] {
      while (pos < text.size() && text[pos] == ' ') ++pos;
    };
    // After an entry: true for ", " and another entry, false for the closing bracket; anything
    // else (a trailing comma included) declines.
    auto expect_more = [&](char close) {
      skip();
      if (declined_ || pos >= text.size()) return !(declined_ = true);
      if (text[pos] == ',') {
        ++pos;
        skip();
        if (pos >= text.size() || text[pos] == close) return !(declined_ = true);
        return true;
      }
      if (text[pos] != close) return !(declined_ = true);
      ++pos;
      return false;
    };
    if (!count(depth)) return Value();
    char open = text[pos++];
    skip();
    if (open == '[') {
      List items;
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        return Value::list();
      }
      do {
        items.push_back(flow_item(text, pos, depth + 1));
      } while (expect_more(']'));
      return declined_ ? Value() : Value::list(std::move(items));
    }
    Map::Items entries;
    if (pos < text.size() && text[pos] == '}') {
      ++pos;
      return Value::map();
    }
    do {
      std::string key = flow_key(text, pos);
      if (declined_) return Value();
      skip();
      Value value = flow_item(text, pos, depth + 1);
      entries.emplace_back(std::move(key), std::move(value));
    } while (expect_more('}'));
    return declined_ ? Value() : unique_map(std::move(entries));
  }

  // A key of a flow mapping and its ": ".
  std::string flow_key(std::string_view text, std::size_t& pos) {
    std::string_view rest = text.substr(pos);
    std::size_t end;
    std::string key;
    if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
      end = quoted_end(rest);
      if (end == std::string_view::npos) return decline_key();
      key = unquote(rest.substr(0, end));
    } else {
      end = rest.find(": ");
      if (end == std::string_view::npos) return decline_key();
      std::string_view plain = rest.substr(0, end);
      if (plain.empty() || is_indicator(plain.front()) || plain.back() == ' ' ||
          plain.find_first_of(",[]{}#") != std::string_view::npos || plain == "<<") {
        return decline_key();
      }
      PlainScalar r = resolve_plain(plain);
      if (r.kind == PlainScalar::Kind::kNull) return decline_key();
      key =
          r.kind == PlainScalar::Kind::kBool ? (r.boolean ? "true" : "false") : std::string(plain);
    }
    if (end + 1 >= rest.size() || rest[end] != ':' || rest[end + 1] != ' ' || end > kMaxSimpleKey) {
      return decline_key();
    }
    pos += end + 2;
    return key;
  }

  std::string decline_key() {
    declined_ = true;
    return {};
  }

  // One entry of a flow collection: a nested collection, a quoted scalar or a plain one.
  Value flow_item(std::string_view text, std::size_t& pos, int depth) {
    if (pos >= text.size()) return decline();
    char first = text[pos];
    if (first == '[' || first == '{') return flow(text, pos, depth);
    if (!count(depth)) return Value();
    if (first == '"' || first == '\'') {
      std::size_t end = quoted_end(text.substr(pos));
      if (end == std::string_view::npos) return decline();
      Value v = Value::string(unquote(text.substr(pos, end)));
      pos += end;
      return v;
    }
    std::size_t end = flow_stop(text, pos);
    if (end == std::string_view::npos) return decline();
    std::string_view plain = trim_right(text.substr(pos, end - pos));
    if (plain.empty() || text[end] == ':' || text[end] == '#' || text[end] == '[' ||
        text[end] == '{' || (is_indicator(plain.front()) && plain.front() != '-') ||
        (plain.front() == '-' && (plain.size() == 1 || plain[1] == ' '))) {
      return decline();
    }
    pos = end;
    return plain_value(plain);
  }

  // An inline value: a one-line flow collection, a quoted scalar, or plain up to a comment.
  Value scalar(std::string_view text, int depth) {
    char first = text.front();
    if (first == '[' || first == '{') {
      std::size_t pos = 0;
      Value v = flow(text, pos, depth);
      if (declined_) return Value();
      std::string_view tail = text.substr(pos);
      std::size_t spaces = 0;
      while (spaces < tail.size() && tail[spaces] == ' ') ++spaces;
      if (spaces < tail.size() && !(spaces > 0 && tail[spaces] == '#')) return decline();
      return v;
    }
    if (first == '"' || first == '\'') {
      std::size_t end = quoted_end(text);
      if (end == std::string_view::npos) {
        unclosed_ = text.data();  // it may close on a later line
        return decline();
      }
      std::string_view tail = text.substr(end);
      while (!tail.empty() && tail.front() == ' ') tail.remove_prefix(1);
      if (!tail.empty() && !(tail.front() == '#' && end < text.size() && text[end] == ' ')) {
        return decline();
      }
      return Value::string(unquote(text.substr(0, end)));
    }
    if (is_indicator(first) && !(first == '-' && text.size() > 1 && text[1] != ' ')) {
      return decline();
    }
    std::size_t comment = text.find(" #");
    std::string_view plain = trim_right(text.substr(0, comment));
    if (plain.find(": ") != std::string_view::npos || plain.back() == ':') return decline();
    return plain_value(plain);
  }

  // A plain scalar resolved as Helm's values are: null, bool, number (float64) or string.
  Value plain_value(std::string_view plain) {
    PlainScalar r = resolve_plain(plain);
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
        break;
    }
    return Value::string(std::string(plain));
  }

  std::vector<Line> lines_;
  const LoadOptions& options_;
  std::size_t nodes_ = 0;
  bool declined_ = false;
  bool non_finite_ = false;
  int keyless_ = -1;
  const char* unclosed_ = nullptr;
};

}  // namespace

std::optional<Value> fast_load(std::string_view text, const LoadOptions& options,
                               bool* non_finite) {
  // Tabs, carriage returns, other controls and anything beyond ASCII: yaml-cpp's business.
  if (!plain_ascii_lines(text)) return std::nullopt;
  std::vector<Line> lines;
  // Room for lines of eight bytes on average, so that the vector is not moved as it grows.
  lines.reserve(text.size() / 8 + 16);
  std::size_t start = 0;
  for (int number = 0; start < text.size(); ++number) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    int indent = 0;
    while (static_cast<std::size_t>(indent) < line.size() && line[indent] == ' ') ++indent;
    std::string_view content = trim_right(line.substr(static_cast<std::size_t>(indent)));
    if (content.empty() || content.front() == '#') continue;
    if (indent == 0 &&
        (content.starts_with("---") || content.starts_with("...") || content.front() == '%')) {
      return std::nullopt;
    }
    lines.push_back(Line{indent, content, number});
  }
  FastLoader loader(std::move(lines), options);
  std::optional<Value> value = loader.document();
  auto refuse = [&](int line, int column, const char* message) {
    Diagnostic d;
    d.code = code::kParse;
    d.location = {options.file, line, column, ""};
    d.message = message;
    throw Error(std::move(d));
  };
  if (int line = loader.keyless_line(); line >= 0) refuse(line + 1, 1, kKeylessMessage);
  if (const char* quote = loader.unclosed_quote(); quote != nullptr) {
    // A quoted scalar may go on over lines; one that never closes runs into the end.
    std::string_view rest = text.substr(static_cast<std::size_t>(quote - text.data()));
    if (quoted_end(rest) == std::string_view::npos) {
      std::string_view before = text.substr(0, static_cast<std::size_t>(quote - text.data()));
      std::size_t line_start = before.rfind('\n');
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      refuse(static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1,
             static_cast<int>(before.size() - line_start) + 1, kUnclosedQuoteMessage);
    }
  }
  if (non_finite != nullptr) *non_finite = loader.non_finite();
  return value;
}

}  // namespace render::yaml
