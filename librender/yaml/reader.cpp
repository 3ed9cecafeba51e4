// yaml.v2's reader: the checks it makes on every character before the scanner sees it.
#include <algorithm>
#include <cstdint>

#include "render/yaml.hpp"

namespace render::yaml {

namespace {

constexpr std::size_t kChunk = 512;  // yaml.v2's raw input buffer

// Tab, line feed, carriage return and printable ASCII: what nearly every text is made of.
bool plain_byte(unsigned char c) {
  return (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t' || c == '\r';
}

bool allowed(std::uint32_t c) {
  return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
         (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

}  // namespace

std::optional<ReaderProblem> reader_problem(std::string_view text) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
    return std::nullopt;
  }
  if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) i = 3;  // the UTF-8 mark
  while (i < n) {
    // Eight plain bytes at a time: the common case by far.
    while (n - i >= 8) {
      std::uint64_t w = 0;
      for (int k = 0; k < 8; ++k) w |= static_cast<std::uint64_t>(b[i + k]) << (8 * k);
      // Any byte >= 0x80, < 0x20 or == 0x7F leaves the fast loop.
      constexpr std::uint64_t kOnes = 0x0101010101010101u, kHigh = 0x8080808080808080u;
      std::uint64_t low = (w - kOnes * 0x20) & ~w & kHigh;  // < 0x20 (or >= 0x80)
      std::uint64_t del = ((w ^ (kOnes * 0x7F)) - kOnes) & ~(w ^ (kOnes * 0x7F)) & kHigh;
      if (((w & kHigh) | low | del) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = b[i];
    if (plain_byte(c)) {
      ++i;
      continue;
    }
    std::size_t width = (c & 0x80) == 0      ? 1
                        : (c & 0xE0) == 0xC0 ? 2
                        : (c & 0xF0) == 0xE0 ? 3
                        : (c & 0xF8) == 0xF0 ? 4
                                             : 0;
    if (width == 0) return ReaderProblem{i, "invalid leading UTF-8 octet"};
    if (width > n - i) return ReaderProblem{i, "incomplete UTF-8 octet sequence"};
    std::uint32_t value = width == 1   ? c & 0x7Fu
                          : width == 2 ? c & 0x1Fu
                          : width == 3 ? c & 0x0Fu
                                       : c & 0x07u;
    for (std::size_t k = 1; k < width; ++k) {
      unsigned char t = b[i + k];
      if ((t & 0xC0) != 0x80) return ReaderProblem{i + k, "invalid trailing UTF-8 octet"};
      value = (value << 6) + (t & 0x3Fu);
    }
    if (!(width == 1 || (width == 2 && value >= 0x80) || (width == 3 && value >= 0x800) ||
          (width == 4 && value >= 0x10000))) {
      return ReaderProblem{i, "invalid length of a UTF-8 sequence"};
    }
    if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
      return ReaderProblem{i, "invalid Unicode character"};
    }
    if (!allowed(value)) return ReaderProblem{i, "control characters are not allowed"};
    i += width;
  }
  return std::nullopt;
}

bool is_reader_message(std::string_view message) {
  for (std::string_view m : {"invalid leading UTF-8 octet", "incomplete UTF-8 octet sequence",
                             "invalid trailing UTF-8 octet", "invalid length of a UTF-8 sequence",
                             "invalid Unicode character", "control characters are not allowed"}) {
    if (message == m) return true;
  }
  return false;
}

bool reads_problem_first(const ReaderProblem& problem, std::size_t error_offset) {
  // The scanner looks a few characters past where it stands.
  constexpr std::size_t kLookahead = 4;
  return problem.offset / kChunk <= (error_offset + kLookahead) / kChunk;
}

std::optional<std::string> reader_error(const std::optional<ReaderProblem>& problem,
                                        std::size_t error_offset) {
  if (!problem || !reads_problem_first(*problem, error_offset)) return std::nullopt;
  return "yaml: " + std::string(problem->message);
}

std::size_t line_start(std::string_view text, std::size_t at) {
  const std::size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

std::size_t offset_of(std::string_view text, int line0, int col0) {
  std::size_t at = 0;
  for (int line = 0; line < line0; ++line) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) return text.size();
    at = nl + 1;
  }
  return std::min(text.size(), at + static_cast<std::size_t>(std::max(col0, 0)));
}

}  // namespace render::yaml
