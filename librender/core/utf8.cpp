#include "render/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace render {

namespace {

// Index 0: the bytes quote_safe_prefix() takes; index 1: those it takes with `html`.
constexpr std::array<std::array<bool, 2>, 256> kQuoteSafe = [] {
  std::array<std::array<bool, 2>, 256> t{};
  for (unsigned c = 0x20; c < 0x7f; ++c) {
    bool safe = c != '"' && c != '\\';
    t[c][0] = safe;
    t[c][1] = safe && c != '<' && c != '>' && c != '&';
  }
  return t;
}();

}  // namespace

std::size_t count_line_breaks(std::string_view s) {
  const char* at = s.data();
  const char* const end = at + s.size();
  std::size_t count = 0;
#if defined(__SSE2__)
  // The compare's -1 per break summed in byte lanes, which psadbw adds up before one could wrap
  // (at most 255 steps). (std::count compiles to a byte at a time: 85 us for the 0.5 MB values
  // file of the benchmark's thousand workloads, against 10.)
  const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
  while (end - at >= 16) {
    const std::size_t steps = std::min<std::size_t>(255, static_cast<std::size_t>(end - at) / 16);
    __m128i lanes = zero;
    for (std::size_t k = 0; k < steps; ++k, at += 16) {
      const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(c, nl));
    }
    const __m128i sums = _mm_sad_epu8(lanes, zero);
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  return count + static_cast<std::size_t>(std::count(at, end, '\n'));
}

std::size_t quote_safe_prefix(std::string_view s, bool html) {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time: a signed compare below 0x20 also catches the bytes from 0x80 on.
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f), quote = _mm_set1_epi8('"'),
                backslash = _mm_set1_epi8('\\'), lt = _mm_set1_epi8(html ? '<' : '"'),
                gt = _mm_set1_epi8(html ? '>' : '"'), amp = _mm_set1_epi8(html ? '&' : '"');
  // One bit for each byte that is not safe.
  auto unsafe = [&](__m128i b) {
    __m128i bad = _mm_or_si128(_mm_cmplt_epi8(b, space), _mm_cmpeq_epi8(b, del));
    bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, backslash)));
    bad = _mm_or_si128(bad,
                       _mm_or_si128(_mm_cmpeq_epi8(b, lt),
                                    _mm_or_si128(_mm_cmpeq_epi8(b, gt), _mm_cmpeq_epi8(b, amp))));
    return static_cast<unsigned>(_mm_movemask_epi8(bad));
  };
  for (; i + 16 <= n; i += 16) {
    if (unsigned mask = unsafe(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
        mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
  }
  if (i == n) return n;
  // The rest (most strings are shorter than sixteen bytes) in one check too, from loads that
  // overlap rather than run past the end: the bytes seen twice are the same bytes.
  if (n >= 16) {
    // The last sixteen: the bits of those before `i`, already taken, are shifted out.
    unsigned mask =
        unsafe(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16))) >> (i + 16 - n);
    return mask != 0 ? i + static_cast<std::size_t>(__builtin_ctz(mask)) : n;
  }
  if (n >= 8) {
    // Bytes 0-7 in the low half, n-8 to n-1 in the high one.
    std::uint64_t head, tail;
    std::memcpy(&head, p, 8);
    std::memcpy(&tail, p + n - 8, 8);
    unsigned mask =
        unsafe(_mm_set_epi64x(static_cast<long long>(tail), static_cast<long long>(head)));
    if (mask == 0) return n;
    auto at = static_cast<std::size_t>(__builtin_ctz(mask));
    return at < 8 ? at : n - 16 + at;
  }
  if (n >= 4) {
    // Bytes 0-3, then n-4 to n-1 (the zero bytes after them are not looked at).
    std::uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    unsigned mask =
        unsafe(_mm_set_epi32(0, 0, static_cast<int>(tail), static_cast<int>(head))) & 0xffu;
    if (mask == 0) return n;
    auto at = static_cast<std::size_t>(__builtin_ctz(mask));
    return at < 4 ? at : n - 8 + at;
  }
#endif
  const std::size_t column = html ? 1 : 0;
  while (i < n && kQuoteSafe[static_cast<unsigned char>(p[i])][column]) ++i;
  return i;
}

long next_code_point(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return -1;
  }
  long cp = len == 1 ? c : c & (0x7f >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char cont = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((cont >> 6) != 2) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (cont & 0x3f);
  }
  static constexpr long kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    ++i;
    return -1;
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

std::string coerce_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    if (next_code_point(s, i) < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

void strip_utf8_bom(std::string& text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
}

std::size_t invalid_utf8_at(std::string_view s) {
  for (std::size_t at = 0, next = 0; at < s.size(); at = next) {
    if (next_code_point(s, next) < 0) return at;
  }
  return std::string_view::npos;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace render
