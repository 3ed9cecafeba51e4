// A fast reader for the document heads of typical rendered manifests: block-style YAML with
// plain keys, one-line scalars and block scalars. It proves such a document well-formed and
// extracts its head without building a YAML tree; anything outside that subset (flow
// collections, anchors, tags, multi-line flow scalars, tabs, odd indentation, keys that need
// care) makes it give up, and the full YAML path decides.
//
// Every document of the output passes here, megabytes of short lines, so there are two readers.
// QuickReader takes the common shape in one loop over the lines. What it declines, Reader reads:
// the reference, which also finds what yaml.v2 refuses. The bytes are classified once, for both,
// into bit masks (line breaks, spaces, bytes that cannot be in a plain key), sixteen at a time
// where SSE2 is there (every x86-64), so that where a line ends, how far it is indented and where
// its key's colon is are a few operations on those bits.
#include "chart/fast_head.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define FAST_HEAD_AVX2 1
#endif

#include "render/cpu_features.hpp"
#include "render/yaml.hpp"

// The quick reader's helpers are lambdas over its local state: inlined, that state stays in
// registers (called, it would be reached through the closure, a load per use).
#if defined(__GNUC__)
#define FAST_HEAD_INLINE __attribute__((always_inline))
#define FAST_HEAD_NOINLINE __attribute__((noinline))
#else
#define FAST_HEAD_INLINE
#define FAST_HEAD_NOINLINE
#endif

namespace render::chart {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// Letters, digits and _ . / -: what the reader takes for a plain key.
constexpr bool key_char(unsigned c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '/' || c == '-';
}

constexpr std::array<bool, 256> kKeyChars = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < t.size(); ++c) t[c] = key_char(c);
  return t;
}();

// The key characters a key sigs.k8s.io/yaml names may start with (see QuickReader): not a digit
// (an integer key may be one it cannot name), nor '-' (an entry).
constexpr std::array<bool, 256> kNamedKeyStarts = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < t.size(); ++c) t[c] = key_char(c) && c != '-' && !(c >= '0' && c <= '9');
  return t;
}();

// Those a plain scalar may start with where the reader takes it at once (see Reader::scalar).
constexpr std::array<bool, 256> kPlainStarts = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < t.size(); ++c) t[c] = key_char(c) && c != '-';
  return t;
}();

bool is_key_char(char c) {
  return kKeyChars[static_cast<unsigned char>(c)];
}

// A byte other than printable ASCII: a tab, a carriage return, a control character or a byte of
// a UTF-8 sequence (line breaks are asked about apart). (Only the classifier without SSE2 calls
// it; the one with SSE2 compares with the same bounds, 0x1f and 0x7f.)
[[maybe_unused]] constexpr bool odd_byte(unsigned c) {
  return c < 0x20 || c >= 0x7f;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

// a == b, with the bytes compared inline (string_view's == calls compare() when the sizes match).
bool equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), b.size()) == 0;
}

// Whether the key of four bytes at `p` is null, Null or NULL: one sigs.k8s.io/yaml cannot name.
bool null_key(const char* p) {
  return std::memcmp(p, "null", 4) == 0 || std::memcmp(p, "Null", 4) == 0 ||
         std::memcmp(p, "NULL", 4) == 0;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

#if defined(__SSE2__)
__m128i load16(const char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

std::uint16_t mask_of(__m128i v) {
  return static_cast<std::uint16_t>(_mm_movemask_epi8(v));
}

// The bytes of `c` in [Lo, Hi] (both below 0x80), with one add and one signed compare: adding
// 127 - Hi takes Hi to 127, the largest signed byte, and Lo to Lo + 127 - Hi; what lies above Hi
// wraps to a negative byte or (from Hi + 129 on) to one below Lo + 127 - Hi.
template <int Lo, int Hi>
__m128i in_range(__m128i c) {
  static_assert(0 <= Lo && Lo <= Hi && Hi < 0x80);
  return _mm_cmpgt_epi8(_mm_add_epi8(c, _mm_set1_epi8(static_cast<char>(127 - Hi))),
                        _mm_set1_epi8(static_cast<char>(Lo + 126 - Hi)));
}
#endif

#if defined(FAST_HEAD_AVX2)
// ByteMasks's classification of `pairs` times 32 bytes from `text`, on processors with AVX2 (all
// x86-64 ones of the last decade): two chunks at a time, half the instructions of SSE2's loop.
// Its masks are stored for chunks 0 .. 2 pairs - 1; true when the bytes hold an odd one other
// than a line break.
__attribute__((target("avx2"))) bool classify_pairs_avx2(const char* text, std::size_t pairs,
                                                         std::uint16_t* newlines,
                                                         std::uint16_t* spaces,
                                                         std::uint16_t* not_key) {
  const __m256i line_break = _mm256_set1_epi8('\n'), space = _mm256_set1_epi8(' ');
  // (See in_range: the bytes of [Lo, Hi] with one add and one signed compare.)
  const __m256i to_z = _mm256_set1_epi8(127 - 'z'), above_a = _mm256_set1_epi8('a' + 126 - 'z');
  const __m256i to_9 = _mm256_set1_epi8(127 - '9'), above_dash = _mm256_set1_epi8('-' + 126 - '9');
  __m256i least = _mm256_set1_epi8(-1), greatest = _mm256_setzero_si256();
  for (std::size_t k = 0; k < pairs; ++k) {
    const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text + 32 * k));
    const __m256i newline = _mm256_cmpeq_epi8(c, line_break);
    const auto n = static_cast<std::uint32_t>(_mm256_movemask_epi8(newline));
    const auto sp = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, space)));
    const __m256i letter =
        _mm256_cmpgt_epi8(_mm256_add_epi8(_mm256_or_si256(c, space), to_z), above_a);
    const __m256i dash_to_9 = _mm256_cmpgt_epi8(_mm256_add_epi8(c, to_9), above_dash);
    const __m256i key = _mm256_or_si256(_mm256_or_si256(letter, dash_to_9),
                                        _mm256_cmpeq_epi8(c, _mm256_set1_epi8('_')));
    const auto x = ~static_cast<std::uint32_t>(_mm256_movemask_epi8(key));
    least = _mm256_min_epu8(least, _mm256_or_si256(newline, c));
    greatest = _mm256_max_epu8(c, greatest);
    std::memcpy(newlines + 2 * k, &n, sizeof n);
    std::memcpy(spaces + 2 * k, &sp, sizeof sp);
    std::memcpy(not_key + 2 * k, &x, sizeof x);
  }
  const __m256i low = _mm256_cmpeq_epi8(_mm256_min_epu8(least, _mm256_set1_epi8(0x1f)), least);
  const __m256i high =
      _mm256_cmpeq_epi8(_mm256_max_epu8(greatest, _mm256_set1_epi8(0x7f)), greatest);
  return _mm256_movemask_epi8(_mm256_or_si256(low, high)) != 0;
}

bool have_avx2() {
  return cpu_features().avx2;
}
#endif

// For each byte of a text, whether it is a line break, a space, or a byte that cannot be in a
// plain key (see key_char); bit j of chunk k stands for byte 16k + j. Four chunks of zeros follow
// the last, so that 64 bits may be read at any chunk of the text. Kept from one document to the
// next.
class ByteMasks {
 public:
  // Classifies `text`; true when it holds an odd byte (see odd_byte) other than a line break.
  bool build(std::string_view text) {
    const std::size_t chunks = (text.size() + 15) / 16, stride = chunks + 4;
    if (masks_.size() < 3 * stride) masks_.resize(3 * stride);
    newlines_ = masks_.data();
    spaces_ = newlines_ + stride;
    not_key_ = spaces_ + stride;
    // (The four chunks of zeros: eight bytes each.)
    std::memset(newlines_ + chunks, 0, 4 * sizeof *newlines_);
    std::memset(spaces_ + chunks, 0, 4 * sizeof *spaces_);
    std::memset(not_key_ + chunks, 0, 4 * sizeof *not_key_);
    const std::size_t whole = text.size() / 16, rest = text.size() % 16;
    bool odd = false;
#if defined(__SSE2__)
    const __m128i line_break = _mm_set1_epi8('\n'), space = _mm_set1_epi8(' ');
    // The least byte, with the line breaks made 0xFF, and the greatest: odd bytes make the one
    // below 0x20 or the other 0x7F or more.
    __m128i least = _mm_set1_epi8(-1), greatest = _mm_setzero_si128();
    // The three masks of the sixteen bytes `c`.
    auto classify = [&](__m128i c, unsigned& newline_bits, unsigned& space_bits,
                        unsigned& not_key_bits) FAST_HEAD_INLINE {
      const __m128i newline = _mm_cmpeq_epi8(c, line_break);
      newline_bits = mask_of(newline);
      space_bits = mask_of(_mm_cmpeq_epi8(c, space));
      // Setting bit 0x20 folds the capitals onto the small letters (and nothing else onto
      // them); - . / and the digits are one run.
      const __m128i key = _mm_or_si128(
          _mm_or_si128(in_range<'a', 'z'>(_mm_or_si128(c, space)), in_range<'-', '9'>(c)),
          _mm_cmpeq_epi8(c, _mm_set1_epi8('_')));
      not_key_bits = static_cast<std::uint16_t>(~mask_of(key));
      least = _mm_min_epu8(least, _mm_or_si128(newline, c));
      greatest = _mm_max_epu8(c, greatest);
    };
    // The last chunk first, and two chunks a turn: the loop is then the accumulators' last
    // use, and GCC updates them in place instead of copying them.
    if (rest != 0) {
      unsigned n, s, x;
      if (whole != 0) {
        // The last sixteen bytes of the text, whose first ones are classified already: their
        // bits are shifted out, and zeros (no break, no space, a key byte) come in.
        classify(load16(text.data() + text.size() - 16), n, s, x);
        const auto shift = static_cast<unsigned>(16 - rest);
        n >>= shift;
        s >>= shift;
        x >>= shift;
      } else {
        // A text shorter than sixteen bytes, made up to sixteen with a letter.
        char tail[16];
        std::memset(tail, 'a', sizeof tail);
        std::memcpy(tail, text.data(), rest);
        classify(load16(tail), n, s, x);
      }
      newlines_[whole] = static_cast<std::uint16_t>(n);
      spaces_[whole] = static_cast<std::uint16_t>(s);
      not_key_[whole] = static_cast<std::uint16_t>(x);
    }
    std::size_t k = 0;
#if defined(FAST_HEAD_AVX2)
    if (whole >= 2 && have_avx2()) {
      k = whole / 2 * 2;
      odd = classify_pairs_avx2(text.data(), whole / 2, newlines_, spaces_, not_key_);
    }
#endif
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 2
#endif
    for (; k < whole; ++k) {
      unsigned n, s, x;
      classify(load16(text.data() + 16 * k), n, s, x);
      newlines_[k] = static_cast<std::uint16_t>(n);
      spaces_[k] = static_cast<std::uint16_t>(s);
      not_key_[k] = static_cast<std::uint16_t>(x);
    }
    odd = odd || mask_of(_mm_cmpeq_epi8(_mm_min_epu8(least, _mm_set1_epi8(0x1f)), least)) != 0 ||
          mask_of(_mm_cmpeq_epi8(_mm_max_epu8(greatest, _mm_set1_epi8(0x7f)), greatest)) != 0;
#else
    for (std::size_t k = 0; k < chunks; ++k) newlines_[k] = spaces_[k] = not_key_[k] = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto c = static_cast<unsigned char>(text[i]);
      auto bit = static_cast<std::uint16_t>(1u << (i % 16));
      if (c == '\n') newlines_[i / 16] |= bit;
      if (c == ' ') spaces_[i / 16] |= bit;
      if (!key_char(c)) not_key_[i / 16] |= bit;
      if (c != '\n' && odd_byte(c)) odd = true;
    }
#endif
    (void)whole;
    (void)rest;
    return odd;
  }

  const std::uint16_t* newlines() const {
    return newlines_;
  }
  const std::uint16_t* spaces() const {
    return spaces_;
  }
  const std::uint16_t* not_key() const {
    return not_key_;
  }

 private:
  std::vector<std::uint16_t> masks_;
  std::uint16_t* newlines_ = nullptr;
  std::uint16_t* spaces_ = nullptr;
  std::uint16_t* not_key_ = nullptr;
};

// The bits of `m` from byte `pos` on: at least 49 of them, zeros after those.
std::uint64_t bits_at(const std::uint16_t* m, std::size_t pos) {
  const std::uint16_t* at = m + pos / 16;
  std::uint64_t w;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&w, at, sizeof w);
  } else {
    w = at[0] | (std::uint64_t{at[1]} << 16) | (std::uint64_t{at[2]} << 32) |
        (std::uint64_t{at[3]} << 48);
  }
  return w >> (pos % 16);
}

// Where the first byte at or after `pos` with its bit set in `m` is, or `size` (the text's).
std::size_t next_set(const std::uint16_t* m, std::size_t pos, std::size_t size) {
  for (; pos < size; pos += 48) {
    if (std::uint64_t w = bits_at(m, pos); w != 0) {
      return std::min(pos + static_cast<std::size_t>(std::countr_zero(w)), size);
    }
  }
  return size;
}

// Where the first byte at or after `pos` with its bit clear in `m` is, or `size`.
std::size_t next_clear(const std::uint16_t* m, std::size_t pos, std::size_t size) {
  for (; pos < size; pos += 48) {
    // Past the bits read, the complement has ones; the 48th bit stops the count there.
    auto clear = static_cast<std::size_t>(std::countr_zero(~bits_at(m, pos) | (1ull << 48)));
    if (clear < 48) return std::min(pos + clear, size);
  }
  return size;
}

// Whether a byte of [from, to) has its bit set in `m`.
bool any_set(const std::uint16_t* m, std::size_t from, std::size_t to) {
  for (; from < to; from += 48) {
    std::uint64_t w = bits_at(m, from);
    if (to - from < 48) w &= (1ull << (to - from)) - 1;
    if ((w & ((1ull << 48) - 1)) != 0) return true;
  }
  return false;
}

// The first place i >= 1 in the plain scalar `s` where a comment starts (a '#' after a space) or
// where a ": " ends (a space after a colon), or kNone; the bytes up to `end` may be read. The
// scan looks for the two marks and checks the byte beside each one it finds.
std::size_t plain_stop(std::string_view s, const char* end) {
  std::size_t j = 0;
  const char* p = s.data();
  const std::size_t n = s.size();
#if defined(__SSE2__)
  const __m128i hash = _mm_set1_epi8('#'), colon = _mm_set1_epi8(':');
  while (j < n && end - (p + j) >= 16) {
    __m128i chunk = load16(p + j);
    unsigned hits =
        mask_of(_mm_or_si128(_mm_cmpeq_epi8(chunk, hash), _mm_cmpeq_epi8(chunk, colon)));
    if (n - j < 16) hits &= (1u << (n - j)) - 1;
    for (; hits != 0; hits &= hits - 1) {
      std::size_t at = j + static_cast<std::size_t>(std::countr_zero(hits));
      if (p[at] == '#') {
        if (at >= 1 && p[at - 1] == ' ') return at;
      } else if (at + 1 < n && p[at + 1] == ' ') {
        return at + 1;
      }
    }
    j += 16;
  }
#else
  (void)end;
#endif
  for (std::size_t i = j > 1 ? j : 1; i < n; ++i) {
    if (p[i] == '#' && p[i - 1] == ' ') return i;
    if (p[i] == ' ' && p[i - 1] == ':') return i;
  }
  return kNone;
}

// The first place at or after `from` in `s` holding `a` or `b`, or kNone; the bytes up to `end`
// may be read.
std::size_t find_either(std::string_view s, std::size_t from, char a, char b, const char* end) {
  std::size_t j = from;
  const char* p = s.data();
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  while (j < s.size() && end - (p + j) >= 16) {
    __m128i chunk = load16(p + j);
    unsigned hits = mask_of(_mm_or_si128(_mm_cmpeq_epi8(chunk, va), _mm_cmpeq_epi8(chunk, vb)));
    if (hits != 0) {
      std::size_t at = j + static_cast<std::size_t>(std::countr_zero(hits));
      return at < s.size() ? at : kNone;
    }
    j += 16;
  }
#else
  (void)end;
#endif
  for (; j < s.size(); ++j) {
    if (s[j] == a || s[j] == b) return j;
  }
  return kNone;
}

// How many spaces `s` starts with.
std::size_t leading_spaces(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

bool is_item_line(std::string_view t) {
  return !t.empty() && t[0] == '-' && (t.size() == 1 || t[1] == ' ');
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A plain scalar that may be .inf, -.Inf, .nan... (YAML 1.1 floats JSON cannot hold).
bool maybe_non_finite(std::string_view s) {
  std::size_t dot = s[0] == '+' || s[0] == '-' ? 1 : 0;
  if (s.size() != dot + 4 || s[dot] != '.') return false;
  yaml::PlainScalar r = yaml::resolve_plain(s);
  return r.kind == yaml::PlainScalar::Kind::kFloat && !std::isfinite(r.number);
}

// "[a, b.c, x-y]": a one-line flow sequence of plain words.
bool flow_words(std::string_view s) {
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

bool after_quote(std::string_view rest) {
  rest = trim_right(rest);
  return rest.empty() || (rest[0] == ' ' && rest.find_first_not_of(' ') != std::string_view::npos &&
                          rest[rest.find_first_not_of(' ')] == '#');
}

// A quoted scalar `s` (trimmed on the right) that ends on its line, with nothing but a comment
// after it; its text into `target` unless that is null. The bytes up to `end` may be read.
bool quoted(std::string_view s, std::string* target, const char* end) {
  std::size_t i = 1;
  if (s[0] == '"') {
    for (;;) {
      i = find_either(s, i, '"', '\\', end);
      if (i == kNone) return false;  // continues on the next line
      if (s[i] == '"') break;
      if (target != nullptr) return false;  // escapes are the full path's to read
      ++i;
      if (i >= s.size()) return false;
      // Not "\/": yaml.v2 knows no such escape; the full reader reports it.
      if (std::string_view("\\\"bfnrt0aevN_LP ").find(s[i]) == std::string_view::npos) {
        return false;
      }
      ++i;
    }
    if (!after_quote(s.substr(i + 1))) return false;
    if (target != nullptr) target->assign(s.data() + 1, i - 1);
    return true;
  }
  for (;;) {
    std::size_t quote = find_either(s, i, '\'', '\'', end);
    if (quote == kNone) return false;
    i = quote + 1;
    if (i < s.size() && s[i] == '\'') {
      ++i;  // '' stands for '
      continue;
    }
    break;
  }
  // `i` is past the closing quote.
  if (!after_quote(s.substr(i))) return false;
  if (target != nullptr) {
    target->clear();
    for (std::size_t k = 1; k + 1 < i; ++k) {
      *target += s[k];
      if (s[k] == '\'') ++k;
    }
  }
  return true;
}

// Whether the quoted scalar of `size` bytes at `s` ("..." or '...', trimmed on the right) ends
// with its closing quote and holds no escape nor '' pair, as most do: then quoted() would take it.
// The bytes up to `end` may be read.
FAST_HEAD_INLINE inline bool simple_quoted(const char* s, std::size_t size, const char* end) {
  const char q = s[0];
  if (size < 2 || s[size - 1] != q) return false;
#if defined(__SSE2__)
  if (size <= 17 && end - (s + 1) >= 16) {
    const __m128i chunk = load16(s + 1);
    const unsigned marks =
        mask_of(_mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(q)),
                             _mm_cmpeq_epi8(chunk, _mm_set1_epi8(q == '"' ? '\\' : q))));
    return std::countr_zero(marks) == static_cast<int>(size - 2);
  }
#else
  (void)end;
#endif
  return false;
}

// A block scalar's header after '|' or '>' ("", "-", "+", then perhaps a comment) as the reader
// takes it.
bool block_header(std::string_view s) {
  std::string_view header = s.substr(1);
  std::size_t h = 0;
  if (h < header.size() && (header[h] == '-' || header[h] == '+')) ++h;
  header.remove_prefix(h);
  header = trim_right(header);
  if (!header.empty() && header[0] != '#') return false;
  if (!header.empty() && s.size() > 1 && s[1] != ' ' && h == 0) return false;
  return true;
}

enum class Where : std::uint8_t { kOther, kTop, kMetadata, kAnnotations };

// A line of the document: its indentation and the text after it.
struct Line {
  int indent = 0;
  int number = 0;         // 0-based, in the document
  std::string_view text;  // after the indentation, trailing spaces kept
  // Where the colon of "key:" is in `text` (kNone: not a key line); found once, when first asked.
  std::size_t colon = kUnknown;
  static constexpr std::size_t kUnknown = kNone - 1;
};

class Reader {
 public:
  // `masks` classify `doc`, `odd` says whether it holds an odd byte (ByteMasks::build).
  Reader(std::string_view doc, ManifestHead& head, const ByteMasks& masks, bool odd)
      : head_(head),
        begin_(doc.data()),
        end_(doc.data() + doc.size()),
        size_(doc.size()),
        odd_(odd),
        newlines_(masks.newlines()),
        spaces_(masks.spaces()),
        not_key_(masks.not_key()) {}

  // The 0-based line yaml.v2 refuses as an empty sequence entry followed by a key, or -1; of the
  // lines read so far (finish() reads the rest).
  int empty_entry_line() const { return empty_entry_; }
  int lines_read() const { return number_; }
  // The 0-based line of a plain scalar standing where its mapping needs a key (yaml.v2: "could
  // not find expected ':'"), found by run(), or -1.
  int keyless_line() const { return keyless_; }
  // Whether a line holds a byte other than printable ASCII (see odd_byte).
  bool odd_bytes() const { return odd_; }

  bool run() {
    Line* first = peek();
    if (first == nullptr) return true;       // nothing but comments
    if (!is_key_line(*first)) return false;  // a list or a scalar: the full path reports
    if (!map_at(first->indent, Where::kTop)) return false;
    return peek() == nullptr;
  }

  // Reads the lines run() did not get to, for what they hold of empty entries and odd bytes.
  void finish() {
    have_ = false;
    finishing_ = true;
    while (next_line(cur_)) {
    }
  }

 private:
  // The next line of the document into `l`; false after the last. Every line comes here once, in
  // order, which is where empty entries and odd bytes are noticed.
  bool next_line(Line& l) {
    if (done_) return false;
    const std::size_t start = next_;
    const std::size_t end = next_set(newlines_, start);
    const std::size_t text = next_clear(spaces_, start);  // a line break is no space
    l.indent = static_cast<int>(text - start);
    l.number = number_++;
    l.text = std::string_view(begin_ + text, end - text);
    l.colon = Line::kUnknown;
    if (scalar_indent_ >= 0 && (l.text.empty() || l.indent > scalar_indent_)) {
      entry_indent_ = -1;  // a block scalar's text: a "-" there is no entry
    } else if (l.text.empty() || l.text[0] == '#') {
      // Blank and comment lines: an empty entry above them is still the last entry.
      if (finishing_) scalar_indent_ = -1;
    } else if (l.indent == 0 && yaml::is_document_marker(l.text)) {
      // "..." ends the document yaml.v2 reads, as "---" does after content: what follows is no
      // part of it.
      entry_indent_ = -1;
      document_over_ = document_over_ || l.text[0] == '.' || content_seen_;
    } else {
      content_seen_ = true;
      if (empty_entry_ < 0 && !document_over_ && entry_indent_ == l.indent &&
          is_key_after_entry(l.text) && indented_past_owner(begin_ + previous_, l.indent) &&
          !yaml::inside_flow_collection(std::string_view(begin_, size_), l.number)) {
        empty_entry_ = l.number;  // (a "-" inside a flow collection is the parser's error)
      }
      entry_indent_ = is_empty_entry(l.text) ? l.indent : -1;
      // Past where run() stopped, a block scalar is known by its header alone.
      if (finishing_) scalar_indent_ = opens_block_scalar(l.text) ? l.indent : -1;
      previous_ = start;  // (the line an empty entry is on)
    }
    if (end == size_) {
      done_ = true;
    } else {
      next_ = end + 1;
    }
    return true;
  }

  std::size_t next_set(const std::uint16_t* m, std::size_t pos) const {
    return chart::next_set(m, pos, size_);
  }
  std::size_t next_clear(const std::uint16_t* m, std::size_t pos) const {
    return chart::next_clear(m, pos, size_);
  }
  std::size_t offset(std::string_view s) const {
    return static_cast<std::size_t>(s.data() - begin_);
  }

  // yaml.v2 refuses what yaml-cpp reads as an empty item: a block sequence entry ("-" alone on
  // its line, spaces or tabs after it) followed by a line at the same indentation that is not
  // another entry or a comment...
  static bool is_empty_entry(std::string_view t) {
    if (t.empty() || t[0] != '-') return false;
    for (std::size_t i = 1; i < t.size(); ++i) {
      if (t[i] != ' ' && t[i] != '\t') return false;
    }
    return true;
  }
  // Whether the line (after its indentation) ends with a block scalar's header: "|" or ">"
  // with its indicators, after "key:" or "-" (any number of them), perhaps before a comment.
  static bool opens_block_scalar(std::string_view t) {
    while (is_item_line(t)) t.remove_prefix(std::min(t.size(), t.find_first_not_of(' ', 1)));
    if (!t.empty() && t[0] != '|' && t[0] != '>') {
      // A quoted key may hold ": " itself: its colon is the one after the closing quote.
      std::size_t from = 0;
      if (t[0] == '"' || t[0] == '\'') {
        for (from = 1; from < t.size(); ++from) {
          if (t[0] == '"' && t[from] == '\\') {
            ++from;  // an escape: the next byte is text
          } else if (t[from] == t[0]) {
            if (t[0] == '"' || from + 1 == t.size() || t[from + 1] != '\'') break;
            ++from;  // '' stands for '
          }
        }
        if (from >= t.size()) return false;
      }
      std::size_t colon = t.find(": ", from);
      if (colon == kNone) return false;
      t.remove_prefix(colon + 2);
      t.remove_prefix(std::min(t.size(), t.find_first_not_of(' ')));
    }
    return !t.empty() && (t[0] == '|' || t[0] == '>') && block_header(trim_right(t));
  }
  // (A tab there is where yaml.v2's scanner fails first: no token starts with one.)
  static bool is_key_after_entry(std::string_view t) {
    return !t.empty() && t[0] != '-' && t[0] != '#' && t[0] != '\t';
  }

  // ...when the sequence is indented past what owns it (a key, or an entry of a sequence further
  // out), or stands at the top of the document. A sequence at its owner's own column
  // ("key:\n-\nnext: v") is one whose entries are not indented: the line after the empty entry
  // goes on with the owner's mapping, which the reader (or the full path, for anything odd)
  // judges. `entry` is where the line of the empty entry starts, `column` its dash's column. The
  // owner is the first line above that is neither blank, nor deeper, nor another entry at the
  // column; its leading dashes ("- - key:") are entries of sequences further out. The lines above
  // are found again in the text, as this is rare.
  bool indented_past_owner(const char* entry, int column) const {
    for (const char* line_start = entry; line_start != begin_;) {
      const char* line_end = line_start - 1;  // the previous line's '\n'
      line_start = line_end;
      while (line_start != begin_ && line_start[-1] != '\n') --line_start;
      std::string_view raw(line_start, static_cast<std::size_t>(line_end - line_start));
      std::size_t spaces_before = leading_spaces(raw);
      std::string_view t = raw.substr(spaces_before);
      int indent = static_cast<int>(spaces_before);
      if (t.empty() || t[0] == '#' || indent > column) continue;
      if (indent == column && is_item_line(t)) continue;
      int at = indent;
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

  // The next line that is neither blank nor a comment, or nullptr; it stays the current line
  // until take().
  Line* peek() {
    if (!have_) {
      do {
        if (!next_line(cur_)) return nullptr;
      } while (cur_.text.empty() || cur_.text[0] == '#');
      have_ = true;
    }
    return &cur_;
  }
  void take() { have_ = false; }

  // "key:" or "key: ..." with a plain key of ordinary characters.
  bool is_key_line(Line& l) const { return colon_of(l) != kNone; }
  std::size_t colon_of(Line& l) const {
    if (l.colon == Line::kUnknown) l.colon = key_colon(l.text);
    return l.colon;
  }
  // Where the colon of such a line is, or kNone.
  std::size_t key_colon(std::string_view t) const {
    if (t.empty() || t[0] == '-') return kNone;
    // The line break (or the end of the text) after `t` cannot be in a key: the scan stops there.
    std::size_t from = offset(t);
    std::size_t i = std::min(next_set(not_key_, from) - from, t.size());
    // yaml.v2 takes a ':' as ending a key only within 1024 characters of where the key starts.
    if (i != 0 && i < t.size() && t[i] == ':' && (i + 1 == t.size() || t[i + 1] == ' ') &&
        i <= 1024) {
      return i;
    }
    return kNone;
  }

  // A key sigs.k8s.io/yaml cannot name (null, or an integer only uint64 holds).
  static bool unnamed_key(std::string_view key) {
    char c = key[0];
    if (!(c >= '0' && c <= '9') && !(key.size() == 4 && (c == 'n' || c == 'N') &&
                                     (key == "null" || key == "Null" || key == "NULL"))) {
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
      Line* l = peek();
      if (l == nullptr || l->indent < indent) return true;
      if (l->indent > indent) return false;
      std::string_view t = l->text;
      std::size_t colon = colon_of(*l);
      if (colon == kNone) {
        std::string_view to_end(t.data(), static_cast<std::size_t>(end_ - t.data()));
        if (yaml::cannot_be_key(t, l->indent == 0, to_end)) keyless_ = l->number;
        return false;
      }
      std::string_view key = t.substr(0, colon);
      if (unnamed_key(key)) return false;  // the full path words sigs.k8s.io/yaml's error
      std::string_view rest = colon + 1 < t.size() ? t.substr(colon + 2) : std::string_view();
      take();
      Where child = Where::kOther;
      std::string* target = nullptr;
      bool is_hook = false;
      if (where == Where::kOther) {
        // The common case: a key of the body, none of the head's.
      } else if (where == Where::kTop) {
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
      } else {
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
      Line* l = peek();
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
        take();
        const Line* next = peek();
        if (next != nullptr && next->indent > indent) {
          if (!node(indent)) return false;
        } else if (next != nullptr && next->indent == indent && !is_item_line(next->text)) {
          return false;  // the mapping above goes on (or the entry is refused): the full path
        }
        continue;
      }
      if (rest[0] == '#') return false;
      if (std::size_t colon = key_colon(rest); colon != kNone) {
        // "- key: value": a mapping whose keys sit after the dash; the line is read again as
        // its first key.
        l->indent = indent + 1 + static_cast<int>(spaces);
        l->text = rest;
        l->colon = colon;
        if (!map_at(l->indent, Where::kOther)) return false;
        continue;
      }
      if (is_item_line(rest)) return false;  // "- - x"
      take();
      if (!scalar(indent, rest, nullptr, false)) return false;
    }
  }

  // The node on the lines after a key or dash at `parent` indentation.
  bool node(int parent) {
    Line* l = peek();
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
      Line* next = peek();
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

  // A scalar that starts on the current line after a key or dash at `indent`.
  bool scalar(int indent, std::string_view s, std::string* target, bool must_be_string) {
    s = trim_right(s);
    char c = s[0];
    if (is_key_char(c) && c != '-') return plain(indent, s, target, must_be_string);
    if (c == '"' || c == '\'') return quoted(s, target, end_) && next_is_not_deeper(indent);
    if (c == '|' || c == '>') {
      return target == nullptr && block_header(s) && block_scalar(indent);
    }
    if (s == "[]" || s == "{}") return target == nullptr;
    if (c == '[') return target == nullptr && flow_words(s) && next_is_not_deeper(indent);
    if (yaml::is_indicator(c) && !(c == '-' && s.size() > 1 && s[1] != ' ')) return false;
    return plain(indent, s, target, must_be_string);
  }

  // A plain scalar `s` (trimmed on the right) after a key or dash at `indent`.
  bool plain(int indent, std::string_view s, std::string* target, bool must_be_string) {
    // Where a comment starts (" #"), or a ": " before it, which would make the line a mapping.
    // Both need a space; most values have none.
    std::size_t from = offset(s);
    if (any_set(spaces_, from, from + s.size())) {
      if (std::size_t stop = plain_stop(s, end_); stop != kNone) {
        if (s[stop] != '#') return false;
        s = trim_right(s.substr(0, stop - 1));
      }
    }
    if (s.empty() || s.back() == ':') return false;
    if (maybe_non_finite(s)) return false;  // JSON cannot hold it: the full path says so
    if (target != nullptr) {
      if (must_be_string && yaml::resolve_plain(s).kind != yaml::PlainScalar::Kind::kString) {
        return false;
      }
      target->assign(s.data(), s.size());
    }
    return next_is_not_deeper(indent);
  }

  // A one-line scalar is over: a deeper line would continue it (or be an error).
  bool next_is_not_deeper(int indent) {
    const Line* next = peek();
    return next == nullptr || next->indent <= indent;
  }

  // The lines of a block scalar after its header: blank or indented past `indent`, all at
  // least as far as the first one. Comments among them are text; the first line that is not
  // blank nor indented past `indent` ends the scalar (and is the current line unless it is a
  // comment).
  bool block_scalar(int indent) {
    if (have_) return false;  // the header's line is taken before this; never here
    int content_indent = -1;
    int blank_indent = 0;  // the most spaces on a blank line before the text
    struct Text {          // while the scalar's lines are read (see next_line)
      int& at;
      explicit Text(int& a, int indent) : at(a) { at = indent; }
      ~Text() { at = -1; }
    } text(scalar_indent_, indent);
    while (next_line(cur_)) {
      if (cur_.text.empty()) {
        if (content_indent < 0) blank_indent = std::max(blank_indent, cur_.indent);
        continue;
      }
      if (cur_.indent <= indent) {
        have_ = cur_.text[0] != '#';
        return true;
      }
      // yaml.v2 takes the text's indentation from the blank lines before it too: text indented
      // less than one of them ends the scalar, and is an error there.
      if (content_indent < 0 && cur_.indent < blank_indent) return false;
      if (content_indent < 0) content_indent = cur_.indent;
      if (cur_.indent < content_indent) return false;
    }
    return true;
  }

  ManifestHead& head_;
  const char* const begin_;
  const char* const end_;
  const std::size_t size_;
  const bool odd_;
  const std::uint16_t* const newlines_;
  const std::uint16_t* const spaces_;
  const std::uint16_t* const not_key_;
  std::size_t next_ = 0;  // where the next line starts, unless done_
  bool done_ = false;
  int number_ = 0;  // of the next line
  Line cur_;        // the current line (when have_), or the last one read
  bool have_ = false;
  // The indentation of the previous line when it was an empty entry ("-" alone), else -1; and
  // where that line starts.
  int entry_indent_ = -1;
  bool content_seen_ = false;   // a line with a token, past any "---"
  bool document_over_ = false;  // past a "..." line, or a "---" after content
  std::size_t previous_ = 0;
  // While a block scalar's lines are read, the indentation of the key or entry that owns it
  // (lines deeper than it, and blank ones, are its text); else -1.
  int scalar_indent_ = -1;
  bool finishing_ = false;  // in finish()
  int empty_entry_ = -1;
  int keyless_ = -1;
  std::string scratch_;
};

// The reader's common case in one loop, with what Reader's calls would hold kept on a small stack
// of frames and the current line in local variables: it reads plain keys, block mappings and
// sequences, one-line scalars and block scalars just as Reader does, and declines anything else
// (then Reader reads the document, and words the errors). Whatever it reads, Reader reads, with
// the same head. An empty entry ("-" alone on its line) always makes it decline, as yaml.v2
// may refuse one wherever it is.
class QuickReader {
 public:
  // `masks` classify `doc` (ByteMasks::build), which holds no odd byte (see odd_byte): those are
  // Reader's (and perhaps the full path's) to judge.
  QuickReader(std::string_view doc, ManifestHead& head, const ByteMasks& masks)
      : doc_(doc),
        head_(head),
        newlines_(masks.newlines()),
        spaces_(masks.spaces()),
        not_key_(masks.not_key()) {}

  // (Kept out of its callers: inlined into one, it compiled to 8% more instructions.)
  FAST_HEAD_NOINLINE bool run() {
    const char* const d = doc_.data();
    const std::size_t n = doc_.size();
    const char* const end_of_doc = d + n;
    const std::uint16_t* const newlines = newlines_;
    const std::uint16_t* const spaces = spaces_;
    const std::uint16_t* const not_key = not_key_;
    // The current line: its text after the indentation is [text, end), and the next line starts
    // at end + 1 (the first at 0); `indent` is -1 past the last line. `colon` is where its key's
    // colon is (kNone: not a key line; kUnknown: not looked for yet).
    std::size_t text = 0, end = kNone, colon = Line::kUnknown;
    int indent = -1;

    // Most lines are short: where one ends and where its text starts are in the bits of a single
    // look at the masks (see bits_at); longer ones take the loops.
    auto raw_line = [&]() FAST_HEAD_INLINE -> bool {
      const std::size_t start = end + 1;
      if (start > n) return false;
      const std::uint64_t breaks = bits_at(newlines, start);
      end = breaks != 0 ? start + static_cast<std::size_t>(std::countr_zero(breaks))
                        : next_set(newlines, start, n);
      // The bits past those read are clear: a count of 48 or more may have stopped there.
      auto blank = static_cast<std::size_t>(std::countr_zero(~bits_at(spaces, start)));
      if (blank >= 48) blank = next_clear(spaces, start, n) - start;
      text = start + blank;
      indent = static_cast<int>(blank);
      colon = Line::kUnknown;
      return true;
    };
    // Where the spaces that start at `from` end (at most at the line's end).
    auto skip_spaces = [&](std::size_t from) FAST_HEAD_INLINE {
      while (from < end && d[from] == ' ') ++from;
      return from;
    };
    // The next line that is neither blank nor a comment; false (and `indent` -1) after the last.
    auto next_line = [&]() FAST_HEAD_INLINE -> bool {
      while (raw_line()) {
        if (text != end && d[text] != '#') return true;
      }
      indent = -1;
      return false;
    };
    // Where the colon of "key:" is in [from, to), or kNone (see Reader::key_colon). The line
    // break (or the end of the text) after the line is no key character: the count stops there.
    auto key_colon = [&](std::size_t from, std::size_t to) FAST_HEAD_INLINE -> std::size_t {
      if (from == to || d[from] == '-') return kNone;
      const std::uint64_t other = bits_at(not_key, from);
      const std::size_t i = other != 0 ? static_cast<std::size_t>(std::countr_zero(other))
                                       : next_set(not_key, from, n) - from;
      if (i != 0 && i < to - from && d[from + i] == ':' &&
          (from + i + 1 == to || d[from + i + 1] == ' ') && i <= 1024) {
        return i;
      }
      return kNone;
    };
    auto colon_of_line = [&]() FAST_HEAD_INLINE {
      if (colon == Line::kUnknown) colon = key_colon(text, end);
      return colon;
    };
    auto is_item = [&](std::size_t from, std::size_t to) FAST_HEAD_INLINE {
      return d[from] == '-' && (to - from == 1 || d[from + 1] == ' ');
    };
    // Whether [from, to) holds a space.
    auto has_space = [&](std::size_t from, std::size_t to) FAST_HEAD_INLINE {
      if (to - from < 48) return (bits_at(spaces, from) & ((1ull << (to - from)) - 1)) != 0;
      return any_set(spaces, from, to);
    };

    // Nothing but comments and blank lines: read.
    if (!next_line()) return true;
    if (colon_of_line() == kNone) return false;
    // The innermost frame is *top, those around it below it in frames_. (Kept in memory: a
    // frame kept in registers was put together and taken apart at every push and pop.)
    Frame* top = frames_.data();
    Frame* const innermost = frames_.data() + kMaxDepth - 1;
    *top = Frame{indent, false, Where::kTop, 0};
    auto push = [&](int at, bool sequence, Where where) FAST_HEAD_INLINE {
      if (top == innermost) return false;
      *++top = Frame{at, sequence, where, 0};
      return true;
    };
    for (;;) {
      if (indent < top->indent) {  // (past the last line too)
        if (top == frames_.data()) break;
        --top;
        continue;
      }
      // The lines below the head's mappings (those of mappings whose keys are none of the head's,
      // and of sequences) are most of a document: the common ones are read here, each as the
      // code after this reads it, which reads any other. (Long lines go there too: see bits_at.)
      if (top->where == Where::kOther && end - text < 48) {
        if (top->sequence && indent == top->indent && end - text >= 2 && d[text] == '-' &&
            d[text + 1] == ' ') {
          // "- key: ...": a mapping whose keys sit after the dash; the line is read again as its
          // first key.
          const std::size_t rest =
              text + 2 + static_cast<std::size_t>(std::countr_zero(~bits_at(spaces, text) >> 2));
          const auto k = static_cast<std::size_t>(std::countr_zero(bits_at(not_key, rest)));
          if (k != 0 && k < end - rest && d[rest + k] == ':' && d[rest] != '-' &&
              (rest + k + 1 == end || d[rest + k + 1] == ' ')) {
            indent = top->indent + static_cast<int>(rest - text);
            text = rest;
            colon = k;
            if (!push(indent, false, Where::kOther)) return false;
          }
        }
        if (!top->sequence && indent == top->indent) {
          // "key:" with a key sigs.k8s.io/yaml names (not a number, nor null)...
          const std::uint64_t blanks = bits_at(spaces, text);
          const auto k = static_cast<std::size_t>(std::countr_zero(bits_at(not_key, text)));
          const char first = d[text];
          std::size_t value = text + k + 1;
          // (A key character first makes k at least 1.)
          if (kNamedKeyStarts[static_cast<unsigned char>(first)] && k < end - text &&
              d[text + k] == ':' && !(k == 4 && null_key(d + text)) &&
              (value == end || d[value] == ' ')) {
            if (value != end) {
              value += static_cast<std::size_t>(std::countr_zero(~blanks >> (k + 1)));
            }
            if (value == end) {
              // ...and nothing after it: a mapping or a sequence below it, or a null.
              next_line();
              if (indent < top->indent) continue;
              const bool item = is_item(text, end);
              if (indent == top->indent) {
                if (item && !push(indent, true, Where::kOther)) return false;
                continue;  // the sequence, or a null value and the next key
              }
              if (!push(indent, item, Where::kOther)) return false;
              continue;
            }
            const char c = d[value];
            // ...and a plain scalar with no space up to the line's end (which a comment or a ": "
            // would need; spaces at the end are rare), not one that ends in a colon nor, as .inf
            // and .nan do, starts with a dot and has four bytes; or a quoted one.
            bool one_line = false;
            if (kPlainStarts[static_cast<unsigned char>(c)]) {
              const std::size_t size = end - value;
              one_line = ((blanks >> (value - text)) & ((1ull << size) - 1)) == 0 &&
                         d[end - 1] != ':' && !(size == 4 && c == '.');
            } else if (c == '"' || c == '\'') {
              std::size_t value_end = end;
              while (d[value_end - 1] == ' ') --value_end;
              const std::size_t size = value_end - value;
              one_line = simple_quoted(d + value, size, end_of_doc) ||
                         quoted(std::string_view(d + value, size), nullptr, end_of_doc);
            }
            if (one_line) {
              // A one-line scalar is over: a deeper line would continue it (or be an error).
              next_line();
              if (indent > top->indent) return false;
              continue;
            }
          }
        }
      }
      const int at = top->indent;
      // The line's scalar, [s, s_end) without the spaces at its end, after a key or dash at
      // `at`; read below as Reader::scalar reads it.
      std::size_t s = 0, s_end = 0;
      std::string* target = nullptr;
      bool must_be_string = false, is_hook = false;
      if (top->sequence) {
        if (indent > at || !is_item(text, end)) {
          // After the items of a sequence that hangs at its parent key's indentation, the
          // parent's next key follows at the same indentation.
          if (indent == at && colon_of_line() != kNone) {
            --top;
            continue;
          }
          return false;
        }
        std::size_t rest = skip_spaces(text + 1);         // after the dash and its spaces
        if (rest >= end || d[rest] == '#') return false;  // an empty entry, or a comment
        if (std::size_t c = key_colon(rest, end); c != kNone) {
          // "- key: value": a mapping whose keys sit after the dash; the line is read again as
          // its first key.
          indent = at + 1 + static_cast<int>(rest - text - 1);
          text = rest;
          colon = c;
          if (!push(indent, false, Where::kOther)) return false;
          continue;
        }
        if (is_item(rest, end)) return false;  // "- - x"
        s = rest;
        s_end = end;
        while (d[s_end - 1] == ' ') --s_end;
      } else {
        // A block mapping whose keys sit at `at`.
        if (indent > at || colon_of_line() == kNone) return false;
        std::string_view key(d + text, colon);
        // Keys sigs.k8s.io/yaml may not name (null, or integers only uint64 holds): Reader.
        if ((key[0] >= '0' && key[0] <= '9') || (key.size() == 4 && null_key(key.data()))) {
          return false;
        }
        Where child = Where::kOther;
        if (top->where == Where::kOther) {
          // The common case: a key of the body, none of the head's.
        } else if (top->where == Where::kTop) {
          unsigned seen = 0;
          if (equals(key, "apiVersion")) {
            seen = kSeenApiVersion;
            target = &scratch_;
          } else if (equals(key, "kind")) {
            seen = kSeenKind;
            target = &head_.kind;
          } else if (equals(key, "metadata")) {
            seen = kSeenMetadata;
            child = Where::kMetadata;
          } else if (iequals(key, "apiVersion") || iequals(key, "kind") ||
                     iequals(key, "metadata")) {
            return false;  // encoding/json matches keys case-insensitively
          }
          if ((top->seen & seen) != 0) return false;
          top->seen = static_cast<std::uint8_t>(top->seen | seen);
        } else if (top->where == Where::kMetadata) {
          unsigned seen = 0;
          if (equals(key, "name")) {
            seen = kSeenName;
            target = &head_.name;
          } else if (equals(key, "annotations")) {
            seen = kSeenAnnotations;
            child = Where::kAnnotations;
          } else if (iequals(key, "name") || iequals(key, "annotations")) {
            return false;
          }
          if ((top->seen & seen) != 0) return false;
          top->seen = static_cast<std::uint8_t>(top->seen | seen);
        } else {
          target = &scratch_;
          if (equals(key, "helm.sh/hook")) {
            if (head_.has_hook) return false;
            is_hook = true;
          }
        }
        must_be_string = top->where == Where::kAnnotations || target != nullptr;
        // The value: after ": " and any more spaces, without the spaces at the end of the line.
        std::size_t value = skip_spaces(text + colon + 1), value_end = end;
        while (value_end > value && d[value_end - 1] == ' ') --value_end;
        if (value >= value_end || d[value] == '#') {
          if (target != nullptr) return false;  // a null head field: let the full path decide
          if (!next_line() || indent < at) continue;
          if (indent == at) {
            if (is_item(text, end) && (child != Where::kOther || !push(at, true, child))) {
              return false;
            }
            continue;  // the sequence, or a null value and the next key
          }
          if (is_item(text, end)) {
            if (child != Where::kOther || !push(indent, true, child)) return false;
            continue;
          }
          if (colon_of_line() == kNone || !push(indent, false, child)) return false;
          continue;
        }
        if (child != Where::kOther) {
          // metadata: {} or annotations: {} are empty; anything else inline goes the full way.
          if (std::string_view(d + value, value_end - value) != "{}") return false;
          next_line();
          continue;
        }
        s = value;
        s_end = value_end;
      }

      std::string_view v(d + s, s_end - s);
      const char c = v[0];
      bool plain = true;
      if (!(is_key_char(c) && c != '-')) {
        plain = false;
        if (c == '"' || c == '\'') {
          if (!quoted(v, target, end_of_doc)) return false;
        } else if (c == '|' || c == '>') {
          if (target != nullptr || !block_header(v)) return false;
          // The lines after the header: blank or indented past `at`, none less than the first
          // (nor than a blank line before it, see Reader::block_scalar).
          int content_indent = -1, blank_indent = 0;
          for (;;) {
            if (!raw_line()) {
              indent = -1;
              break;
            }
            if (text == end) {
              if (content_indent < 0) blank_indent = std::max(blank_indent, indent);
              continue;
            }
            // An empty entry: yaml.v2 looks for those on every line; Reader decides.
            if (d[text] == '-' && skip_spaces(text + 1) == end) return false;
            if (indent <= at) {
              // The line that ends the scalar, unless it is a comment.
              if (d[text] == '#') next_line();
              break;
            }
            if (content_indent < 0 && indent < blank_indent) return false;
            if (content_indent < 0) content_indent = indent;
            if (indent < content_indent) return false;
          }
          continue;
        } else if (v == "[]" || v == "{}") {
          if (target != nullptr) return false;
          next_line();
          continue;
        } else if (c == '[') {
          if (target != nullptr || !flow_words(v)) return false;
        } else if (yaml::is_indicator(c) && !(c == '-' && v.size() > 1 && v[1] != ' ')) {
          return false;
        } else {
          plain = true;
        }
      }
      if (plain) {
        // A plain scalar: a comment (" #") or a ": " needs a space, and most values have none.
        if (has_space(s, s_end)) {
          if (std::size_t stop = plain_stop(v, end_of_doc); stop != kNone) {
            if (v[stop] != '#') return false;
            v = trim_right(v.substr(0, stop - 1));
          }
        }
        // (.inf and the like have four or five bytes.)
        if (v.empty() || v.back() == ':' || (v.size() <= 5 && maybe_non_finite(v))) return false;
        if (target != nullptr) {
          if (must_be_string && yaml::resolve_plain(v).kind != yaml::PlainScalar::Kind::kString) {
            return false;
          }
          target->assign(v.data(), v.size());
        }
      }
      // A one-line scalar is over: a deeper line would continue it (or be an error).
      next_line();
      if (indent > at) return false;
      if (is_hook) {
        head_.has_hook = true;
        head_.hook_types = scratch_;
      }
    }
    return indent < 0;
  }

 private:
  static constexpr unsigned kSeenApiVersion = 1, kSeenKind = 2, kSeenMetadata = 4, kSeenName = 1,
                            kSeenAnnotations = 2;
  struct Frame {  // (eight bytes, copied as one)
    int indent;
    bool sequence;  // else a mapping
    Where where;
    std::uint8_t seen;  // the head's keys met in the mapping
  };
  static constexpr std::size_t kMaxDepth = 64;  // deeper: Reader

  std::string_view doc_;
  ManifestHead& head_;
  const std::uint16_t* const newlines_;
  const std::uint16_t* const spaces_;
  const std::uint16_t* const not_key_;
  std::array<Frame, kMaxDepth> frames_;
  std::string scratch_;
};

// The masks of the document last read on this thread (kept for their memory).
ByteMasks& thread_masks() {
  thread_local ByteMasks masks;
  return masks;
}

// The quick reader on a document `masks` classify; `odd` says whether it holds an odd byte.
bool read_quick(std::string_view document, ManifestHead& head, const ByteMasks& masks, bool odd) {
  if (odd) return false;
  // An empty head, as each document's is, is read into in place (and emptied again if the
  // reader gives up part way): no strings to move.
  if (head.kind.empty() && head.name.empty() && !head.has_hook && head.hook_types.empty()) {
    if (QuickReader(document, head, masks).run()) return true;
    head = ManifestHead();
    return false;
  }
  ManifestHead quick;
  if (!QuickReader(document, quick, masks).run()) return false;
  head = std::move(quick);
  return true;
}

// The reference reader on a document `masks` classify (see read_quick).
HeadRead read_reference(std::string_view document, ManifestHead& head, std::string& error,
                        const ByteMasks& masks, bool odd, int* pending_entry) {
  ManifestHead h;
  Reader reader(document, h, masks, odd);
  // Tabs, carriage returns, the line breaks of Unicode and what yaml.v2's reader refuses are
  // the full path's business; other UTF-8 text is read here.
  bool ok = !reader.odd_bytes() ||
            (document.find_first_of("\t\r") == std::string_view::npos &&
             !yaml::reader_problem(document) && !yaml::unicode_breaks_as_line_feeds(document));
  bool read = ok && reader.run();
  // An empty entry yaml.v2 refuses counts wherever it is: the lines run() did not get to are
  // looked at too.
  const int stopped = reader.lines_read();
  if (!read) reader.finish();
  // yaml.v2 stops at the first of the two errors in the document.
  int entry = reader.empty_entry_line(), keyless = reader.keyless_line();
  if (keyless >= 0 && (entry < 0 || keyless < entry)) {
    // The scanner finds the ':' missing where the next token starts (or at the end).
    error = "yaml: line " + std::to_string(yaml::keyless_error_line(document, keyless)) +
            ": could not find expected ':'";
    return HeadRead::kRefused;
  }
  if (entry >= 0 && entry >= stopped && pending_entry != nullptr) {
    // Past the line run() stopped at, what yaml.v2 refuses may come before the entry: the full
    // path decides, knowing of it.
    *pending_entry = entry;
    return HeadRead::kDeclined;
  }
  if (entry >= 0) {
    error = empty_entry_error(entry);
    return HeadRead::kRefused;
  }
  if (!read) return HeadRead::kDeclined;
  head = std::move(h);
  return HeadRead::kRead;
}

}  // namespace

namespace detail {

bool read_head_quick(std::string_view document, ManifestHead& head) {
  ByteMasks& masks = thread_masks();
  bool odd = masks.build(document);
  return read_quick(document, head, masks, odd);
}

HeadRead read_head_reference(std::string_view document, ManifestHead& head, std::string& error) {
  ByteMasks& masks = thread_masks();
  bool odd = masks.build(document);
  return read_reference(document, head, error, masks, odd, nullptr);
}

}  // namespace detail

HeadRead read_head_fast(std::string_view document, ManifestHead& head, std::string& error,
                        int* pending_entry) {
  // The bytes are classified once, for both readers. Documents of printable ASCII in the common
  // shape: one loop.
  ByteMasks& masks = thread_masks();
  bool odd = masks.build(document);
  if (read_quick(document, head, masks, odd)) return HeadRead::kRead;
  return read_reference(document, head, error, masks, odd, pending_entry);
}

std::string empty_entry_error(int line) {
  return "yaml: line " + std::to_string(line) + ": did not find expected node content";
}

bool fast_manifest_head(std::string_view document, ManifestHead& head) {
  std::string error;
  return read_head_fast(document, head, error) == HeadRead::kRead;
}

}  // namespace render::chart
