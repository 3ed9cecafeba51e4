// Sprig's encoding functions (base64/base32, digests, paths, URLs), text/template's html, js and
// urlquery escapers, and Helm's getHostByName, with Go's exact results and error texts:
// b64dec/b32dec return Go's decoding error as their RESULT ("illegal base64 data at input byte
// 0"), urlParse/urlJoin fail with net/url's messages, html/js/urlquery format their arguments
// with fmt.Sprint after turning nil into "<no value>".
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/base64.hpp"
#include "render/go_path.hpp"
#include "render/sha256.hpp"
#include "render/utf8.hpp"
#include "template/function.hpp"
#include "template/functions/fmt.hpp"
#include "template/functions/types.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

constexpr char kLowerHex[] = "0123456789abcdef";
constexpr char kUpperHex[] = "0123456789ABCDEF";

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& digest) {
  std::string out;
  out.reserve(N * 2);
  for (std::uint8_t b : digest) {
    out += kLowerHex[b >> 4];
    out += kLowerHex[b & 15];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// base32 (encoding/base32 StdEncoding); base64 is render/base64.hpp.

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::array<std::uint8_t, 256> decode_map(std::string_view alphabet) {
  std::array<std::uint8_t, 256> map{};
  map.fill(0xff);
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    map[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return map;
}

std::string corrupt(std::string_view kind, std::size_t offset) {
  return "illegal " + std::string(kind) + " data at input byte " + std::to_string(offset);
}

std::string base32_encode(std::string_view src) {
  std::string out;
  out.reserve((src.size() + 4) / 5 * 8);
  for (std::size_t i = 0; i < src.size(); i += 5) {
    std::size_t n = std::min<std::size_t>(5, src.size() - i);
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < 5; ++k) {
      v = v << 8 | (k < n ? static_cast<unsigned char>(src[i + k]) : 0u);
    }
    static constexpr std::array<std::size_t, 6> kChars{0, 2, 4, 5, 7, 8};
    std::size_t chars = kChars[n];
    for (std::size_t k = 0; k < 8; ++k) {
      out += k < chars ? kBase32[v >> (35 - 5 * k) & 31] : '=';
    }
  }
  return out;
}

// base32.StdEncoding.DecodeString (newlines stripped first); on failure the error text.
bool base32_decode(std::string_view input, std::string& out, std::string& error) {
  static const std::array<std::uint8_t, 256> kMap = decode_map(kBase32);
  std::string src;
  src.reserve(input.size());
  for (char c : input) {
    if (c != '\n' && c != '\r') src += c;
  }
  const std::size_t olen = src.size();
  std::size_t pos = 0;
  bool end = false;
  while (pos < olen && !end) {
    std::array<std::uint8_t, 8> dbuf{};
    std::size_t dlen = 8;
    for (std::size_t j = 0; j < 8;) {
      if (pos == olen) {
        error = corrupt("base32", olen - j);
        return false;
      }
      char in = src[pos++];
      std::size_t rem = olen - pos;
      if (in == '=' && j >= 2 && rem < 8) {
        if (rem + j < 7) {
          error = corrupt("base32", olen);
          return false;
        }
        for (std::size_t k = 0; k + j < 7; ++k) {
          if (rem > k && src[pos + k] != '=') {
            error = corrupt("base32", olen - rem + k - 1);
            return false;
          }
        }
        dlen = j;
        end = true;
        if (dlen == 1 || dlen == 3 || dlen == 6) {
          error = corrupt("base32", olen - rem - 1);
          return false;
        }
        break;
      }
      dbuf[j] = kMap[static_cast<unsigned char>(in)];
      if (dbuf[j] == 0xff) {
        error = corrupt("base32", olen - rem - 1);
        return false;
      }
      ++j;
    }
    std::array<std::uint8_t, 5> bytes{};
    bytes[4] = static_cast<std::uint8_t>(dbuf[6] << 5 | dbuf[7]);
    bytes[3] = static_cast<std::uint8_t>(dbuf[4] << 7 | dbuf[5] << 2 | dbuf[6] >> 3);
    bytes[2] = static_cast<std::uint8_t>(dbuf[3] << 4 | dbuf[4] >> 1);
    bytes[1] = static_cast<std::uint8_t>(dbuf[1] << 6 | dbuf[2] << 1 | dbuf[3] >> 4);
    bytes[0] = static_cast<std::uint8_t>(dbuf[0] << 3 | dbuf[1] >> 2);
    std::size_t n = 0;
    switch (dlen) {
      case 8:
        n = 5;
        break;
      case 7:
        n = 4;
        break;
      case 5:
        n = 3;
        break;
      case 4:
        n = 2;
        break;
      case 2:
        n = 1;
        break;
      default:
        n = 0;
    }
    for (std::size_t k = 0; k < n; ++k) out += static_cast<char>(bytes[k]);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// SHA-1, SHA-512 (FIPS 180-4) and Adler-32 (RFC 1950).

std::uint32_t rotl32(std::uint32_t x, int n) {
  return (x << n) | (x >> (32 - n));
}
std::uint64_t rotr64(std::uint64_t x, int n) {
  return (x >> n) | (x << (64 - n));
}

// The message padded to a multiple of block bytes with the bit length in len_bytes big-endian
// bytes at the end.
std::string pad_message(std::string_view data, std::size_t block, std::size_t len_bytes) {
  std::string msg(data);
  msg += '\x80';
  while (msg.size() % block != block - len_bytes) msg += '\0';
  std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (std::size_t i = len_bytes; i > 0; --i) {
    msg += i > 8 ? '\0' : static_cast<char>(bits >> (8 * (i - 1)) & 0xff);
  }
  return msg;
}

std::array<std::uint8_t, 20> sha1(std::string_view data) {
  std::array<std::uint32_t, 5> h{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::string msg = pad_message(data, 64, 8);
  std::array<std::uint32_t, 80> w{};
  for (std::size_t off = 0; off < msg.size(); off += 64) {
    for (std::size_t i = 0; i < 16; ++i) {
      w[i] = 0;
      for (std::size_t k = 0; k < 4; ++k) {
        w[i] = w[i] << 8 | static_cast<unsigned char>(msg[off + 4 * i + k]);
      }
    }
    for (std::size_t i = 16; i < 80; ++i)
      w[i] = rotl32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (std::size_t i = 0; i < 80; ++i) {
      std::uint32_t f = 0;
      std::uint32_t k = 0;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6;
      }
      std::uint32_t t = rotl32(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotl32(b, 30);
      b = a;
      a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  std::array<std::uint8_t, 20> out{};
  for (std::size_t i = 0; i < 20; ++i) {
    out[i] = static_cast<std::uint8_t>(h[i / 4] >> (24 - 8 * (i % 4)));
  }
  return out;
}

std::array<std::uint8_t, 64> sha512(std::string_view data) {
  static constexpr std::array<std::uint64_t, 80> kK{
      0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
      0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
      0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
      0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
      0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
      0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
      0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
      0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
      0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
      0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
      0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
      0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
      0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
      0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
      0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
      0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
      0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
      0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
      0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
      0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};
  std::array<std::uint64_t, 8> h{0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
                                 0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f,
                                 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
  std::string msg = pad_message(data, 128, 16);
  std::array<std::uint64_t, 80> w{};
  for (std::size_t off = 0; off < msg.size(); off += 128) {
    for (std::size_t i = 0; i < 16; ++i) {
      w[i] = 0;
      for (std::size_t k = 0; k < 8; ++k) {
        w[i] = w[i] << 8 | static_cast<unsigned char>(msg[off + 8 * i + k]);
      }
    }
    for (std::size_t i = 16; i < 80; ++i) {
      std::uint64_t s0 = rotr64(w[i - 15], 1) ^ rotr64(w[i - 15], 8) ^ (w[i - 15] >> 7);
      std::uint64_t s1 = rotr64(w[i - 2], 19) ^ rotr64(w[i - 2], 61) ^ (w[i - 2] >> 6);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::array<std::uint64_t, 8> v = h;
    for (std::size_t i = 0; i < 80; ++i) {
      std::uint64_t s1 = rotr64(v[4], 14) ^ rotr64(v[4], 18) ^ rotr64(v[4], 41);
      std::uint64_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
      std::uint64_t t1 = v[7] + s1 + ch + kK[i] + w[i];
      std::uint64_t s0 = rotr64(v[0], 28) ^ rotr64(v[0], 34) ^ rotr64(v[0], 39);
      std::uint64_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
      std::uint64_t t2 = s0 + maj;
      v[7] = v[6];
      v[6] = v[5];
      v[5] = v[4];
      v[4] = v[3] + t1;
      v[3] = v[2];
      v[2] = v[1];
      v[1] = v[0];
      v[0] = t1 + t2;
    }
    for (std::size_t i = 0; i < 8; ++i) h[i] += v[i];
  }
  std::array<std::uint8_t, 64> out{};
  for (std::size_t i = 0; i < 64; ++i) {
    out[i] = static_cast<std::uint8_t>(h[i / 8] >> (56 - 8 * (i % 8)));
  }
  return out;
}

std::uint32_t adler32(std::string_view data) {
  constexpr std::uint32_t kMod = 65521;
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (char c : data) {
    a = (a + static_cast<unsigned char>(c)) % kMod;
    b = (b + a) % kMod;
  }
  return b << 16 | a;
}

// ---------------------------------------------------------------------------------------------
// Go's path package (path/filepath is the same on Linux).

std::string path_base(std::string_view path) {
  if (path.empty()) return ".";
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  if (path.empty()) return "/";
  return std::string(path);
}

std::string path_dir(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return go_path_clean(slash == std::string_view::npos ? std::string_view()
                                                       : path.substr(0, slash + 1));
}

std::string path_ext(std::string_view path) {
  for (std::size_t i = path.size(); i > 0 && path[i - 1] != '/'; --i) {
    if (path[i - 1] == '.') return std::string(path.substr(i - 1));
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// net/url (Go 1.25): Parse, URL.String, Hostname.

enum class Enc { kPath, kPathSegment, kHost, kZone, kUserPassword, kQueryComponent, kFragment };

bool should_escape(unsigned char c, Enc mode) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return false;
  if (mode == Enc::kHost || mode == Enc::kZone) {
    switch (c) {
      case '!':
      case '$':
      case '&':
      case '\'':
      case '(':
      case ')':
      case '*':
      case '+':
      case ',':
      case ';':
      case '=':
      case ':':
      case '[':
      case ']':
      case '<':
      case '>':
      case '"':
        return false;
      default:
        break;
    }
  }
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '~':
      return false;
    case '$':
    case '&':
    case '+':
    case ',':
    case '/':
    case ':':
    case ';':
    case '=':
    case '?':
    case '@':
      switch (mode) {
        case Enc::kPathSegment:
          return c == '/' || c == ';' || c == ',' || c == '?';
        case Enc::kPath:
          return c == '?';
        case Enc::kQueryComponent:
          return true;
        case Enc::kFragment:
          return false;
        case Enc::kUserPassword:
          return c == '@' || c == '/' || c == '?' || c == ':';
        default:
          break;
      }
      break;
    default:
      break;
  }
  if (mode == Enc::kFragment) {
    switch (c) {
      case '!':
      case '(':
      case ')':
      case '*':
        return false;
      default:
        break;
    }
  }
  return true;
}

std::string url_escape(std::string_view s, Enc mode) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == ' ' && mode == Enc::kQueryComponent) {
      out += '+';
    } else if (should_escape(c, mode)) {
      out += '%';
      out += kUpperHex[c >> 4];
      out += kUpperHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
unsigned unhex(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

// url.unescape; nullopt with *error on failure.
std::optional<std::string> url_unescape(std::string_view s, Enc mode, std::string& error) {
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
        error = "invalid URL escape " + go_quote(s.substr(i, 3));
        return std::nullopt;
      }
      if (mode == Enc::kHost && unhex(s[i + 1]) < 8 && s.substr(i, 3) != "%25") {
        error = "invalid URL escape " + go_quote(s.substr(i, 3));
        return std::nullopt;
      }
      if (mode == Enc::kZone) {
        auto v = static_cast<unsigned char>(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
        if (s.substr(i, 3) != "%25" && v != ' ' && should_escape(v, Enc::kHost)) {
          error = "invalid URL escape " + go_quote(s.substr(i, 3));
          return std::nullopt;
        }
      }
      i += 3;
    } else {
      if ((mode == Enc::kHost || mode == Enc::kZone) && static_cast<unsigned char>(c) < 0x80 &&
          should_escape(static_cast<unsigned char>(c), mode)) {
        error = "invalid character " + go_quote(s.substr(i, 1)) + " in host name";
        return std::nullopt;
      }
      ++i;
    }
  }
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      out += static_cast<char>(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && mode == Enc::kQueryComponent) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Url {
  std::string scheme, opaque, host, path, raw_query, fragment;
  bool has_user = false;
  std::string username, password;
  bool password_set = false;
  bool force_query = false;
  bool omit_host = false;
};

std::string userinfo_string(const Url& u) {
  std::string s = url_escape(u.username, Enc::kUserPassword);
  if (u.password_set) s += ":" + url_escape(u.password, Enc::kUserPassword);
  return s;
}

bool valid_optional_port(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  for (char c : port.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// netip.ParseAddr's verdict: empty when s is an address, else the error text; *is4 for IPv4.
std::string parse_ip_addr(std::string_view in, bool& is4) {
  auto err = [&in](std::string_view msg, std::optional<std::string_view> at = std::nullopt) {
    std::string e = "ParseAddr(" + go_quote(in) + "): " + std::string(msg);
    if (at && !at->empty()) e += " (at " + go_quote(*at) + ")";
    return e;
  };
  auto ipv4_fields = [&](std::string_view s) -> std::string {
    int val = 0;
    int pos = 0;
    int digits = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c >= '0' && c <= '9') {
        if (digits == 1 && val == 0) return err("IPv4 field has octet with leading zero");
        val = val * 10 + (c - '0');
        ++digits;
        if (val > 255) return err("IPv4 field has value >255");
      } else if (c == '.') {
        if (i == 0 || i == s.size() - 1 || s[i - 1] == '.') {
          return err("IPv4 field must have at least one digit", s.substr(i));
        }
        if (pos == 3) return err("IPv4 address too long");
        ++pos;
        val = 0;
        digits = 0;
      } else {
        return err("unexpected character", s.substr(i));
      }
    }
    if (pos < 3) return err("IPv4 address too short");
    return {};
  };
  is4 = false;
  for (char c : in) {
    if (c == '.') {
      is4 = true;
      return ipv4_fields(in);
    }
    if (c == ':') break;
    if (c == '%') return err("missing IPv6 address");
  }
  if (in.find(':') == std::string_view::npos) return err("unable to parse IP");
  // IPv6.
  std::string_view s = in;
  std::size_t percent = s.find('%');
  std::string_view zone;
  if (percent != std::string_view::npos) {
    zone = s.substr(percent + 1);
    s = s.substr(0, percent);
    if (zone.empty()) return err("zone must be a non-empty string");
  }
  int ellipsis = -1;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return {};
  }
  int i = 0;
  while (i < 16) {
    std::size_t off = 0;
    std::uint32_t acc = 0;
    for (; off < s.size(); ++off) {
      char c = s[off];
      if (!is_hex(c)) break;
      acc = (acc << 4) + unhex(c);
      if (off > 3) return err("each group must have 4 or less digits", s);
      if (acc > 0xffff) return err("IPv6 field has value >=2^16", s);
    }
    if (off == 0) return err("each colon-separated field must have at least one digit", s);
    if (off < s.size() && s[off] == '.') {
      if (ellipsis < 0 && i != 12) {
        return err("embedded IPv4 address must replace the final 2 fields of the address", s);
      }
      if (i + 4 > 16) {
        return err("too many hex fields to fit an embedded IPv4 at the end of the address", s);
      }
      std::string e = ipv4_fields(s);
      if (!e.empty()) return e;
      s = {};
      i += 4;
      break;
    }
    i += 2;
    s.remove_prefix(off);
    if (s.empty()) break;
    if (s[0] != ':') return err("unexpected character, want colon", s);
    if (s.size() == 1) return err("colon must be followed by more characters", s);
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return err("multiple :: in address", s);
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return err("trailing garbage after address", s);
  if (i < 16) {
    if (ellipsis < 0) return err("address string too short");
  } else if (ellipsis >= 0) {
    return err("the :: must expand to at least one field of zeros", s);
  }
  return {};
}

std::optional<std::string> parse_host(std::string_view host, std::string& error) {
  std::size_t open = host.rfind('[');
  if (open != std::string_view::npos && open > 0) {
    error = "invalid IP-literal";
    return std::nullopt;
  }
  if (open == 0) {
    std::size_t close = host.rfind(']');
    if (close == std::string_view::npos) {
      error = "missing ']' in host";
      return std::nullopt;
    }
    std::string_view colon_port = host.substr(close + 1);
    if (!valid_optional_port(colon_port)) {
      error = "invalid port " + go_quote(colon_port) + " after host";
      return std::nullopt;
    }
    auto port = url_unescape(colon_port, Enc::kHost, error);
    if (!port) return std::nullopt;
    std::string_view hostname = host.substr(1, close - 1);
    std::string unescaped;
    std::size_t zone = hostname.find("%25");
    if (zone != std::string_view::npos) {
      auto part1 = url_unescape(hostname.substr(0, zone), Enc::kHost, error);
      if (!part1) return std::nullopt;
      auto part2 = url_unescape(hostname.substr(zone), Enc::kZone, error);
      if (!part2) return std::nullopt;
      unescaped = *part1 + *part2;
    } else {
      auto part = url_unescape(hostname, Enc::kHost, error);
      if (!part) return std::nullopt;
      unescaped = *part;
    }
    bool is4 = false;
    std::string addr_error = parse_ip_addr(unescaped, is4);
    if (!addr_error.empty()) {
      error = "invalid host: " + addr_error;
      return std::nullopt;
    }
    if (is4) {
      error = "invalid IP-literal";
      return std::nullopt;
    }
    return "[" + unescaped + "]" + *port;
  }
  std::size_t colon = host.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view colon_port = host.substr(colon);
    if (!valid_optional_port(colon_port)) {
      error = "invalid port " + go_quote(colon_port) + " after host";
      return std::nullopt;
    }
  }
  return url_unescape(host, Enc::kHost, error);
}

bool valid_userinfo(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    long cp = next_code_point(s, i);
    if (cp < 0 || i - start > 1) return false;
    char c = static_cast<char>(cp);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) continue;
    if (std::string_view("-._:~!$&'()*+,;=%@").find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool parse_authority(std::string_view authority, Url& u, std::string& error) {
  std::size_t at = authority.rfind('@');
  auto host =
      parse_host(at == std::string_view::npos ? authority : authority.substr(at + 1), error);
  if (!host) return false;
  u.host = std::move(*host);
  if (at == std::string_view::npos) return true;
  std::string_view userinfo = authority.substr(0, at);
  if (!valid_userinfo(userinfo)) {
    error = "net/url: invalid userinfo";
    return false;
  }
  std::size_t colon = userinfo.find(':');
  auto username = url_unescape(userinfo.substr(0, colon), Enc::kUserPassword, error);
  if (!username) return false;
  u.has_user = true;
  u.username = std::move(*username);
  if (colon != std::string_view::npos) {
    auto password = url_unescape(userinfo.substr(colon + 1), Enc::kUserPassword, error);
    if (!password) return false;
    u.password = std::move(*password);
    u.password_set = true;
  }
  return true;
}

// url.parse (viaRequest = false) of the part before '#'.
bool parse_no_fragment(std::string_view raw, Url& u, std::string& error) {
  for (char c : raw) {
    if (static_cast<unsigned char>(c) < ' ' || c == 0x7f) {
      error = "net/url: invalid control character in URL";
      return false;
    }
  }
  if (raw == "*") {
    u.path = "*";
    return true;
  }
  std::string_view rest = raw;
  for (std::size_t i = 0; i < raw.size(); ++i) {  // getScheme
    char c = raw[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) {
        error = "missing protocol scheme";
        return false;
      }
      u.scheme = std::string(raw.substr(0, i));
      for (char& s : u.scheme) {
        if (s >= 'A' && s <= 'Z') s = static_cast<char>(s + 32);
      }
      rest = raw.substr(i + 1);
    }
    break;
  }
  std::size_t question = rest.find('?');
  if (!rest.empty() && rest.back() == '?' && question == rest.size() - 1) {
    u.force_query = true;
    rest.remove_suffix(1);
  } else if (question != std::string_view::npos) {
    u.raw_query = std::string(rest.substr(question + 1));
    rest = rest.substr(0, question);
  }
  if (!rest.starts_with('/')) {
    if (!u.scheme.empty()) {
      u.opaque = std::string(rest);
      return true;
    }
    std::string_view segment = rest.substr(0, rest.find('/'));
    if (segment.find(':') != std::string_view::npos) {
      error = "first path segment in URL cannot contain colon";
      return false;
    }
  }
  if ((!u.scheme.empty() || !rest.starts_with("///")) && rest.starts_with("//")) {
    std::string_view authority = rest.substr(2);
    rest = {};
    std::size_t slash = authority.find('/');
    if (slash != std::string_view::npos) {
      rest = authority.substr(slash);
      authority = authority.substr(0, slash);
    }
    if (!parse_authority(authority, u, error)) return false;
  } else if (!u.scheme.empty() && rest.starts_with('/')) {
    u.omit_host = true;
  }
  auto path = url_unescape(rest, Enc::kPath, error);
  if (!path) return false;
  u.path = std::move(*path);
  return true;
}

// url.Parse: the error as Go prints it ("parse \"x\": ...").
bool url_parse(std::string_view raw, Url& u, std::string& error) {
  std::size_t hash = raw.find('#');
  std::string_view before = raw.substr(0, hash);
  if (!parse_no_fragment(before, u, error)) {
    error = "parse " + go_quote(before) + ": " + error;
    return false;
  }
  if (hash == std::string_view::npos) return true;
  auto fragment = url_unescape(raw.substr(hash + 1), Enc::kFragment, error);
  if (!fragment) {
    error = "parse " + go_quote(raw) + ": " + error;
    return false;
  }
  u.fragment = std::move(*fragment);
  return true;
}

std::string url_string(const Url& u) {
  std::string out;
  if (!u.scheme.empty()) {
    out += u.scheme;
    out += ':';
  }
  if (!u.opaque.empty()) {
    out += u.opaque;
  } else {
    if (!u.scheme.empty() || !u.host.empty() || u.has_user) {
      if (!(u.omit_host && u.host.empty() && !u.has_user)) {
        if (!u.host.empty() || !u.path.empty() || u.has_user) out += "//";
        if (u.has_user) {
          out += userinfo_string(u);
          out += '@';
        }
        if (!u.host.empty()) out += url_escape(u.host, Enc::kHost);
      }
    }
    std::string path = u.path == "*" ? std::string("*") : url_escape(u.path, Enc::kPath);
    if (!path.empty() && path[0] != '/' && !u.host.empty()) out += '/';
    if (out.empty()) {
      std::string_view segment = std::string_view(path).substr(0, path.find('/'));
      if (segment.find(':') != std::string_view::npos) out += "./";
    }
    out += path;
  }
  if (u.force_query || !u.raw_query.empty()) {
    out += '?';
    out += u.raw_query;
  }
  if (!u.fragment.empty()) {
    out += '#';
    out += url_escape(u.fragment, Enc::kFragment);
  }
  return out;
}

// URL.Hostname: the host without a valid port and brackets.
std::string url_hostname(std::string_view host) {
  std::size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && valid_optional_port(host.substr(colon))) {
    host = host.substr(0, colon);
  }
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  return std::string(host);
}

// ---------------------------------------------------------------------------------------------
// The functions.

const std::string& arg_string(std::span<const Value> args) {
  return args[0].as_string();
}

Value fn_b64enc(CallContext&, std::span<const Value> args) {
  return Value::string(base64_encode(arg_string(args)));
}

Value fn_b64dec(CallContext&, std::span<const Value> args) {
  std::string out;
  std::string error;
  if (!base64_decode(arg_string(args), out, error)) return Value::string(std::move(error));
  return Value::string(std::move(out));
}

Value fn_b32enc(CallContext&, std::span<const Value> args) {
  return Value::string(base32_encode(arg_string(args)));
}

Value fn_b32dec(CallContext&, std::span<const Value> args) {
  std::string out;
  std::string error;
  if (!base32_decode(arg_string(args), out, error)) return Value::string(std::move(error));
  return Value::string(std::move(out));
}

Value fn_sha1sum(CallContext&, std::span<const Value> args) {
  return Value::string(hex(sha1(arg_string(args))));
}

Value fn_sha256sum(CallContext&, std::span<const Value> args) {
  return Value::string(sha256_hex(arg_string(args)));
}

Value fn_sha512sum(CallContext&, std::span<const Value> args) {
  return Value::string(hex(sha512(arg_string(args))));
}

Value fn_adler32sum(CallContext&, std::span<const Value> args) {
  return Value::string(std::to_string(adler32(arg_string(args))));
}

Value fn_base(CallContext&, std::span<const Value> args) {
  return Value::string(path_base(arg_string(args)));
}

Value fn_dir(CallContext&, std::span<const Value> args) {
  return Value::string(path_dir(arg_string(args)));
}

Value fn_clean(CallContext&, std::span<const Value> args) {
  return Value::string(go_path_clean(arg_string(args)));
}

Value fn_ext(CallContext&, std::span<const Value> args) {
  return Value::string(path_ext(arg_string(args)));
}

Value fn_is_abs(CallContext&, std::span<const Value> args) {
  return Value::boolean(arg_string(args).starts_with('/'));
}

Value fn_url_parse(CallContext&, std::span<const Value> args) {
  Url u;
  std::string error;
  if (!url_parse(arg_string(args), u, error)) throw FunctionError("unable to parse url: " + error);
  Map out;
  out.emplace("scheme", Value::string(u.scheme));
  out.emplace("host", Value::string(u.host));
  out.emplace("hostname", Value::string(url_hostname(u.host)));
  out.emplace("path", Value::string(u.path));
  out.emplace("query", Value::string(u.raw_query));
  out.emplace("opaque", Value::string(u.opaque));
  out.emplace("fragment", Value::string(u.fragment));
  out.emplace("userinfo", Value::string(u.has_user ? userinfo_string(u) : std::string()));
  return Value::map(std::move(out));
}

// sprig's dictGetOrEmpty.
std::string dict_get_or_empty(const Value& dict, std::string_view key) {
  if (dict.is_nil()) return {};
  const Map& m = dict.as_map();
  auto it = m.find(key);
  if (it == m.end()) return {};
  const Value& v = it->second;
  if (v.is_nil()) {
    throw FunctionError("runtime error: invalid memory address or nil pointer dereference");
  }
  if (!v.is_string()) {
    throw FunctionError("unable to parse " + std::string(key) +
                        " key, must be of type string, but " + std::string(go_kind(v)) + " found");
  }
  return v.as_string();
}

Value fn_url_join(CallContext&, std::span<const Value> args) {
  const Value& d = args[0];
  Url u;
  u.scheme = dict_get_or_empty(d, "scheme");
  u.host = dict_get_or_empty(d, "host");
  u.path = dict_get_or_empty(d, "path");
  u.raw_query = dict_get_or_empty(d, "query");
  u.opaque = dict_get_or_empty(d, "opaque");
  u.fragment = dict_get_or_empty(d, "fragment");
  std::string userinfo = dict_get_or_empty(d, "userinfo");
  if (!userinfo.empty()) {
    Url temp;
    std::string error;
    if (!url_parse("proto://" + userinfo + "@host", temp, error)) {
      throw FunctionError("unable to parse userinfo in dict: " + error);
    }
    u.has_user = temp.has_user;
    u.username = std::move(temp.username);
    u.password = std::move(temp.password);
    u.password_set = temp.password_set;
  }
  return Value::string(url_string(u));
}

// text/template's evalArgs: a single string as it is, otherwise fmt.Sprint of the arguments with
// nil shown as "<no value>".
std::string eval_args(std::span<const Value> args) {
  if (args.size() == 1 && args[0].is_string()) return args[0].as_string();
  std::vector<Value> printable(args.begin(), args.end());
  for (Value& v : printable) {
    if (v.is_nil()) v = Value::string("<no value>");
  }
  return go_sprint(printable);
}

Value fn_html(CallContext&, std::span<const Value> args) {
  std::string s = eval_args(args);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\0':
        out += "\uFFFD";
        break;
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return Value::string(std::move(out));
}

Value fn_js(CallContext&, std::span<const Value> args) {
  std::string s = eval_args(args);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\'':
          out += "\\'";
          break;
        case '"':
          out += "\\\"";
          break;
        case '<':
          out += "\\u003C";
          break;
        case '>':
          out += "\\u003E";
          break;
        case '&':
          out += "\\u0026";
          break;
        case '=':
          out += "\\u003D";
          break;
        default:
          if (c < ' ') {
            out += "\\u00";
            out += kUpperHex[c >> 4];
            out += kUpperHex[c & 15];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    std::size_t j = i;
    long cp = next_code_point(s, j);
    if (cp < 0) {  // RuneError is printable: the byte is copied
      out += s[i];
      ++i;
      continue;
    }
    if (go_is_print(static_cast<char32_t>(cp))) {
      out.append(s, i, j - i);
    } else {
      out += "\\u";
      std::string digits;
      for (auto v = static_cast<unsigned long>(cp); v > 0; v >>= 4)
        digits.insert(digits.begin(), kUpperHex[v & 15]);
      if (digits.size() < 4) out.append(4 - digits.size(), '0');
      out += digits;
    }
    i = j;
  }
  return Value::string(std::move(out));
}

Value fn_urlquery(CallContext&, std::span<const Value> args) {
  return Value::string(url_escape(eval_args(args), Enc::kQueryComponent));
}

// Helm renders without DNS: getHostByName always gives "".
Value fn_get_host_by_name(CallContext&, std::span<const Value>) {
  return Value::string("");
}

}  // namespace

void add_encoding_functions(FunctionList& out) {
  using P = Param;
  auto add = [&out](std::string_view name, std::vector<Param> params, FunctionImpl impl,
                    bool variadic = false) {
    Function f;
    f.name = name;
    f.params = std::move(params);
    f.variadic = variadic;
    f.impl = impl;
    out.push_back(std::move(f));
  };
  add("b64enc", {P::kString}, fn_b64enc);
  add("b64dec", {P::kString}, fn_b64dec);
  add("b32enc", {P::kString}, fn_b32enc);
  add("b32dec", {P::kString}, fn_b32dec);
  add("sha1sum", {P::kString}, fn_sha1sum);
  add("sha256sum", {P::kString}, fn_sha256sum);
  add("sha512sum", {P::kString}, fn_sha512sum);
  add("adler32sum", {P::kString}, fn_adler32sum);
  add("base", {P::kString}, fn_base);
  add("dir", {P::kString}, fn_dir);
  add("clean", {P::kString}, fn_clean);
  add("ext", {P::kString}, fn_ext);
  add("isAbs", {P::kString}, fn_is_abs);
  // path/filepath on Linux behaves as path.
  add("osBase", {P::kString}, fn_base);
  add("osDir", {P::kString}, fn_dir);
  add("osClean", {P::kString}, fn_clean);
  add("osExt", {P::kString}, fn_ext);
  add("osIsAbs", {P::kString}, fn_is_abs);
  add("urlParse", {P::kString}, fn_url_parse);
  add("urlJoin", {P::kMap}, fn_url_join);
  add("html", {P::kAny}, fn_html, true);
  add("js", {P::kAny}, fn_js, true);
  add("urlquery", {P::kAny}, fn_urlquery, true);
  add("getHostByName", {P::kString}, fn_get_host_by_name);
}

}  // namespace render::tmpl
