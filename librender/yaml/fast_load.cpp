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
#include "render/utf8.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <iterator>
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
  std::string_view content;  // after the indentation; no trailing '\n'
  int indent;
};

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A line is a sequence entry when it starts with "- " or is "-".
bool is_entry(std::string_view content) {
  return !content.empty() && content[0] == '-' && (content.size() == 1 || content[1] == ' ');
}

using ByteSet = std::array<bool, 256>;

constexpr ByteSet byte_set(std::string_view bytes) {
  ByteSet t{};
  for (char c : bytes) t[static_cast<unsigned char>(c)] = true;
  return t;
}

// The characters is_indicator() names, looked up in a table: the test runs on every key and
// scalar, and a call per test costs more than the test.
constexpr ByteSet kIndicators = byte_set("[]{},#&*!|>'\"%@`?:-");
// Where a plain scalar inside a flow collection stops.
constexpr ByteSet kFlowStops = byte_set(",[]{}:#?");
// What a line that is no plain key starts with: a flow collection or a quoted scalar.
constexpr ByteSet kFlowOrQuote = byte_set("[{\"'");

bool indicator(char c) {
  return kIndicators[static_cast<unsigned char>(c)];
}

// The bytes a plain scalar that resolve_plain() reads as other than a string may start with: the
// null, boolean and special float words start with one of "~yYnNoOtTfF.+-", numbers with a digit
// or one of "+-.", and "" is null. A scalar starting with any other byte is a string, known
// without the call (most keys and many values: "image", "registry.example.com/x"); so is one
// longer than the words (five bytes at most) that no number starts as ("nginx.example/x").
constexpr ByteSet kMayResolve = byte_set("~yYnNoOtTfF.+-0123456789");
constexpr ByteSet kNumberStarts = byte_set(".+-0123456789");

bool surely_string(std::string_view plain) {
  if (plain.empty()) return false;
  const auto first = static_cast<unsigned char>(plain.front());
  return !kMayResolve[first] || (plain.size() > 5 && !kNumberStarts[first]);
}

// Where a plain scalar inside a flow collection stops: the first of , [ ] { } : # ? of `s` from
// `from` (npos: none; yaml.v2 reads a '?' there as a key indicator). Sixteen bytes at once where
// they lie within the text (before `text_end`), as colon_or_hash() does; else a table lookup per
// byte (find_first_of searches the set for every byte).
std::size_t flow_stop(std::string_view s, std::size_t from, const char* text_end) {
#if defined(__SSE2__)
  // '[' and ']' are '{' and '}' but for the bit 0x20, which no other byte sets to either.
  const __m128i case_bit = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{'),
                close = _mm_set1_epi8('}'), comma = _mm_set1_epi8(','), colon = _mm_set1_epi8(':'),
                hash = _mm_set1_epi8('#'), question = _mm_set1_epi8('?');
  while (from < s.size() && text_end - (s.data() + from) >= 16) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + from));
    __m128i folded = _mm_or_si128(c, case_bit);
    __m128i stops = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, comma), _mm_cmpeq_epi8(c, colon)),
                     _mm_or_si128(_mm_cmpeq_epi8(c, hash), _mm_cmpeq_epi8(c, question))));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(stops));
    if (mask != 0) {
      std::size_t at = from + static_cast<std::size_t>(std::countr_zero(mask));
      return at < s.size() ? at : std::string_view::npos;
    }
    from += 16;
  }
#else
  (void)text_end;
#endif
  for (; from < s.size(); ++from) {
    if (kFlowStops[static_cast<unsigned char>(s[from])]) return from;
  }
  return std::string_view::npos;
}

// The first ':' or '#' of `s` from `from` on, or s.size(): the only bytes that end a plain key or
// scalar on a line. Where sixteen bytes from there lie within the text (before `text_end`) they
// are compared at once; the line holds no '\n', so a match past its end is past the line.
std::size_t colon_or_hash(std::string_view s, std::size_t from, const char* text_end) {
#if defined(__SSE2__)
  const __m128i colon = _mm_set1_epi8(':'), hash = _mm_set1_epi8('#');
  while (from < s.size() && text_end - (s.data() + from) >= 16) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + from));
    auto mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(c, colon), _mm_cmpeq_epi8(c, hash))));
    if (mask != 0)
      return std::min(from + static_cast<std::size_t>(std::countr_zero(mask)), s.size());
    from += 16;
  }
#else
  (void)text_end;
#endif
  for (; from < s.size(); ++from) {
    if (s[from] == ':' || s[from] == '#') return from;
  }
  return s.size();
}

// How many spaces `p` starts with, reading no further than `end` (a line break or the text's end
// comes first). Eight bytes at a time where the machine's byte order allows.
std::size_t leading_spaces(const char* p, const char* end) {
  const char* at = p;
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kSpaces = 0x2020202020202020u;
    while (end - at >= 8) {
      std::uint64_t word;
      std::memcpy(&word, at, sizeof word);
      if (std::uint64_t other = word ^ kSpaces; other != 0) {
        return static_cast<std::size_t>(at - p) +
               static_cast<std::size_t>(std::countr_zero(other)) / 8;
      }
      at += 8;
    }
  }
  while (at < end && *at == ' ') ++at;
  return static_cast<std::size_t>(at - p);
}

// The lines FastLoader reads, blank and comment lines left out; false when a byte (tabs,
// carriage returns, other controls and anything beyond ASCII: yaml-cpp's business) or a line (a
// document marker or a directive) is outside what it reads.
bool split_lines(std::string_view text, std::vector<Line>& lines) {
  const char* const end = text.data() + text.size();
  const char* start = text.data();
  // The line from `start` to `stop` (a '\n' or the end).
  auto line = [&](const char* stop) {
    std::size_t indent = leading_spaces(start, stop);
    std::string_view content = trim_right(
        std::string_view(start + indent, static_cast<std::size_t>(stop - start) - indent));
    start = stop + 1;
    if (!content.empty() && content.front() != '#') {
      if (indent == 0 &&
          (content.starts_with("---") || content.starts_with("...") || content.front() == '%')) {
        return false;
      }
      lines.push_back(Line{content, static_cast<int>(indent)});
    }
    return true;
  };
  const char* at = text.data();
#if defined(__SSE2__)
  // Sixty-four bytes at a time, in blocks: first a block's bytes are checked and its line breaks
  // found, then the lines they end are read (which calls functions: vector registers would be
  // saved and restored around them, were both done in one loop). A byte is one the lines may hold
  // when it is a line break or, plus one, above 0x20 as a signed byte: 0x20 to 0x7e (DEL and
  // bytes of 0x80 and above end up negative).
  constexpr std::size_t kBlock = 16;  // groups of sixty-four bytes
  std::array<std::uint64_t, kBlock> breaks;
  while (end - at >= 64) {
    const std::size_t groups = std::min(kBlock, static_cast<std::size_t>(end - at) / 64);
    const __m128i one = _mm_set1_epi8(1), space = _mm_set1_epi8(0x20), nl = _mm_set1_epi8('\n');
    __m128i good = _mm_set1_epi8(-1);
    for (std::size_t g = 0; g < groups; ++g) {
      std::uint64_t mask = 0;
      for (int k = 0; k < 4; ++k) {
        __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 64 * g + 16 * k));
        __m128i is_break = _mm_cmpeq_epi8(c, nl);
        __m128i printable = _mm_cmpgt_epi8(_mm_add_epi8(c, one), space);
        good = _mm_and_si128(good, _mm_or_si128(printable, is_break));
        mask |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(is_break))} << (16 * k);
      }
      breaks[g] = mask;
    }
    if (_mm_movemask_epi8(good) != 0xffff) return false;
    for (std::size_t g = 0; g < groups; ++g) {
      for (std::uint64_t mask = breaks[g]; mask != 0; mask &= mask - 1) {
        if (!line(at + 64 * g + std::countr_zero(mask))) return false;
      }
    }
    at += 64 * groups;
  }
#endif
  for (; at < end; ++at) {
    auto byte = static_cast<unsigned char>(*at);
    if (byte == '\n') {
      if (!line(at)) return false;
    } else if (byte < 0x20 || byte >= 0x7f) {
      return false;
    }
  }
  return start >= end || line(end);
}

class FastLoader {
 public:
  FastLoader(std::vector<Line> lines, std::string_view text, const LoadOptions& options)
      : lines_(std::move(lines)),
        lines_count_(lines_.size()),
        text_begin_(text.data()),
        text_end_(text.data() + text.size()),
        eight_bytes_before_(text.size() >= 8 ? text.size() - 7 : 0),
        max_nodes_(options.max_nodes),
        max_depth_(options.max_depth) {}

  // Where a plain scalar stands where a mapping needs a key, or nullptr: yaml.v2 refuses the
  // document there (document() has declined it).
  const char* keyless() const { return keyless_; }
  // Where a quoted value that does not close on its line starts, or nullptr.
  const char* unclosed_quote() const { return unclosed_; }
  bool non_finite() const { return non_finite_; }

  // The document's value, or nullopt when the text is outside what this path reads.
  std::optional<Value> document() {
    if (lines_.empty()) return Value::map();
    std::size_t i = 0;
    if (lines_[0].indent != 0) return std::nullopt;
    Value root = block(i, 0, 0);
    if (declined_ || i != lines_count_) return std::nullopt;
    return root;
  }

 private:
  // A mapping's entry while the mapping is read. The key points into the text, or into owned_
  // when it is not the text itself (escapes, or a key resolved to another spelling).
  struct Entry {
    // (Made in place by emplace_back, which clang 14 cannot do for an aggregate.)
    Entry(std::string_view k, std::uint64_t p, Value&& v)
        : key(k), prefix(p), value(std::move(v)) {}
    std::string_view key;
    std::uint64_t prefix;  // key_prefix(key)
    Value value;
  };

  // Gives the text up (to yaml-cpp's path). Every builder returns at once once it is set; the
  // value it returns then is never used.
  Value decline() {
    declined_ = true;
    return Value();
  }

  // Counts a node; false (and declined) past the node or depth limit.
  bool count(int depth) {
    if (++nodes_ > max_nodes_ || depth > max_depth_) declined_ = true;
    return !declined_;
  }

  Value block(std::size_t& i, int indent, int depth) {
    if (!count(depth)) return Value();
    if (is_entry(lines_[i].content)) return sequence(i, indent, depth);
    // A lone scalar, or lines of one.
    if (key_end(lines_[i].content) == std::string_view::npos) return decline();
    return mapping(i, indent, depth);
  }

  // The value of an entry whose inline part was empty: a nested block on the following lines, a
  // sequence at the same indentation (for a mapping value), or null.
  Value nested(std::size_t& i, int indent, int depth, bool same_indent_sequence) {
    if (i < lines_count_) {
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
    if (i < lines_count_ && lines_[i].indent > indent) declined_ = true;
  }

  // The items of every list being read wait in one vector, those of a nested list above those of
  // the lists around it, and each list takes its own as it ends: a list is then allocated once,
  // at its size, rather than grown item by item.
  Value list_from(std::size_t base) {
    auto first = items_.begin() + static_cast<std::ptrdiff_t>(base);
    List items(std::make_move_iterator(first), std::make_move_iterator(items_.end()));
    items_.erase(first, items_.end());
    return Value::list(std::move(items));
  }

  Value sequence(std::size_t& i, int indent, int depth) {
    const std::size_t base = items_.size();
    while (i < lines_count_ && lines_[i].indent == indent && is_entry(lines_[i].content)) {
      std::string_view rest = lines_[i].content.substr(1);
      std::size_t spaces = 0;
      while (spaces < rest.size() && rest[spaces] == ' ') ++spaces;
      rest.remove_prefix(spaces);
      if (rest.empty() || rest.front() == '#') {
        ++i;
        items_.push_back(nested(i, indent, depth + 1, false));
        if (declined_) return Value();
        continue;
      }
      if (is_entry(rest) || key_end(rest) != std::string_view::npos) {
        // "- key: v" or "- - v": the rest of the line is a block at its own column.
        int column = indent + 1 + static_cast<int>(spaces);
        lines_[i] = Line{rest, column};
        items_.push_back(block(i, column, depth + 1));
        if (declined_) return Value();
        continue;
      }
      if (!count(depth + 1)) return Value();
      items_.push_back(scalar(rest, depth + 1));
      ++i;
      end_of_scalar(i, indent);
      if (declined_) return Value();
    }
    // A sequence may end at its own indentation, where its parent mapping goes on.
    if (i < lines_count_ && lines_[i].indent > indent) return decline();
    return list_from(base);
  }

  // The first eight bytes of `key` as a number, the first byte highest, zeros past the key's
  // end. Keys whose prefixes differ are in the order of their prefixes (where they first differ,
  // either both have a byte, or one has ended: the shorter comes first, as a zero below the
  // other's byte says), which spares most comparisons of keys a call; equal prefixes say nothing.
  std::uint64_t key_prefix(std::string_view key) const {
    const std::size_t n = std::min<std::size_t>(key.size(), 8);
    if constexpr (std::endian::native == std::endian::little) {
      // Eight bytes at once where they lie within the text (a key may also be elsewhere). An
      // address before the text is a large offset: one comparison tells both.
      const std::uintptr_t offset = reinterpret_cast<std::uintptr_t>(key.data()) -
                                    reinterpret_cast<std::uintptr_t>(text_begin_);
      if (offset < eight_bytes_before_) {
        std::uint64_t word;
        std::memcpy(&word, key.data(), sizeof word);
        word = __builtin_bswap64(word);
        return n == 8 ? word : word & ~(~std::uint64_t{0} >> (8 * n));
      }
    }
    std::uint64_t prefix = 0;
    for (std::size_t k = 0; k < n; ++k) {
      prefix |= std::uint64_t{static_cast<unsigned char>(key[k])} << (56 - 8 * k);
    }
    return prefix;
  }

  void add_entry(std::string_view key, Value&& value) {
    entries_.emplace_back(key, key_prefix(key), std::move(value));
  }

  // The entries of a mapping, from `base` up in entries_, as its Map; a repeated key is left to
  // the full loader (yaml.v2's last-one-wins and its errors). The entries are put in key order
  // (bytes compared as unsigned, as std::string compares them) by their indexes.
  Value unique_map(std::size_t base) {
    const Entry* entries = entries_.data() + base;
    const std::size_t n = entries_.size() - base;
    auto less = [&](std::uint32_t a, std::uint32_t b) {
      const Entry& x = entries[a];
      const Entry& y = entries[b];
      return x.prefix != y.prefix ? x.prefix < y.prefix : x.key < y.key;
    };
    auto same = [&](std::uint32_t a, std::uint32_t b) {
      return entries[a].prefix == entries[b].prefix && entries[a].key == entries[b].key;
    };
    std::uint32_t few[16];
    std::uint32_t* order = few;
    if (n <= std::size(few)) {
      // Maps of one shape (the same keys in the same order: the items of a list, mostly) come
      // again and again. The order found for the last one of a shape (known by a hash of the
      // prefixes) is tried first, and taken where it puts the prefixes in strictly ascending
      // order: that proves it the keys' order, with no key twice.
      std::uint64_t hash = n;
      for (std::size_t k = 0; k < n; ++k) {
        hash = (hash + entries[k].prefix) * 0x9e3779b97f4a7c15u;
      }
      KeyOrder& known = key_orders_[hash >> (64 - kKeyOrdersBits)];
      bool ordered = known.n == n;
      for (std::size_t k = 1; ordered && k < n; ++k) {
        ordered = entries[known.order[k - 1]].prefix < entries[known.order[k]].prefix;
      }
      if (ordered) {
        for (std::size_t k = 0; k < n; ++k) order[k] = known.order[k];
        return ordered_map(base, order);
      }
      // Else by insertion, which takes keys already in order in one comparison each, of
      // prefixes kept beside the order (no look-up of the entry). A key stops right after one
      // equal to it, where it is seen twice.
      std::uint64_t prefixes[std::size(few)];  // prefixes[j]: entries[order[j]].prefix
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint64_t prefix = entries[k].prefix;
        std::size_t j = k;
        for (; j > 0 && (prefix < prefixes[j - 1] ||
                         (prefix == prefixes[j - 1] && entries[k].key < entries[order[j - 1]].key));
             --j) {
          order[j] = order[j - 1];
          prefixes[j] = prefixes[j - 1];
        }
        if (j > 0 && prefix == prefixes[j - 1] && entries[k].key == entries[order[j - 1]].key) {
          return decline();
        }
        order[j] = static_cast<std::uint32_t>(k);
        prefixes[j] = prefix;
      }
      known.n = static_cast<std::uint8_t>(n);
      for (std::size_t k = 0; k < n; ++k) known.order[k] = static_cast<std::uint8_t>(order[k]);
    } else {
      many_.resize(n);
      order = many_.data();
      for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<std::uint32_t>(k);
      if (!std::is_sorted(order, order + n, less)) std::sort(order, order + n, less);
      for (std::size_t k = 1; k < n; ++k) {
        if (same(order[k - 1], order[k])) return decline();
      }
    }
    return ordered_map(base, order);
  }

  // The entries from `base` up as a Map, in the order of their indexes in `order`: each is moved
  // once, into the map.
  Value ordered_map(std::size_t base, const std::uint32_t* order) {
    const std::size_t n = entries_.size() - base;
    Map::Items items;
    items.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
      Entry& e = entries_[base + order[k]];
      items.emplace_back(std::piecewise_construct, std::forward_as_tuple(e.key),
                         std::forward_as_tuple(std::move(e.value)));
    }
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(base), entries_.end());
    // In key order already, and no key twice: the map need not check it again.
    return Value::map(Map::from_ordered_entries(std::move(items)));
  }

  Value mapping(std::size_t& i, int indent, int depth) {
    const std::size_t base = entries_.size();
    while (i < lines_count_ && lines_[i].indent == indent && !is_entry(lines_[i].content)) {
      std::string_view content = lines_[i].content;
      std::size_t colon = key_end(content);
      if (colon == std::string_view::npos) {
        // A plain scalar among the keys that nothing makes a key: yaml.v2 refuses the document.
        std::string_view to_end(content.data(),
                                static_cast<std::size_t>(text_end_ - content.data()));
        if (cannot_be_key(content, lines_[i].indent == 0, to_end)) keyless_ = content.data();
        return decline();
      }
      std::string_view key = key_of(content, colon);
      if (declined_) return Value();
      std::string_view rest = content.substr(colon + 1);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      Value value = entry_value(rest, i, indent, depth);
      if (declined_) return Value();
      add_entry(key, std::move(value));
    }
    if (i < lines_count_ && lines_[i].indent > indent) return decline();
    return unique_map(base);
  }

  // The value of the mapping entry on line i, from what follows its key on the line: a nested
  // block or null (nothing there), a block scalar with no lines, or a one-line scalar. i ends on
  // the line after the value.
  Value entry_value(std::string_view rest, std::size_t& i, int indent, int depth) {
    if (rest.empty() || rest.front() == '#') {
      ++i;
      return nested(i, indent, depth + 1, true);
    }
    if (!count(depth + 1)) return Value();
    if ((rest.front() == '|' || rest.front() == '>') && empty_block_scalar(rest, i)) {
      ++i;
      return Value::string("");
    }
    Value value = scalar(rest, depth + 1);
    ++i;
    end_of_scalar(i, indent);
    return value;
  }

  // A block scalar header ("|", ">-", "|2 # c"...) on the line of key i with no lines of its
  // own after it (the next line is not deeper): its value is "". A header that keeps trailing
  // line breaks ("|+") counts the blank lines this path has dropped: not read here.
  [[gnu::noinline]] bool empty_block_scalar(std::string_view header, std::size_t i) const {
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
    if (i + 1 < lines_count_ && lines_[i + 1].indent > lines_[i].indent) return false;
    // The lines left out as comments before the next line: one deeper than the key is the
    // scalar's own text ("#!/bin/sh" alone), not a comment.
    const char* p = tail.data() + tail.size();
    const char* const stop = i + 1 < lines_count_ ? lines_[i + 1].content.data() : text_end_;
    while (p < stop) {
      const char* line = static_cast<const char*>(std::memchr(p, '\n', stop - p));
      if (line == nullptr) break;
      p = line + 1;
      int indent = 0;
      while (p + indent < stop && p[indent] == ' ') ++indent;
      if (p + indent < stop && p[indent] != '\n' && p[indent] != '\r' &&
          indent > lines_[i].indent) {
        return false;
      }
    }
    return true;
  }

  // When `content` is "key: ..." or "key:" with a key this path reads, where the key ends (the
  // ':' after it); npos otherwise.
  std::size_t key_end(std::string_view content) const {
    if (content.empty()) return std::string_view::npos;
    if (kFlowOrQuote[static_cast<unsigned char>(content.front())]) {
      if (content.front() == '[' || content.front() == '{') return std::string_view::npos;
      std::size_t end = quoted_end(content);
      bool ends_key = end != std::string_view::npos && end < content.size() &&
                      content[end] == ':' && (end + 1 == content.size() || content[end + 1] == ' ');
      return ends_key ? end : std::string_view::npos;
    }
    for (std::size_t k = colon_or_hash(content, 0, text_end_); k < content.size();
         k = colon_or_hash(content, k + 1, text_end_)) {
      if (content[k] == ':') {
        if (k + 1 == content.size() || content[k + 1] == ' ') return k;
      } else if (k > 0 && content[k - 1] == ' ') {
        return std::string_view::npos;  // a comment
      }
    }
    return std::string_view::npos;
  }

  // Keeps a key that is not the text itself for as long as the loader lives.
  [[gnu::noinline]] std::string_view own(std::string key) {
    return owned_.emplace_back(std::move(key));
  }

  // The key of a mapping entry, as Helm sees it, from its text up to `colon` (key_end()).
  std::string_view key_of(std::string_view content, std::size_t colon) {
    if (content.front() == '"' || content.front() == '\'') {
      if (colon > kMaxSimpleKey) {
        declined_ = true;
        return {};
      }
      return quoted_text(content.substr(0, colon));
    }
    std::string_view key = content.substr(0, colon);
    if (key.empty() || key.back() == ' ' || indicator(key.front()) || key == "<<" ||
        colon > kMaxSimpleKey) {
      declined_ = true;
      return {};
    }
    // Most keys are strings, named by their own text.
    if (surely_string(key) || resolve_plain(key).kind == PlainScalar::Kind::kString) return key;
    return resolved_key(key);
  }

  // The name of a plain key that is no string (a boolean, a number): another spelling.
  [[gnu::noinline]] std::string_view resolved_key(std::string_view key) {
    KeyTrouble trouble = KeyTrouble::kNone;
    std::uint64_t unsigned_key = 0;
    std::string name = plain_key_name(key, trouble, unsigned_key);
    if (trouble != KeyTrouble::kNone) declined_ = true;  // the full loader words the error
    return own(std::move(name));
  }

  // A quoted scalar (with its quotes) as its text: what lies between the quotes when nothing in
  // it needs reading ('' in single quotes, a backslash in double ones), else unquote()'s string.
  std::string_view quoted_text(std::string_view q) {
    std::string_view inner = q.substr(1, q.size() - 2);
    if (inner.find(q.front() == '\'' ? '\'' : '\\') == std::string_view::npos) return inner;
    std::string out = unquote(q);
    return declined_ ? std::string_view() : own(std::move(out));
  }

  // quoted_end() of the quoted scalar `text` starts with. `simple` is set when nothing in it
  // needs reading (no backslash in double quotes, no '' in single ones) as far as that is seen at
  // once: where the closing quote lies within sixteen bytes, all of them are compared together.
  std::size_t quoted_length(std::string_view text, bool& simple) const {
#if defined(__SSE2__)
    if (text_end_ - text.data() >= 17) {
      const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + 1));
      auto quotes =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(c, _mm_set1_epi8(text.front()))));
      if (quotes != 0) {
        const int first = std::countr_zero(quotes);  // text[first + 1] is the quote
        const auto end = static_cast<std::size_t>(first) + 2;
        bool escaped = false;
        if (text.front() == '"') {
          auto slashes =
              static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(c, _mm_set1_epi8('\\'))));
          escaped = (slashes & ((1u << first) - 1)) != 0;  // a backslash before the quote
        } else {
          escaped = end < text.size() && text[end] == '\'';  // '' is one quote
        }
        if (end <= text.size() && !escaped) {
          simple = true;
          return end;
        }
      }
    }
#endif
    simple = false;
    return quoted_end(text);
  }

  // A quoted scalar as a string Value; `simple` as quoted_length() sets it.
  Value quoted_value(std::string_view q, bool simple = false) {
    std::string_view inner = q.substr(1, q.size() - 2);
    if (simple || inner.find(q.front() == '\'' ? '\'' : '\\') == std::string_view::npos) {
      return Value::string(inner.data(), inner.size());
    }
    std::string out = unquote(q);
    return declined_ ? Value() : Value::string(std::move(out));
  }

  // A quoted scalar (with its quotes) as its string; declines escapes it does not know.
  [[gnu::noinline]] std::string unquote(std::string_view q) {
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
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        return Value::list();
      }
      const std::size_t base = items_.size();
      do {
        items_.push_back(flow_item(text, pos, depth + 1));
      } while (expect_more(']'));
      return declined_ ? Value() : list_from(base);
    }
    if (pos < text.size() && text[pos] == '}') {
      ++pos;
      return Value::map();
    }
    const std::size_t base = entries_.size();
    do {
      std::string_view key = flow_key(text, pos);
      if (declined_) return Value();
      skip();
      Value value = flow_item(text, pos, depth + 1);
      add_entry(key, std::move(value));
    } while (expect_more('}'));
    return declined_ ? Value() : unique_map(base);
  }

  // A key of a flow mapping and its ": ".
  std::string_view flow_key(std::string_view text, std::size_t& pos) {
    std::string_view rest = text.substr(pos);
    std::size_t end;
    std::string_view key;
    if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
      end = quoted_end(rest);
      if (end == std::string_view::npos) return decline_key();
      key = quoted_text(rest.substr(0, end));
    } else {
      // The key ends at the first ": "; any of , [ ] { } # ? before it declines.
      end = std::string_view::npos;
      for (std::size_t k = flow_stop(rest, 0, text_end_); k != std::string_view::npos;
           k = flow_stop(rest, k + 1, text_end_)) {
        if (rest[k] != ':') return decline_key();
        if (k + 1 < rest.size() && rest[k + 1] == ' ') {
          end = k;
          break;
        }
      }
      if (end == std::string_view::npos) return decline_key();
      std::string_view plain = rest.substr(0, end);
      if (plain.empty() || indicator(plain.front()) || plain.back() == ' ' || plain == "<<") {
        return decline_key();
      }
      PlainScalar r = surely_string(plain) ? PlainScalar() : resolve_plain(plain);
      if (r.kind == PlainScalar::Kind::kNull) return decline_key();
      // Numbers and booleans are named as block keys are (0x10 is "16").
      key = r.kind == PlainScalar::Kind::kString ? plain : resolved_key(plain);
      if (declined_) return {};
    }
    if (end + 1 >= rest.size() || rest[end] != ':' || rest[end + 1] != ' ' || end > kMaxSimpleKey) {
      return decline_key();
    }
    pos += end + 2;
    return key;
  }

  std::string_view decline_key() {
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
      bool simple = false;
      std::size_t end = quoted_length(text.substr(pos), simple);
      if (end == std::string_view::npos) return decline();
      Value v = quoted_value(text.substr(pos, end), simple);
      pos += end;
      return v;
    }
    std::size_t end = flow_stop(text, pos, text_end_);
    if (end == std::string_view::npos) return decline();
    std::string_view plain = trim_right(text.substr(pos, end - pos));
    if (plain.empty() || text[end] == ':' || text[end] == '#' || text[end] == '[' ||
        text[end] == '{' || text[end] == '?' ||
        (indicator(plain.front()) && plain.front() != '-') ||
        (plain.front() == '-' && (plain.size() == 1 || plain[1] == ' '))) {
      return decline();
    }
    pos = end;
    return plain_value(plain);
  }

  // An inline value: a one-line flow collection, a quoted scalar, or plain up to a comment. In
  // its callers: a call per value would cost more than a few of its tests.
  [[gnu::always_inline]] Value scalar(std::string_view text, int depth) {
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
      bool simple = false;
      std::size_t end = quoted_length(text, simple);
      if (end == std::string_view::npos) {
        unclosed_ = text.data();  // it may close on a later line
        return decline();
      }
      std::string_view tail = text.substr(end);
      while (!tail.empty() && tail.front() == ' ') tail.remove_prefix(1);
      if (!tail.empty() && !(tail.front() == '#' && end < text.size() && text[end] == ' ')) {
        return decline();
      }
      return quoted_value(text.substr(0, end), simple);
    }
    if (indicator(first) && !(first == '-' && text.size() > 1 && text[1] != ' ')) {
      return decline();
    }
    // The scalar ends where a comment (" #") starts. Within it, a ':' before a space or at its
    // end would make it a mapping: not read here. (The text ends in no space: its line was
    // trimmed.)
    std::size_t end = text.size();
    for (std::size_t k = colon_or_hash(text, 0, text_end_); k < text.size();
         k = colon_or_hash(text, k + 1, text_end_)) {
      if (text[k] == ':') {
        if (k + 1 == text.size() || text[k + 1] == ' ') return decline();
      } else if (k > 0 && text[k - 1] == ' ') {
        end = k - 1;
        break;
      }
    }
    return plain_value(trim_right(text.substr(0, end)));
  }

  // A plain scalar resolved as Helm's values are: null, bool, number (float64) or string.
  Value plain_value(std::string_view plain) {
    if (surely_string(plain)) return Value::string(plain.data(), plain.size());
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
    return Value::string(plain.data(), plain.size());
  }

  std::vector<Line> lines_;
  std::size_t lines_count_;  // lines_.size(), which does not change
  const char* text_begin_;
  const char* text_end_;
  std::size_t eight_bytes_before_;  // the offsets in the text with eight bytes from there on
  std::size_t max_nodes_;
  int max_depth_;
  std::vector<Value> items_;         // the items of the lists being read (list_from)
  std::vector<Entry> entries_;       // the entries of the mappings being read (unique_map)
  std::vector<std::uint32_t> many_;  // unique_map's key order, past a few keys
  // The key order of a mapping of up to sixteen keys, kept for the next one of its shape. Only
  // the counts start at zero: a loader is made for every fromYaml too, and the orders are read
  // only once written.
  struct KeyOrder {
    std::uint8_t n = 0;
    std::uint8_t order[16];
  };
  static constexpr int kKeyOrdersBits = 8;
  std::array<KeyOrder, std::size_t{1} << kKeyOrdersBits> key_orders_;
  std::deque<std::string> owned_;  // keys that are not in the text (own)
  std::size_t nodes_ = 0;
  bool declined_ = false;
  bool non_finite_ = false;
  const char* keyless_ = nullptr;
  const char* unclosed_ = nullptr;
};

}  // namespace

std::optional<Value> fast_load(std::string_view text, const LoadOptions& options,
                               bool* non_finite) {
  std::vector<Line> lines;
  // Room for every line, so that the vector is not moved as it grows (a count of the line breaks
  // costs less than the memory a guess from the size would take).
  lines.reserve(count_line_breaks(text) + 1);
  if (!split_lines(text, lines)) return std::nullopt;
  FastLoader loader(std::move(lines), text, options);
  std::optional<Value> value = loader.document();
  auto refuse = [&](int line, int column, const char* message) {
    Diagnostic d;
    d.code = code::kParse;
    d.location = {options.file, line, column, ""};
    d.message = message;
    throw Error(std::move(d));
  };
  // The line of a position in the text, from 1.
  auto line_of = [&](const char* at) {
    return static_cast<int>(std::count(text.data(), at, '\n')) + 1;
  };
  if (const char* keyless = loader.keyless(); keyless != nullptr) {
    refuse(line_of(keyless), 1, kKeylessMessage);
  }
  if (const char* quote = loader.unclosed_quote(); quote != nullptr) {
    // A quoted scalar may go on over lines; one that never closes runs into the end.
    std::string_view rest = text.substr(static_cast<std::size_t>(quote - text.data()));
    if (quoted_end(rest) == std::string_view::npos) {
      std::string_view before = text.substr(0, static_cast<std::size_t>(quote - text.data()));
      std::size_t line_start = before.rfind('\n');
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      refuse(line_of(quote), static_cast<int>(before.size() - line_start) + 1,
             kUnclosedQuoteMessage);
    }
  }
  if (non_finite != nullptr) *non_finite = loader.non_finite();
  return value;
}

}  // namespace render::yaml
