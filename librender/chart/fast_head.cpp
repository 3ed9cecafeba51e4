// A fast reader for the document heads of typical rendered manifests: block-style YAML with
// plain keys, one-line scalars and block scalars. It proves such a document well-formed and
// extracts its head without building a YAML tree; anything outside that subset (flow
// collections, anchors, tags, multi-line flow scalars, tabs, odd indentation, keys that need
// care) makes it give up, and the full YAML path decides.
#include "chart/fast_head.hpp"

#include <array>
#include <cmath>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "render/yaml.hpp"

namespace render::chart {
namespace {

struct Line {
  int indent = 0;
  std::string_view text;  // after the indentation, trailing spaces kept
  bool content = false;   // not blank, not a comment
  // Where the colon of "key:" is in `text` (npos: not a key line); found once, when first asked.
  mutable std::size_t colon = kUnknown;
  static constexpr std::size_t kUnknown = std::string_view::npos - 1;
};

// Letters, digits and _ . / -, looked up in a table: every key of every document is scanned.
constexpr std::array<bool, 256> kKeyChars = [] {
  std::array<bool, 256> t{};
  for (std::size_t c = 0; c < t.size(); ++c) {
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '/' || c == '-';
  }
  return t;
}();

bool is_key_char(char c) {
  return kKeyChars[static_cast<unsigned char>(c)];
}

// How many key characters `t` starts with (see kKeyChars); sixteen bytes at a time where SSE2
// is there. Bytes of 0x80 and above compare as negative, so they fall in none of the ranges.
std::size_t key_chars(std::string_view t) {
  std::size_t i = 0;
#if defined(__SSE2__)
  auto in = [](__m128i c, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(c, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  while (t.size() - i >= 16) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + i));
    __m128i key =
        _mm_or_si128(_mm_or_si128(in(c, '-', '9'), in(c, 'A', 'Z')),
                     _mm_or_si128(in(c, 'a', 'z'), _mm_cmpeq_epi8(c, _mm_set1_epi8('_'))));
    auto other = static_cast<unsigned>(~_mm_movemask_epi8(key)) & 0xFFFFu;
    if (other != 0) return i + static_cast<std::size_t>(__builtin_ctz(other));
    i += 16;
  }
#endif
  while (i < t.size() && is_key_char(t[i])) ++i;
  return i;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The end of the line starting at `p` (its '\n', or `end`); `special` is set when the line holds
// a byte other than printable ASCII: a tab, a carriage return, a control character or a byte of
// a UTF-8 sequence. Documents are megabytes of short lines: sixteen bytes are looked at a time
// where SSE2 is there (every x86-64); bytes of 0x80 and above compare as negative there.
const char* line_end(const char* p, const char* end, bool& special) {
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i del = _mm_set1_epi8(0x7f);
  while (end - p >= 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i at_nl = _mm_cmpeq_epi8(chunk, newline);
    int at_newline = _mm_movemask_epi8(at_nl);
    int at_odd = _mm_movemask_epi8(_mm_or_si128(
        _mm_andnot_si128(at_nl, _mm_cmplt_epi8(chunk, space)), _mm_cmpeq_epi8(chunk, del)));
    if (at_newline != 0) {
      int first = __builtin_ctz(static_cast<unsigned>(at_newline));
      if ((at_odd & ((1 << first) - 1)) != 0) special = true;
      return p + first;
    }
    if (at_odd != 0) special = true;
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    auto c = static_cast<unsigned char>(*p);
    if (c == '\n') return p;
    if (c < 0x20 || c >= 0x7f) special = true;
  }
  return end;
}

// How many spaces `s` starts with; sixteen bytes at a time where SSE2 is there, as rendered
// manifests are indented deeply.
std::size_t leading_spaces(std::string_view s) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  while (s.size() - i >= 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    auto other = static_cast<unsigned>(~_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, space))) & 0xFFFFu;
    if (other != 0) return i + static_cast<std::size_t>(__builtin_ctz(other));
    i += 16;
  }
#endif
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

enum class Where { kOther, kTop, kMetadata, kAnnotations };

class Reader {
 public:
  // `lines` is scratch space, reused from one document to the next.
  Reader(std::string_view doc, ManifestHead& head, std::vector<Line>& lines)
      : head_(head), lines_(lines) {
    lines_.clear();
    const char* const end = doc.data() + doc.size();
    bool special = false;
    for (const char* start = doc.data();;) {
      const char* nl = line_end(start, end, special);
      std::string_view raw(start, static_cast<std::size_t>(nl - start));
      Line l;
      std::size_t i = leading_spaces(raw);
      l.indent = static_cast<int>(i);
      l.text = raw.substr(i);
      l.content = !l.text.empty() && l.text[0] != '#';
      if (empty_entry_ < 0 && !lines_.empty() && is_empty_entry_then_key(lines_.back(), l) &&
          indented_past_owner(lines_.size() - 1, l.indent)) {
        empty_entry_ = static_cast<int>(lines_.size());
      }
      lines_.push_back(l);
      if (nl == end) break;
      start = nl + 1;
    }
    // Tabs, carriage returns, the line breaks of Unicode and what yaml.v2's reader refuses are
    // the full path's business; other UTF-8 text is read here.
    ok_ = !special || (doc.find_first_of("\t\r") == std::string_view::npos &&
                       !yaml::reader_problem(doc) && !yaml::unicode_breaks_as_line_feeds(doc));
  }

  // The 0-based line yaml.v2 refuses as an empty sequence entry followed by a key, or -1.
  int empty_entry_line() const { return empty_entry_; }
  // The 0-based line of a plain scalar standing where its mapping needs a key (yaml.v2: "could
  // not find expected ':'"), found by run(), or -1.
  int keyless_line() const { return keyless_; }

  bool run() {
    if (!ok_) return false;
    skip();
    if (at_ == lines_.size()) return true;  // nothing but comments
    const Line& first = lines_[at_];
    if (!is_key_line(first)) return false;  // a list or a scalar: the full path reports
    if (!map_at(first.indent, Where::kTop)) return false;
    skip();
    return at_ == lines_.size();
  }

 private:
  // yaml.v2 refuses what yaml-cpp reads as an empty item: a block sequence entry ("-" alone on
  // its line, spaces or tabs after it) followed by a line at the same indentation that is not
  // another entry or a comment...
  static bool is_empty_entry_then_key(const Line& entry, const Line& next) {
    if (entry.text.empty() || entry.text[0] != '-' ||
        entry.text.find_first_not_of(" \t", 1) != std::string_view::npos) {
      return false;
    }
    return next.indent == entry.indent && !next.text.empty() && next.text[0] != '-' &&
           next.text[0] != '#';
  }

  // ...when the sequence is indented past what owns it (a key, or an entry of a sequence further
  // out), or stands at the top of the document. A sequence at its owner's own column
  // ("key:\n-\nnext: v") is one whose entries are not indented: the line after the empty entry
  // goes on with the owner's mapping, which the reader (or the full path, for anything odd)
  // judges. `entry` is the line of the empty entry, `column` its dash's column. The owner is the
  // first line above that is neither blank, nor deeper, nor another entry at the column; its
  // leading dashes ("- - key:") are entries of sequences further out.
  bool indented_past_owner(std::size_t entry, int column) const {
    for (std::size_t i = entry; i-- > 0;) {
      const Line& l = lines_[i];
      if (!l.content || l.indent > column) continue;
      std::string_view t = l.text;
      if (l.indent == column && is_item_line(t)) continue;
      int at = l.indent;
      while (is_item_line(t)) {
        if (at == column) return true;  // a sequence that starts inside an entry
        std::size_t spaces = 1;
        while (spaces < t.size() && t[spaces] == ' ') ++spaces;
        at += static_cast<int>(spaces);
        t.remove_prefix(spaces);
      }
      return at < column;
    }
    return true;  // a sequence at the top of the document
  }

  void skip() {
    while (at_ < lines_.size() && !lines_[at_].content) ++at_;
  }
  const Line* peek() {
    skip();
    return at_ < lines_.size() ? &lines_[at_] : nullptr;
  }

  // "key:" or "key: ..." with a plain key of ordinary characters.
  static bool is_key_line(const Line& l) { return colon_of(l) != std::string_view::npos; }
  static std::size_t colon_of(const Line& l) {
    if (l.colon == Line::kUnknown) l.colon = key_colon(l.text);
    return l.colon;
  }
  // Where the colon of such a line is, or npos.
  static std::size_t key_colon(std::string_view t) {
    if (t.empty() || !(is_key_char(t[0]) && t[0] != '-')) return std::string_view::npos;
    std::size_t i = key_chars(t);
    // yaml.v2 takes a ':' as ending a key only within 1024 characters of where the key starts.
    if (i < t.size() && t[i] == ':' && (i + 1 == t.size() || t[i + 1] == ' ') && i <= 1024) {
      return i;
    }
    return std::string_view::npos;
  }
  static bool is_item_line(std::string_view t) {
    return !t.empty() && t[0] == '-' && (t.size() == 1 || t[1] == ' ');
  }

  // A key sigs.k8s.io/yaml cannot name (null, or an integer only uint64 holds).
  static bool unnamed_key(std::string_view key) {
    if (!(key[0] >= '0' && key[0] <= '9') && key != "null" && key != "Null" && key != "NULL") {
      return false;
    }
    yaml::KeyTrouble trouble = yaml::KeyTrouble::kNone;
    std::uint64_t unsigned_key = 0;
    yaml::plain_key_name(key, trouble, unsigned_key);
    return trouble != yaml::KeyTrouble::kNone;
  }

  // A block mapping whose keys sit at `indent`.
  bool map_at(int indent, Where where) {
    bool seen_name = false, seen_kind = false, seen_api = false, seen_meta = false,
         seen_annotations = false;
    for (;;) {
      const Line* l = peek();
      if (l == nullptr || l->indent < indent) return true;
      if (l->indent > indent) return false;
      std::string_view t = l->text;
      std::size_t colon = colon_of(*l);
      if (colon == std::string_view::npos) {
        if (yaml::cannot_be_key(t, l->indent == 0)) keyless_ = static_cast<int>(at_);
        return false;
      }
      std::string_view key = t.substr(0, colon);
      if (unnamed_key(key)) return false;  // the full path words sigs.k8s.io/yaml's error
      std::string_view rest = colon + 1 < t.size() ? t.substr(colon + 2) : std::string_view();
      ++at_;
      Where child = Where::kOther;
      std::string* target = nullptr;
      bool is_hook = false;
      if (where == Where::kTop) {
        bool* seen = nullptr;
        if (key == "apiVersion") {
          seen = &seen_api;
          target = &scratch_;
        } else if (key == "kind") {
          seen = &seen_kind;
          target = &head_.kind;
        } else if (key == "metadata") {
          seen = &seen_meta;
          child = Where::kMetadata;
        } else if (iequals(key, "apiVersion") || iequals(key, "kind") || iequals(key, "metadata")) {
          return false;  // encoding/json matches keys case-insensitively
        }
        if (seen != nullptr) {
          if (*seen) return false;
          *seen = true;
        }
      } else if (where == Where::kMetadata) {
        if (key == "name") {
          if (seen_name) return false;
          seen_name = true;
          target = &head_.name;
        } else if (key == "annotations") {
          if (seen_annotations) return false;
          seen_annotations = true;
          child = Where::kAnnotations;
        } else if (iequals(key, "name") || iequals(key, "annotations")) {
          return false;
        }
      } else if (where == Where::kAnnotations) {
        target = &scratch_;
        if (key == "helm.sh/hook") {
          if (head_.has_hook) return false;
          is_hook = true;
        }
      }
      if (!value(indent, rest, child, target, where == Where::kAnnotations || target != nullptr)) {
        return false;
      }
      if (is_hook) {
        head_.has_hook = true;
        head_.hook_types = scratch_;
      }
    }
  }

  // A block sequence whose dashes sit at `indent`.
  bool seq_at(int indent) {
    for (;;) {
      const Line* l = peek();
      if (l == nullptr || l->indent < indent) return true;
      if (l->indent > indent || !is_item_line(l->text)) {
        // After the items of a sequence that hangs at its parent key's indentation, the parent's
        // next key follows at the same indentation.
        return l->indent == indent && is_key_line(*l);
      }
      std::string_view rest = l->text.size() > 1 ? l->text.substr(1) : std::string_view();
      std::size_t spaces = 0;
      while (spaces < rest.size() && rest[spaces] == ' ') ++spaces;
      rest.remove_prefix(spaces);
      if (rest.empty()) {
        ++at_;
        const Line* next = peek();
        if (next != nullptr && next->indent > indent) {
          if (!node(indent)) return false;
        } else if (next != nullptr && next->indent == indent && !is_item_line(next->text)) {
          return false;  // the mapping above goes on (or the entry is refused): the full path
        }
        continue;
      }
      if (rest[0] == '#') return false;
      if (std::size_t colon = key_colon(rest); colon != std::string_view::npos) {
        // "- key: value": a mapping whose keys sit after the dash.
        Line& cur = lines_[at_];
        cur.indent = indent + 1 + static_cast<int>(spaces);
        cur.text = rest;
        cur.colon = colon;
        if (!map_at(cur.indent, Where::kOther)) return false;
        continue;
      }
      if (is_item_line(rest)) return false;  // "- - x"
      ++at_;
      if (!scalar(indent, rest, nullptr, false)) return false;
    }
  }

  // The node on the lines after a key or dash at `parent` indentation.
  bool node(int parent) {
    const Line* l = peek();
    if (l == nullptr || l->indent <= parent) return true;
    if (is_item_line(l->text)) return seq_at(l->indent);
    if (is_key_line(*l)) return map_at(l->indent, Where::kOther);
    return false;
  }

  // The value after "key:" at `indent`; `rest` is what follows ": " on the key's line.
  bool value(int indent, std::string_view rest, Where child, std::string* target,
             bool must_be_string) {
    rest = trim_right(rest);
    while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);  // "key:   value"
    if (rest.empty() || rest[0] == '#') {
      if (target != nullptr) return false;  // a null head field: let the full path decide
      const Line* next = peek();
      if (next == nullptr || next->indent < indent) return true;
      if (next->indent == indent) {
        if (is_item_line(next->text)) return child == Where::kOther && seq_at(indent);
        return true;  // null value, next key
      }
      if (is_item_line(next->text)) return child == Where::kOther && seq_at(next->indent);
      if (!is_key_line(*next)) return false;
      return map_at(next->indent, child);
    }
    if (child != Where::kOther) {
      // metadata: {} or annotations: {} are empty; anything else inline goes the full way.
      return rest == "{}";
    }
    return scalar(indent, rest, target, must_be_string);
  }

  static std::string_view trim_right(std::string_view s) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  }

  // A scalar that starts on the current line after a key or dash at `indent`.
  bool scalar(int indent, std::string_view s, std::string* target, bool must_be_string) {
    s = trim_right(s);
    char c = s[0];
    if (c == '"') {
      std::size_t i = 1;
      for (; i < s.size(); ++i) {
        if (s[i] == '\\') {
          if (target != nullptr) return false;
          ++i;
          if (i >= s.size()) return false;
          // Not "\/": yaml.v2 knows no such escape; the full reader reports it.
          if (std::string_view("\\\"bfnrt0aevN_LP ").find(s[i]) == std::string_view::npos) {
            return false;
          }
          continue;
        }
        if (s[i] == '"') break;
      }
      if (i >= s.size()) return false;  // continues on the next line
      if (!after_quote(s.substr(i + 1))) return false;
      if (target != nullptr) *target = std::string(s.substr(1, i - 1));
      return next_is_not_deeper(indent);
    }
    if (c == '\'') {
      std::string text;
      std::size_t i = 1;
      for (; i < s.size(); ++i) {
        if (s[i] == '\'') {
          if (i + 1 < s.size() && s[i + 1] == '\'') {
            text += '\'';
            ++i;
            continue;
          }
          break;
        }
        text += s[i];
      }
      if (i >= s.size()) return false;
      if (!after_quote(s.substr(i + 1))) return false;
      if (target != nullptr) *target = std::move(text);
      return next_is_not_deeper(indent);
    }
    if (c == '|' || c == '>') {
      if (target != nullptr) return false;
      std::string_view header = s.substr(1);
      std::size_t h = 0;
      if (h < header.size() && (header[h] == '-' || header[h] == '+')) ++h;
      header.remove_prefix(h);
      header = trim_right(header);
      if (!header.empty() && header[0] != '#') return false;
      if (!header.empty() && s.size() > 1 && s[1] != ' ' && h == 0) return false;
      return block_scalar(indent);
    }
    if (s == "[]" || s == "{}") return target == nullptr;
    if (c == '[') return target == nullptr && flow_words(s) && next_is_not_deeper(indent);
    if (yaml::is_indicator(c) && !(c == '-' && s.size() > 1 && s[1] != ' ')) return false;
    // One scan for where a comment starts (" #") and for ": " before it, which would make the
    // line a mapping.
    for (std::size_t i = 1; i < s.size(); ++i) {
      if (s[i] == '#' && s[i - 1] == ' ') {
        s = trim_right(s.substr(0, i - 1));
        break;
      }
      if (s[i] == ' ' && s[i - 1] == ':') return false;
    }
    if (s.empty() || s.back() == ':') return false;
    if (maybe_non_finite(s)) return false;  // JSON cannot hold it: the full path says so
    if (target != nullptr) {
      if (must_be_string && yaml::resolve_plain(s).kind != yaml::PlainScalar::Kind::kString) {
        return false;
      }
      *target = std::string(s);
    }
    return next_is_not_deeper(indent);
  }

  // A plain scalar that may be .inf, -.Inf, .nan... (YAML 1.1 floats JSON cannot hold).
  static bool maybe_non_finite(std::string_view s) {
    std::size_t dot = s[0] == '+' || s[0] == '-' ? 1 : 0;
    if (s.size() != dot + 4 || s[dot] != '.') return false;
    yaml::PlainScalar r = yaml::resolve_plain(s);
    return r.kind == yaml::PlainScalar::Kind::kFloat && !std::isfinite(r.number);
  }

  // "[a, b.c, x-y]": a one-line flow sequence of plain words.
  static bool flow_words(std::string_view s) {
    if (s.size() < 3 || s.back() != ']') return false;
    std::string_view inner = s.substr(1, s.size() - 2);
    for (;;) {
      std::size_t comma = inner.find(',');
      std::string_view item = inner.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (item.empty() || item.front() == '-' || maybe_non_finite(item)) return false;
      for (char ch : item) {
        if (!is_key_char(ch)) return false;
      }
      if (comma == std::string_view::npos) return true;
      inner.remove_prefix(comma + 1);
    }
  }

  static bool after_quote(std::string_view rest) {
    rest = trim_right(rest);
    return rest.empty() ||
           (rest[0] == ' ' && rest.find_first_not_of(' ') != std::string_view::npos &&
            rest[rest.find_first_not_of(' ')] == '#');
  }

  // A one-line scalar is over: a deeper line would continue it (or be an error).
  bool next_is_not_deeper(int indent) {
    const Line* next = peek();
    return next == nullptr || next->indent <= indent;
  }

  // The lines of a block scalar after its header: blank or indented past `indent`, all at
  // least as far as the first one.
  bool block_scalar(int indent) {
    int content_indent = -1;
    while (at_ < lines_.size()) {
      const Line& l = lines_[at_];
      if (l.text.empty()) {
        ++at_;
        continue;
      }
      if (l.indent <= indent) break;
      if (content_indent < 0) content_indent = l.indent;
      if (l.indent < content_indent) return false;
      ++at_;
    }
    return true;
  }

  ManifestHead& head_;
  std::vector<Line>& lines_;
  std::size_t at_ = 0;
  bool ok_ = true;
  int empty_entry_ = -1;
  int keyless_ = -1;
  std::string scratch_;
};

}  // namespace

HeadRead read_head_fast(std::string_view document, ManifestHead& head, std::string& error) {
  thread_local std::vector<Line> lines;
  ManifestHead h;
  Reader reader(document, h, lines);
  bool read = reader.run();
  // yaml.v2 stops at the first of the two errors in the document.
  int entry = reader.empty_entry_line(), keyless = reader.keyless_line();
  if (keyless >= 0 && (entry < 0 || keyless < entry)) {
    // The scanner finds the ':' missing where the next token starts (or at the end).
    error = "yaml: line " + std::to_string(yaml::keyless_error_line(document, keyless)) +
            ": could not find expected ':'";
    return HeadRead::kRefused;
  }
  if (entry >= 0) {
    error = "yaml: line " + std::to_string(entry) + ": did not find expected node content";
    return HeadRead::kRefused;
  }
  if (!read) return HeadRead::kDeclined;
  head = std::move(h);
  return HeadRead::kRead;
}

bool fast_manifest_head(std::string_view document, ManifestHead& head) {
  std::string error;
  return read_head_fast(document, head, error) == HeadRead::kRead;
}

}  // namespace render::chart
