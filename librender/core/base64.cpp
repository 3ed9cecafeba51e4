#include "render/base64.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace render {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string corrupt(std::size_t offset) {
  return "illegal base64 data at input byte " + std::to_string(offset);
}

}  // namespace

std::string base64_encode(std::string_view src) {
  std::string out;
  out.reserve((src.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&src](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(src[k]));
  };
  for (; i + 3 <= src.size(); i += 3) {
    std::uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += kBase64[v >> 18 & 63];
    out += kBase64[v >> 12 & 63];
    out += kBase64[v >> 6 & 63];
    out += kBase64[v & 63];
  }
  std::size_t rest = src.size() - i;
  if (rest > 0) {
    std::uint32_t v = byte(i) << 16;
    if (rest == 2) v |= byte(i + 1) << 8;
    out += kBase64[v >> 18 & 63];
    out += kBase64[v >> 12 & 63];
    out += rest == 2 ? kBase64[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

bool base64_decode(std::string_view src, std::string& out, std::string& error) {
  static const std::array<std::uint8_t, 256> kMap = [] {
    std::array<std::uint8_t, 256> map{};
    map.fill(0xff);
    for (std::size_t i = 0; i < 64; ++i)
      map[static_cast<unsigned char>(kBase64[i])] = static_cast<std::uint8_t>(i);
    return map;
  }();
  auto is_newline = [](char c) { return c == '\n' || c == '\r'; };
  out.reserve(src.size() / 4 * 3);
  std::size_t si = 0;
  while (si < src.size()) {  // one decodeQuantum
    std::array<std::uint8_t, 4> dbuf{};
    std::size_t dlen = 4;
    std::optional<std::size_t> trailing;
    for (std::size_t j = 0; j < 4; ++j) {
      if (si == src.size()) {
        if (j == 0) return true;
        error = corrupt(si - j);
        return false;
      }
      char in = src[si++];
      std::uint8_t v = kMap[static_cast<unsigned char>(in)];
      if (v != 0xff) {
        dbuf[j] = v;
        continue;
      }
      if (is_newline(in)) {
        --j;
        continue;
      }
      if (in != '=' || j < 2) {
        error = corrupt(si - 1);
        return false;
      }
      if (j == 2) {  // "==" expected
        while (si < src.size() && is_newline(src[si])) ++si;
        if (si == src.size()) {
          error = corrupt(src.size());
          return false;
        }
        if (src[si] != '=') {
          error = corrupt(si - 1);
          return false;
        }
        ++si;
      }
      while (si < src.size() && is_newline(src[si])) ++si;
      if (si < src.size()) trailing = si;
      dlen = j;
      break;
    }
    std::uint32_t v = static_cast<std::uint32_t>(dbuf[0]) << 18 |
                      static_cast<std::uint32_t>(dbuf[1]) << 12 |
                      static_cast<std::uint32_t>(dbuf[2]) << 6 | dbuf[3];
    out += static_cast<char>(v >> 16 & 0xff);
    if (dlen >= 3) out += static_cast<char>(v >> 8 & 0xff);
    if (dlen == 4) out += static_cast<char>(v & 0xff);
    if (trailing) {
      error = corrupt(*trailing);
      return false;
    }
  }
  return true;
}

}  // namespace render
