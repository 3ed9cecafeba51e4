#include "chart/path_match.hpp"

#include "render/utf8.hpp"

namespace render::chart {
namespace {

// One UTF-8 character of `s`; an invalid byte counts as one character U+FFFD, as in Go.
struct Rune {
  char32_t value;
  std::size_t size;
  bool valid;
};

Rune decode(std::string_view s) {
  std::size_t i = 0;
  long cp = next_code_point(s, i);
  if (cp < 0) return {0xFFFD, 1, false};
  return {static_cast<char32_t>(cp), i, true};
}

// Splits off the next chunk: leading stars, then everything up to the next star outside a class.
struct Chunk {
  bool star;
  std::string_view chunk;
  std::string_view rest;
};

Chunk scan_chunk(std::string_view pattern) {
  bool star = false;
  while (!pattern.empty() && pattern[0] == '*') {
    pattern.remove_prefix(1);
    star = true;
  }
  bool in_range = false;
  std::size_t i = 0;
  for (; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size()) ++i;
    } else if (c == '[') {
      in_range = true;
    } else if (c == ']') {
      in_range = false;
    } else if (c == '*' && !in_range) {
      break;
    }
  }
  return {star, pattern.substr(0, i), pattern.substr(i)};
}

// One (possibly escaped) character of a class; false for a malformed class.
bool class_char(std::string_view& chunk, char32_t& out) {
  if (chunk.empty() || chunk[0] == '-' || chunk[0] == ']') return false;
  if (chunk[0] == '\\') {
    chunk.remove_prefix(1);
    if (chunk.empty()) return false;
  }
  Rune r = decode(chunk);
  chunk.remove_prefix(r.size);
  out = r.value;
  return r.valid && !chunk.empty();
}

enum class ChunkResult { kMatch, kNoMatch, kBad };

// Matches `chunk` at the start of `s`; on success `s` is left at the rest. The whole chunk is
// always checked for syntax, even after the match failed, as Go does.
ChunkResult match_chunk(std::string_view chunk, std::string_view& s) {
  bool failed = false;
  while (!chunk.empty()) {
    if (!failed && s.empty()) failed = true;
    switch (chunk[0]) {
      case '[': {
        char32_t r = 0;
        if (!failed) {
          Rune rr = decode(s);
          r = rr.value;
          s.remove_prefix(rr.size);
        }
        chunk.remove_prefix(1);
        bool negated = false;
        if (!chunk.empty() && chunk[0] == '^') {
          negated = true;
          chunk.remove_prefix(1);
        }
        bool match = false;
        int ranges = 0;
        for (;;) {
          if (!chunk.empty() && chunk[0] == ']' && ranges > 0) {
            chunk.remove_prefix(1);
            break;
          }
          char32_t lo = 0, hi = 0;
          if (!class_char(chunk, lo)) return ChunkResult::kBad;
          hi = lo;
          if (chunk[0] == '-') {
            chunk.remove_prefix(1);
            if (!class_char(chunk, hi)) return ChunkResult::kBad;
          }
          if (lo <= r && r <= hi) match = true;
          ++ranges;
        }
        if (match == negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (s[0] == '/') failed = true;
          s.remove_prefix(decode(s).size);
        }
        chunk.remove_prefix(1);
        break;
      case '\\':
        chunk.remove_prefix(1);
        if (chunk.empty()) return ChunkResult::kBad;
        [[fallthrough]];
      default:
        if (!failed) {
          if (chunk[0] != s[0]) failed = true;
          s.remove_prefix(1);
        }
        chunk.remove_prefix(1);
        break;
    }
  }
  return failed ? ChunkResult::kNoMatch : ChunkResult::kMatch;
}

}  // namespace

MatchResult path_match(std::string_view pattern, std::string_view name) {
  while (!pattern.empty()) {
    Chunk c = scan_chunk(pattern);
    pattern = c.rest;
    if (c.star && c.chunk.empty()) {
      return name.find('/') == std::string_view::npos ? MatchResult::kMatch : MatchResult::kNoMatch;
    }
    std::string_view t = name;
    ChunkResult r = match_chunk(c.chunk, t);
    if (r == ChunkResult::kMatch && (t.empty() || !pattern.empty())) {
      name = t;
      continue;
    }
    if (r == ChunkResult::kBad) return MatchResult::kBadPattern;
    bool advanced = false;
    if (c.star) {
      for (std::size_t i = 0; i < name.size() && name[i] != '/'; ++i) {
        std::string_view t2 = name.substr(i + 1);
        ChunkResult r2 = match_chunk(c.chunk, t2);
        if (r2 == ChunkResult::kMatch) {
          if (pattern.empty() && !t2.empty()) continue;
          name = t2;
          advanced = true;
          break;
        }
        if (r2 == ChunkResult::kBad) return MatchResult::kBadPattern;
      }
    }
    if (advanced) continue;
    while (!pattern.empty()) {
      Chunk rest = scan_chunk(pattern);
      pattern = rest.rest;
      std::string_view empty;
      if (match_chunk(rest.chunk, empty) == ChunkResult::kBad) return MatchResult::kBadPattern;
    }
    return MatchResult::kNoMatch;
  }
  return name.empty() ? MatchResult::kMatch : MatchResult::kNoMatch;
}

}  // namespace render::chart
