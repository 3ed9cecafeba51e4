// .Files.Glob's patterns, compiled and matched as gobwas/glob v0.2.3 does: its lexer and parser
// make a tree of the pattern, its compiler rewrites the tree's parts into matchers (texts,
// prefixes and suffixes, rows of fixed length, "every of", binary trees around the longest part
// of fixed length), and matching a name runs those matchers. Helm's output is what they match,
// quirks included, so each matcher here keeps the behaviour of its counterpart: byte offsets
// taken for counts of characters, a prefix and a suffix allowed to overlap, and the rest noted
// where it happens.
#include "chart/glob.hpp"

#include <algorithm>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/utf8.hpp"
#include "template/function.hpp"

namespace render::chart {

// One of gobwas's matchers; which fields count depends on the kind.
struct Glob::Matcher {
  enum class Kind {
    kNothing,       // the empty name
    kText,          // text
    kAny,           // '*': no separator in runes
    kSuper,         // '**': anything
    kSingle,        // '?': one character, not a separator in runes
    kList,          // one character of runes (or not, negated)
    kRange,         // one character in [lo, hi] (or not, negated)
    kPrefix,        // text at the start
    kSuffix,        // text at the end
    kPrefixSuffix,  // text at the start and suffix at the end
    kPrefixAny,     // text at the start, then no separator in runes
    kSuffixAny,     // text at the end, with no separator in runes before it
    kContains,      // text somewhere (or nowhere, negated)
    kMin,           // at least `number` characters
    kMax,           // at most `number` characters
    kEveryOf,       // every child
    kAnyOf,         // any child
    kRow,           // the children one after the other, `number` characters in all
    kBTree,         // value, with left matching what is before it and right what is after
  };
  Kind kind = Kind::kNothing;
  std::string text, suffix;
  std::u32string runes;
  bool negated = false;
  char32_t lo = 0, hi = 0;
  int number = 0;  // Text: its characters; Min, Max: the limit; Row: its characters
  std::vector<std::shared_ptr<const Matcher>> children;
  std::shared_ptr<const Matcher> value, left, right;
  // A binary tree's lengths in characters (-1: not fixed) as they were when it was made: the
  // optimizer replaces its branches later and keeps them, as gobwas does.
  int value_runes = 0, left_runes = 0, right_runes = 0, length_runes = -1;
};

namespace {

using namespace std::string_view_literals;
using M = Glob::Matcher;
using MP = std::shared_ptr<const M>;
using Kind = M::Kind;

constexpr char32_t kRuneError = 0xFFFD;
constexpr char32_t kSeparatorRune = '/';

// Go's utf8.DecodeRuneInString at s[i]: an invalid byte is U+FFFD of width 1, the end of the
// text U+FFFD of width 0.
struct Decoded {
  char32_t rune;
  std::size_t width;
};
Decoded decode(std::string_view s, std::size_t i = 0) {
  if (i >= s.size()) return {kRuneError, 0};
  std::size_t j = i;
  const long cp = next_code_point(s, j);
  return {cp < 0 ? kRuneError : static_cast<char32_t>(cp), j - i};
}

// Go's utf8.RuneLen for a character read from a string (never a surrogate): U+FFFD read for an
// invalid byte counts 3, which gobwas then takes for that byte's width.
int rune_len(char32_t r) {
  return r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;
}

// Calls f(byte offset, character) for each character of s, as Go's `for i, r := range s`; stops
// when f returns false.
template <typename F>
void each_rune(std::string_view s, F f) {
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode(s, i);
    if (!f(i, d.rune)) return;
    i += d.width;
  }
}

int rune_count(std::string_view s) {
  int n = 0;
  each_rune(s, [&](std::size_t, char32_t) {
    ++n;
    return true;
  });
  return n;
}

std::string utf8(const std::u32string& runes) {
  std::string out;
  for (char32_t r : runes) append_utf8(out, r);
  return out;
}

// Go's strings.IndexRune (U+FFFD also finds an invalid byte).
std::size_t index_rune(std::string_view s, char32_t r) {
  std::size_t found = std::string_view::npos;
  each_rune(s, [&](std::size_t i, char32_t c) {
    if (c != r) return true;
    found = i;
    return false;
  });
  return found;
}

// gobwas's IndexAnyRunes: where the first of `runes` found occurs (not the earliest of them).
std::size_t index_any_runes(std::string_view s, const std::u32string& runes) {
  for (char32_t r : runes) {
    if (std::size_t i = index_rune(s, r); i != std::string_view::npos) return i;
  }
  return std::string_view::npos;
}

bool has_rune(const std::u32string& runes, char32_t r) {
  return runes.find(r) != std::u32string::npos;
}

// ---- matchers -------------------------------------------------------------------------------

MP make(M m) {
  return std::make_shared<const M>(std::move(m));
}
MP make_kind(Kind kind) {
  M m;
  m.kind = kind;
  return make(std::move(m));
}
MP make_text(Kind kind, std::string text, std::string suffix = {}, std::u32string runes = {},
             bool negated = false) {
  M m;
  m.kind = kind;
  m.number = rune_count(text);
  m.text = std::move(text);
  m.suffix = std::move(suffix);
  m.runes = std::move(runes);
  m.negated = negated;
  return make(std::move(m));
}
MP make_runes(Kind kind, std::u32string runes, bool negated = false) {
  M m;
  m.kind = kind;
  m.runes = std::move(runes);
  m.negated = negated;
  return make(std::move(m));
}
MP make_number(Kind kind, int number) {
  M m;
  m.kind = kind;
  m.number = number;
  return make(std::move(m));
}
MP make_children(Kind kind, std::vector<MP> children, int number = 0) {
  M m;
  m.kind = kind;
  m.children = std::move(children);
  m.number = number;
  return make(std::move(m));
}

int length(const M& m);

MP make_btree(MP value, MP left, MP right) {
  M m;
  m.kind = Kind::kBTree;
  bool fixed = true;
  m.value_runes = length(*value);
  if (m.value_runes == -1) fixed = false;
  if (left) {
    m.left_runes = length(*left);
    if (m.left_runes == -1) fixed = false;
  }
  if (right) {
    m.right_runes = length(*right);
    if (m.right_runes == -1) fixed = false;
  }
  m.length_runes = fixed ? m.left_runes + m.value_runes + m.right_runes : -1;
  m.value = std::move(value);
  m.left = std::move(left);
  m.right = std::move(right);
  return make(std::move(m));
}

// The length in characters of every name the matcher matches, or -1.
int length(const M& m) {
  switch (m.kind) {
    case Kind::kNothing:
      return 0;
    case Kind::kText:
    case Kind::kRow:
      return m.number;
    case Kind::kSingle:
    case Kind::kList:
    case Kind::kRange:
      return 1;
    case Kind::kEveryOf:
      // (gobwas adds to a sum that starts at zero only while it is above zero.)
      return m.children.empty() ? 0 : -1;
    case Kind::kAnyOf: {
      // (A child of no fixed length is passed over while nothing is fixed yet.)
      int l = -1;
      for (const MP& c : m.children) {
        const int cl = length(*c);
        if (l == -1) {
          l = cl;
        } else if (cl == -1 || cl != l) {
          return -1;
        }
      }
      return l;
    }
    case Kind::kBTree:
      return m.length_runes;
    default:
      return -1;
  }
}

bool matches(const M& m, std::string_view s);

// Where the matcher matches inside s: the byte offset of the first place, and the byte lengths
// matched there; index -1 for none.
struct Found {
  int index = -1;
  std::vector<int> segments;
};
Found at(std::size_t index, std::vector<int> segments) {
  return Found{static_cast<int>(index), std::move(segments)};
}

// The byte offsets of s's characters, then its size.
std::vector<int> rune_starts(std::string_view s) {
  std::vector<int> out;
  each_rune(s, [&](std::size_t i, char32_t) {
    out.push_back(static_cast<int>(i));
    return true;
  });
  out.push_back(static_cast<int>(s.size()));
  return out;
}

std::vector<int> merge_sorted(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

bool row_match_all(const M& m, std::string_view s) {
  std::size_t idx = 0;
  for (const MP& c : m.children) {
    const int want = length(*c);
    // Counts `want` characters from idx, then takes the last one's first byte alone as its end
    // (gobwas's next + 1): a character of several bytes there is cut.
    std::size_t next = 0;
    int count = 0;
    const std::string_view rest = s.substr(idx);
    for (std::size_t p = 0; p < rest.size(); p += decode(rest, p).width) {
      next = p;
      if (++count == want) break;
    }
    if (count < want) return false;
    if (idx + next + 1 > s.size()) {
      // A part of no characters at the end of the name: Go's slice expression panics, and
      // text/template reports the panic as the call's error.
      throw tmpl::FunctionError(
          "runtime error: slice bounds out of range [:" + std::to_string(idx + next + 1) +
          "] with length " + std::to_string(s.size()));
    }
    if (!matches(*c, s.substr(idx, next + 1))) return false;
    idx += next + 1;
  }
  return true;
}

Found find(const M& m, std::string_view s);

bool btree_matches(const M& m, std::string_view s) {
  const auto input = static_cast<int>(s.size());
  // The branches' lengths in characters, taken for lengths in bytes.
  if (m.length_runes != -1 && m.length_runes > input) return false;
  int offset = m.left_runes >= 0 ? m.left_runes : 0;
  const int limit = m.right_runes >= 0 ? input - m.right_runes : input;
  while (offset < limit) {
    const Found f = find(*m.value, s.substr(offset, limit - offset));
    if (f.index == -1) return false;
    const std::string_view l = s.substr(0, offset + f.index);
    if (m.left ? matches(*m.left, l) : l.empty()) {
      for (auto it = f.segments.rbegin(); it != f.segments.rend(); ++it) {
        const int end = offset + f.index + *it;
        const std::string_view r = input <= end ? std::string_view() : s.substr(end);
        if (m.right ? matches(*m.right, r) : r.empty()) return true;
      }
    }
    const std::size_t step = decode(s, offset + f.index).width;
    if (step == 0) return false;
    offset += f.index + static_cast<int>(step);
  }
  return false;
}

bool matches(const M& m, std::string_view s) {
  switch (m.kind) {
    case Kind::kNothing:
      return s.empty();
    case Kind::kText:
      return s == m.text;
    case Kind::kAny:
      return index_any_runes(s, m.runes) == std::string_view::npos;
    case Kind::kSuper:
      return true;
    case Kind::kSingle:
    case Kind::kList:
    case Kind::kRange: {
      // One character, read as Go reads it: the empty name reads as U+FFFD.
      const Decoded d = decode(s);
      if (s.size() > d.width) return false;
      if (m.kind == Kind::kSingle) return !has_rune(m.runes, d.rune);
      const bool in =
          m.kind == Kind::kList ? has_rune(m.runes, d.rune) : d.rune >= m.lo && d.rune <= m.hi;
      return in != m.negated;
    }
    case Kind::kPrefix:
      return s.starts_with(m.text);
    case Kind::kSuffix:
      return s.ends_with(m.text);
    case Kind::kPrefixSuffix:
      return s.starts_with(m.text) && s.ends_with(m.suffix);
    case Kind::kPrefixAny:
      return s.starts_with(m.text) &&
             index_any_runes(s.substr(m.text.size()), m.runes) == std::string_view::npos;
    case Kind::kSuffixAny:
      return s.ends_with(m.text) && index_any_runes(s.substr(0, s.size() - m.text.size()),
                                                    m.runes) == std::string_view::npos;
    case Kind::kContains:
      return (s.find(m.text) != std::string_view::npos) != m.negated;
    case Kind::kMin: {
      int n = 0;
      bool enough = false;
      each_rune(s, [&](std::size_t, char32_t) {
        enough = ++n >= m.number;
        return !enough;
      });
      return enough;
    }
    case Kind::kMax:
      return rune_count(s) <= m.number;
    case Kind::kEveryOf:
      return std::all_of(m.children.begin(), m.children.end(),
                         [&](const MP& c) { return matches(*c, s); });
    case Kind::kAnyOf:
      return std::any_of(m.children.begin(), m.children.end(),
                         [&](const MP& c) { return matches(*c, s); });
    case Kind::kRow:
      return rune_count(s) == m.number && row_match_all(m, s);
    case Kind::kBTree:
      return btree_matches(m, s);
  }
  return false;
}

Found find(const M& m, std::string_view s) {
  constexpr auto npos = std::string_view::npos;
  switch (m.kind) {
    case Kind::kNothing:
      return at(0, {0});
    case Kind::kText: {
      const std::size_t i = s.find(m.text);
      return i == npos ? Found{} : at(i, {static_cast<int>(m.text.size())});
    }
    case Kind::kAny: {
      const std::size_t found = index_any_runes(s, m.runes);
      if (found == 0) return at(0, {0});
      return at(0, rune_starts(found == npos ? s : s.substr(0, found)));
    }
    case Kind::kSuper:
      return at(0, rune_starts(s));
    case Kind::kSingle:
    case Kind::kList:
    case Kind::kRange: {
      Found f;
      each_rune(s, [&](std::size_t i, char32_t r) {
        bool hit;
        if (m.kind == Kind::kSingle) {
          hit = !has_rune(m.runes, r);
        } else {
          const bool in = m.kind == Kind::kList ? has_rune(m.runes, r) : r >= m.lo && r <= m.hi;
          hit = in != m.negated;
        }
        if (hit) f = at(i, {rune_len(r)});
        return !hit;
      });
      return f;
    }
    case Kind::kPrefix: {
      const std::size_t idx = s.find(m.text);
      if (idx == npos) return {};
      const auto len = static_cast<int>(m.text.size());
      std::vector<int> segments{len};
      each_rune(s.size() > idx + m.text.size() ? s.substr(idx + m.text.size()) : std::string_view(),
                [&](std::size_t i, char32_t r) {
                  segments.push_back(len + static_cast<int>(i) + rune_len(r));
                  return true;
                });
      return at(idx, std::move(segments));
    }
    case Kind::kSuffix: {
      const std::size_t idx = s.find(m.text);
      return idx == npos ? Found{} : at(0, {static_cast<int>(idx + m.text.size())});
    }
    case Kind::kPrefixSuffix: {
      const std::size_t prefix = s.find(m.text);
      if (prefix == npos) return {};
      if (m.suffix.empty()) return at(prefix, {static_cast<int>(s.size() - prefix)});
      if (s.size() == prefix) return {};
      std::vector<int> segments;
      for (std::string_view sub = s.substr(prefix);;) {
        const std::size_t i = sub.rfind(m.suffix);
        if (i == npos) break;
        segments.push_back(static_cast<int>(i + m.suffix.size()));
        sub = sub.substr(0, i);
      }
      if (segments.empty()) return {};
      std::reverse(segments.begin(), segments.end());
      return at(prefix, std::move(segments));
    }
    case Kind::kPrefixAny: {
      const std::size_t idx = s.find(m.text);
      if (idx == npos) return {};
      const auto len = static_cast<int>(m.text.size());
      std::string_view sub = s.substr(idx + m.text.size());
      sub = sub.substr(0, index_any_runes(sub, m.runes));
      std::vector<int> segments{len};
      each_rune(sub, [&](std::size_t i, char32_t r) {
        segments.push_back(len + static_cast<int>(i) + rune_len(r));
        return true;
      });
      return at(idx, std::move(segments));
    }
    case Kind::kSuffixAny: {
      const std::size_t idx = s.find(m.text);
      if (idx == npos) return {};
      // (Only after the last separator before it; the separators are ASCII here.)
      std::size_t from = 0;
      for (char32_t r : m.runes) {
        if (const std::size_t i = s.substr(0, idx).rfind(static_cast<char>(r)); i != npos) {
          from = i + 1;
          break;
        }
      }
      return at(from, {static_cast<int>(idx + m.text.size() - from)});
    }
    case Kind::kContains: {
      const std::size_t idx = s.find(m.text);
      std::size_t offset = 0;
      if (!m.negated) {
        if (idx == npos) return {};
        offset = idx + m.text.size();
        if (s.size() <= offset) return at(0, {static_cast<int>(offset)});
        s = s.substr(offset);
      } else if (idx != npos) {
        s = s.substr(0, idx);
      }
      std::vector<int> segments = rune_starts(s);
      for (int& v : segments) v += static_cast<int>(offset);
      return at(0, std::move(segments));
    }
    case Kind::kMin: {
      if (static_cast<int>(s.size()) - m.number + 1 <= 0) return {};
      std::vector<int> segments;
      int count = 0;
      each_rune(s, [&](std::size_t i, char32_t r) {
        if (++count >= m.number) segments.push_back(static_cast<int>(i) + rune_len(r));
        return true;
      });
      return segments.empty() ? Found{} : at(0, std::move(segments));
    }
    case Kind::kMax: {
      std::vector<int> segments{0};
      int count = 0;
      each_rune(s, [&](std::size_t i, char32_t r) {
        if (++count > m.number) return false;
        segments.push_back(static_cast<int>(i) + rune_len(r));
        return true;
      });
      return at(0, std::move(segments));
    }
    case Kind::kEveryOf: {
      int index = 0, offset = 0;
      std::vector<int> current;
      std::string_view sub = s;
      for (std::size_t k = 0; k < m.children.size(); ++k) {
        Found f = find(*m.children[k], sub);
        if (f.index == -1) return {};
        if (k == 0) {
          current = std::move(f.segments);
        } else {
          std::vector<int> next;
          const int delta = index - (f.index + offset);
          for (int ex : current) {
            for (int n : f.segments) {
              if (ex + delta == n) next.push_back(n);
            }
          }
          if (next.empty()) return {};
          current = std::move(next);
        }
        index = f.index + offset;
        sub = s.substr(static_cast<std::size_t>(index));
        offset += f.index;
      }
      return Found{index, std::move(current)};
    }
    case Kind::kAnyOf: {
      Found best;
      for (const MP& c : m.children) {
        Found f = find(*c, s);
        if (f.index == -1) continue;
        if (best.index == -1 || f.index < best.index) {
          best = std::move(f);
        } else if (f.index == best.index) {
          best.segments = merge_sorted(best.segments, f.segments);
        }
      }
      return best;
    }
    case Kind::kRow: {
      // (The match's length in characters, handed on as its length in bytes.)
      Found f;
      each_rune(s, [&](std::size_t i, char32_t) {
        if (static_cast<int>(s.size() - i) < m.number) return false;
        if (!row_match_all(m, s.substr(i))) return true;
        f = at(i, {m.number});
        return false;
      });
      return f;
    }
    case Kind::kBTree:
      return {};  // (never asked: gobwas's is unwritten and finds nothing)
  }
  return {};
}

// ---- the pattern's tree ---------------------------------------------------------------------

struct Node {
  enum class Kind { kNothing, kPattern, kList, kRange, kText, kAny, kSuper, kSingle, kAnyOf };
  Kind kind = Kind::kNothing;
  std::string text;  // Text: its text; List: its characters
  bool negated = false;
  char32_t lo = 0, hi = 0;
  std::vector<Node*> children;
  Node* parent = nullptr;
};

bool equal(const Node* a, const Node* b) {
  if (a->kind != b->kind || a->text != b->text || a->negated != b->negated || a->lo != b->lo ||
      a->hi != b->hi || a->children.size() != b->children.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a->children.size(); ++i) {
    if (!equal(a->children[i], b->children[i])) return false;
  }
  return true;
}

class Tree {
 public:
  Node* node(Node::Kind kind, std::vector<Node*> children = {}) {
    auto& n = nodes_.emplace_back(std::make_unique<Node>());
    n->kind = kind;
    for (Node* c : children) insert(n.get(), c);
    return n.get();
  }
  static void insert(Node* parent, Node* child) {
    parent->children.push_back(child);
    child->parent = parent;
  }

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
};

// gobwas's lexer and parser in one: false for a pattern it refuses.
class Parser {
 public:
  Parser(std::string_view pattern, Tree& tree) : data_(pattern), tree_(tree) {}

  Node* parse() {
    Node* root = tree_.node(Node::Kind::kPattern);
    Node* at = root;
    for (;;) {
      Token t = next();
      switch (t.type) {
        case Token::kEof:
          return root;
        case Token::kText: {
          Node* n = tree_.node(Node::Kind::kText);
          n->text = std::move(t.text);
          Tree::insert(at, n);
          break;
        }
        case Token::kAny:
          Tree::insert(at, tree_.node(Node::Kind::kAny));
          break;
        case Token::kSuper:
          Tree::insert(at, tree_.node(Node::Kind::kSuper));
          break;
        case Token::kSingle:
          Tree::insert(at, tree_.node(Node::Kind::kSingle));
          break;
        case Token::kRangeOpen:
          if (!range(at)) return nullptr;
          break;
        case Token::kTermsOpen: {
          Node* any_of = tree_.node(Node::Kind::kAnyOf);
          Tree::insert(at, any_of);
          Node* p = tree_.node(Node::Kind::kPattern);
          Tree::insert(any_of, p);
          at = p;
          break;
        }
        case Token::kSeparator: {
          Node* p = tree_.node(Node::Kind::kPattern);
          Tree::insert(at->parent, p);
          at = p;
          break;
        }
        case Token::kTermsClose:
          at = at->parent->parent;
          break;
        default:
          return nullptr;  // an error, or a token of a class outside one
      }
    }
  }

 private:
  struct Token {
    enum Type {
      kEof,
      kError,
      kText,
      kAny,
      kSuper,
      kSingle,
      kNot,
      kSeparator,
      kRangeOpen,
      kRangeClose,
      kRangeLo,
      kRangeBetween,
      kRangeHi,
      kTermsOpen,
      kTermsClose
    };
    Type type;
    std::string text;
  };

  bool range(Node* at) {
    bool negated = false;
    char32_t lo = 0, hi = 0;
    std::string chars;
    for (;;) {
      Token t = next();
      switch (t.type) {
        case Token::kEof:
        case Token::kError:
          return false;
        case Token::kNot:
          negated = true;
          break;
        case Token::kRangeLo:
          lo = decode(t.text).rune;
          break;
        case Token::kRangeHi:
          hi = decode(t.text).rune;
          if (hi < lo) return false;
          break;
        case Token::kText:
          chars = std::move(t.text);
          break;
        case Token::kRangeClose: {
          const bool is_range = lo != 0 && hi != 0;
          if (chars.empty() != is_range) return false;  // both or neither
          Node* n = tree_.node(is_range ? Node::Kind::kRange : Node::Kind::kList);
          n->negated = negated;
          n->lo = lo;
          n->hi = hi;
          n->text = std::move(chars);
          Tree::insert(at, n);
          return true;
        }
        default:
          break;
      }
    }
  }

  Token next() {
    for (;;) {
      if (error_) return Token{Token::kError, {}};
      if (head_ < tokens_.size()) return std::move(tokens_[head_++]);
      tokens_.clear();
      head_ = 0;
      fetch_item();
    }
  }

  void push(Token::Type type, std::string text = {}) {
    tokens_.push_back(Token{type, std::move(text)});
  }

  // The next character, or 0 at the end; a byte that is not UTF-8 (or U+FFFD itself) is an
  // error, and reads as the end.
  Decoded peek() {
    if (pos_ == data_.size()) return {0, 0};
    const Decoded d = decode(data_, pos_);
    if (d.rune == kRuneError) {
      error_ = true;
      return {0, 0};
    }
    return d;
  }
  char32_t read() {
    if (has_rune_) {
      has_rune_ = false;
      pos_ += last_size_;
      return last_;
    }
    const Decoded d = peek();
    pos_ += d.width;
    last_ = d.rune;
    last_size_ = d.width;
    return d.rune;
  }
  void unread() {
    if (has_rune_) {
      error_ = true;
      return;
    }
    pos_ -= last_size_;
    has_rune_ = true;
  }

  void fetch_item() {
    const char32_t r = read();
    if (r == 0) {
      push(Token::kEof);
    } else if (r == '{') {
      ++terms_;
      push(Token::kTermsOpen);
    } else if (r == ',' && terms_ > 0) {
      push(Token::kSeparator);
    } else if (r == '}' && terms_ > 0) {
      push(Token::kTermsClose);
      --terms_;
    } else if (r == '[') {
      push(Token::kRangeOpen);
      fetch_range();
    } else if (r == '?') {
      push(Token::kSingle);
    } else if (r == '*') {
      if (read() == '*') {
        push(Token::kSuper);
      } else {
        unread();
        push(Token::kAny);
      }
    } else {
      unread();
      fetch_text(terms_ > 0 ? U"?*[{},"sv : U"?*[{"sv);
    }
  }

  void fetch_range() {
    bool want_hi = false, want_close = false, seen_not = false;
    for (;;) {
      const char32_t r = read();
      if (r == 0) {
        error_ = true;  // unexpected end of input
        return;
      }
      if (want_close) {
        if (r != ']') {
          error_ = true;
        } else {
          push(Token::kRangeClose);
        }
        return;
      }
      std::string one;
      append_utf8(one, r);
      if (want_hi) {
        push(Token::kRangeHi, std::move(one));
        want_close = true;
        continue;
      }
      if (!seen_not && r == '!') {
        push(Token::kNot);
        seen_not = true;
        continue;
      }
      if (const Decoded n = peek(); n.rune == '-') {
        pos_ += n.width;
        push(Token::kRangeLo, std::move(one));
        push(Token::kRangeBetween);
        want_hi = true;
        continue;
      }
      unread();
      fetch_text(U"]"sv);
      want_close = true;
    }
  }

  void fetch_text(std::u32string_view breakers) {
    std::string text;
    bool escaped = false;
    for (;;) {
      const char32_t r = read();
      if (r == 0) break;
      if (!escaped) {
        if (r == '\\') {
          escaped = true;
          continue;
        }
        if (breakers.find(r) != std::u32string_view::npos) {
          unread();
          break;
        }
      }
      escaped = false;
      append_utf8(text, r);
    }
    if (!text.empty()) push(Token::kText, std::move(text));
  }

  std::string_view data_;
  Tree& tree_;
  std::size_t pos_ = 0;
  bool error_ = false;
  int terms_ = 0;
  char32_t last_ = 0;
  std::size_t last_size_ = 0;
  bool has_rune_ = false;
  std::vector<Token> tokens_;
  std::size_t head_ = 0;
};

// ---- the compiler -----------------------------------------------------------------------------

class Compiler {
 public:
  explicit Compiler(Tree& tree) : tree_(tree) {}

  MP compile(const Node* n) {
    MP m;
    switch (n->kind) {
      case Node::Kind::kAnyOf: {
        if (const Node* minimized = minimize_any_of(n)) return compile(minimized);
        return make_children(Kind::kAnyOf, compile_children(n));
      }
      case Node::Kind::kPattern:
        if (n->children.empty()) return make_kind(Kind::kNothing);
        m = compile_matchers(minimize(compile_children(n)));
        break;
      case Node::Kind::kAny:
        m = make_runes(Kind::kAny, std::u32string(1, kSeparatorRune));
        break;
      case Node::Kind::kSuper:
        m = make_kind(Kind::kSuper);
        break;
      case Node::Kind::kSingle:
        m = make_runes(Kind::kSingle, std::u32string(1, kSeparatorRune));
        break;
      case Node::Kind::kNothing:
        m = make_kind(Kind::kNothing);
        break;
      case Node::Kind::kList: {
        std::u32string chars;
        each_rune(n->text, [&](std::size_t, char32_t r) {
          chars.push_back(r);
          return true;
        });
        m = make_runes(Kind::kList, std::move(chars), n->negated);
        break;
      }
      case Node::Kind::kRange: {
        M r;
        r.kind = Kind::kRange;
        r.lo = n->lo;
        r.hi = n->hi;
        r.negated = n->negated;
        m = make(std::move(r));
        break;
      }
      case Node::Kind::kText:
        m = make_text(Kind::kText, n->text);
        break;
    }
    return optimize(m);
  }

 private:
  std::vector<MP> compile_children(const Node* n) {
    std::vector<MP> out;
    for (const Node* c : n->children) out.push_back(optimize(compile(c)));
    return out;
  }

  static MP optimize(const MP& m) {
    if (!m) return m;
    switch (m->kind) {
      case Kind::kAnyOf:
        return m->children.size() == 1 ? m->children.front() : m;
      case Kind::kList:
        return !m->negated && m->runes.size() == 1 ? make_text(Kind::kText, utf8(m->runes)) : m;
      case Kind::kBTree: {
        M copy = *m;
        copy.left = optimize(m->left);
        copy.right = optimize(m->right);
        if (copy.value->kind != Kind::kText) return make(std::move(copy));
        const std::string& text = copy.value->text;
        const M* l = copy.left.get();
        const M* r = copy.right.get();
        const bool left_super = l != nullptr && l->kind == Kind::kSuper;
        const bool right_super = r != nullptr && r->kind == Kind::kSuper;
        if (l == nullptr && r == nullptr) return make_text(Kind::kText, text);
        if (left_super && right_super) return make_text(Kind::kContains, text);
        if (left_super && r == nullptr) return make_text(Kind::kSuffix, text);
        if (right_super && l == nullptr) return make_text(Kind::kPrefix, text);
        if (l == nullptr && r->kind == Kind::kSuffix) {
          return make_text(Kind::kPrefixSuffix, text, r->text);
        }
        if (r == nullptr && l->kind == Kind::kPrefix) {
          return make_text(Kind::kPrefixSuffix, l->text, text);
        }
        if (r == nullptr && l->kind == Kind::kAny)
          return make_text(Kind::kSuffixAny, text, {}, l->runes);
        if (l == nullptr && r->kind == Kind::kAny)
          return make_text(Kind::kPrefixAny, text, {}, r->runes);
        return make(std::move(copy));
      }
      default:
        return m;
    }
  }

  static MP glue_as_every(const std::vector<MP>& ms) {
    if (ms.size() <= 1) return nullptr;
    bool any = false, super = false, single = false;
    int min = 0;
    std::u32string separator;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      std::u32string sep;
      switch (ms[i]->kind) {
        case Kind::kSuper:
          super = true;
          break;
        case Kind::kAny:
          sep = ms[i]->runes;
          any = true;
          break;
        case Kind::kSingle:
          sep = ms[i]->runes;
          single = true;
          ++min;
          break;
        case Kind::kList:
          if (!ms[i]->negated) return nullptr;
          sep = ms[i]->runes;
          single = true;
          ++min;
          break;
        default:
          return nullptr;
      }
      if (i == 0) separator = sep;
      if (sep != separator) return nullptr;
    }
    if (super && !any && !single) return make_kind(Kind::kSuper);
    if (any && !super && !single) return make_runes(Kind::kAny, separator);
    if ((any || super) && min > 0 && separator.empty()) return make_number(Kind::kMin, min);
    std::vector<MP> every;
    if (min > 0) {
      every.push_back(make_number(Kind::kMin, min));
      if (!any && !super) every.push_back(make_number(Kind::kMax, min));
    }
    // (The separators as one text that the name must not contain.)
    if (!separator.empty())
      every.push_back(make_text(Kind::kContains, utf8(separator), {}, {}, true));
    return make_children(Kind::kEveryOf, std::move(every));
  }

  static MP glue_as_row(const std::vector<MP>& ms) {
    if (ms.size() <= 1) return nullptr;
    int total = 0;
    for (const MP& m : ms) {
      const int l = length(*m);
      if (l == -1) return nullptr;
      total += l;
    }
    return make_children(Kind::kRow, ms, total);
  }

  static MP glue(const std::vector<MP>& ms) {
    if (MP m = glue_as_every(ms)) return m;
    return glue_as_row(ms);
  }

  // Replaces the longest run of matchers that glue into one (the first found, or a fixed length
  // longer than the last one's) with it, over and over.
  static std::vector<MP> minimize(std::vector<MP> ms) {
    for (;;) {
      MP done;
      std::size_t left = 0, right = 0, count = 0;
      for (std::size_t l = 0; l < ms.size(); ++l) {
        for (std::size_t r = ms.size(); r > l; --r) {
          const std::vector<MP> run(ms.begin() + static_cast<std::ptrdiff_t>(l),
                                    ms.begin() + static_cast<std::ptrdiff_t>(r));
          MP glued = glue(run);
          if (!glued) continue;
          bool swap = done == nullptr;
          if (!swap) {
            const int cl = length(*done), gl = length(*glued);
            swap = (cl > -1 && gl > -1 && gl > cl) || count < r - l;
          }
          if (swap) {
            done = glued;
            left = l;
            right = r;
            count = r - l;
          }
        }
      }
      if (!done) return ms;
      std::vector<MP> next(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(left));
      next.push_back(done);
      next.insert(next.end(), ms.begin() + static_cast<std::ptrdiff_t>(right), ms.end());
      if (next.size() == ms.size()) return next;
      ms = std::move(next);
    }
  }

  // One matcher for a run: glued, or a binary tree around the last longest one of fixed length
  // (or around the first, when none has one).
  static MP compile_matchers(const std::vector<MP>& ms) {
    if (ms.size() == 1) return ms.front();
    if (MP m = glue(ms)) return m;
    std::size_t idx = 0;
    int max_len = -1;
    MP value;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      if (const int l = length(*ms[i]); l != -1 && l >= max_len) {
        max_len = l;
        idx = i;
        value = ms[i];
      }
    }
    if (!value) {
      return make_btree(ms.front(), nullptr,
                        compile_matchers(std::vector<MP>(ms.begin() + 1, ms.end())));
    }
    const std::vector<MP> left(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(idx));
    const std::vector<MP> right(ms.begin() + static_cast<std::ptrdiff_t>(idx) + 1, ms.end());
    return make_btree(value, left.empty() ? nullptr : compile_matchers(left),
                      right.empty() ? nullptr : compile_matchers(right));
  }

  // {a,b}: the children the alternatives begin and end with in common are taken out of them, as
  // gobwas does; null when there are none.
  const Node* minimize_any_of(const Node* n) {
    for (const Node* c : n->children) {
      if (c->kind != Node::Kind::kPattern) return nullptr;
    }
    std::vector<Node*> common_left, common_right;
    common_children(n->children, common_left, common_right);
    if (common_left.empty() && common_right.empty()) return nullptr;
    std::vector<Node*> result;
    if (!common_left.empty()) result.push_back(tree_.node(Node::Kind::kPattern, common_left));
    std::vector<Node*> any_of;
    for (const Node* c : n->children) {
      const auto from = static_cast<std::ptrdiff_t>(common_left.size());
      const auto to = static_cast<std::ptrdiff_t>(c->children.size() - common_right.size());
      std::vector<Node*> reuse(c->children.begin() + from, c->children.begin() + to);
      Node* alt = reuse.empty() ? tree_.node(Node::Kind::kNothing)
                                : tree_.node(Node::Kind::kPattern, std::move(reuse));
      if (std::none_of(any_of.begin(), any_of.end(), [&](Node* a) { return equal(a, alt); })) {
        any_of.push_back(alt);
      }
    }
    if (any_of.size() == 1 && any_of.front()->kind != Node::Kind::kNothing) {
      result.push_back(any_of.front());
    } else if (any_of.size() > 1) {
      result.push_back(tree_.node(Node::Kind::kAnyOf, std::move(any_of)));
    }
    if (!common_right.empty()) result.push_back(tree_.node(Node::Kind::kPattern, common_right));
    return tree_.node(Node::Kind::kPattern, std::move(result));
  }

  static void common_children(const std::vector<Node*>& nodes, std::vector<Node*>& left,
                              std::vector<Node*>& right) {
    if (nodes.size() <= 1) return;
    std::size_t idx = 0;
    for (std::size_t i = 1; i < nodes.size(); ++i) {
      if (nodes[i]->children.size() < nodes[idx]->children.size()) idx = i;
    }
    const Node* tree = nodes[idx];
    const auto length = static_cast<long>(tree->children.size());
    std::vector<Node*> common_right(tree->children.size(), nullptr);
    long last_right = length;
    bool break_left = false, break_right = false;
    long total = 0;
    for (long i = 0, j = length - 1; total < length && j >= 0 && !(break_left && break_right);
         ++i, --j) {
      Node* tree_left = tree->children[static_cast<std::size_t>(i)];
      Node* tree_right = tree->children[static_cast<std::size_t>(j)];
      for (std::size_t k = 0; k < nodes.size() && !(break_left && break_right); ++k) {
        if (k == idx) continue;
        const auto& other = nodes[k]->children;
        const Node* rest_left = other[static_cast<std::size_t>(i)];
        const Node* rest_right =
            other[static_cast<std::size_t>(j + static_cast<long>(other.size()) - length)];
        break_left = break_left || !equal(tree_left, rest_left);
        // (no common end once the common start reaches it)
        break_right = break_right || (!break_left && j <= i);
        break_right = break_right || !equal(tree_right, rest_right);
      }
      if (!break_left) {
        ++total;
        left.push_back(tree_left);
      }
      if (!break_right) {
        ++total;
        last_right = j;
        common_right[static_cast<std::size_t>(j)] = tree_right;
      }
    }
    right.assign(common_right.begin() + last_right, common_right.end());
  }

  Tree& tree_;
};

}  // namespace

Glob::Glob(std::string_view pattern) {
  Tree tree;
  const Node* root = Parser(pattern, tree).parse();
  if (root == nullptr) {
    valid_ = false;
    return;
  }
  matcher_ = Compiler(tree).compile(root);
}

Glob::~Glob() = default;
Glob::Glob(Glob&&) noexcept = default;
Glob& Glob::operator=(Glob&&) noexcept = default;

bool Glob::match(std::string_view name) const {
  if (!valid_) return true;
  return matches(*matcher_, name);
}

}  // namespace render::chart
