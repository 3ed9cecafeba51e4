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
#include "render/go_url.hpp"
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
  GoUrl u;
  std::string error;
  if (!go_url_parse(arg_string(args), u, error))
    throw FunctionError("unable to parse url: " + error);
  Map out;
  out.emplace("scheme", Value::string(u.scheme));
  out.emplace("host", Value::string(u.host));
  out.emplace("hostname", Value::string(go_url_hostname(u.host)));
  out.emplace("path", Value::string(u.path));
  out.emplace("query", Value::string(u.raw_query));
  out.emplace("opaque", Value::string(u.opaque));
  out.emplace("fragment", Value::string(u.fragment));
  out.emplace("userinfo", Value::string(u.has_user ? go_url_userinfo(u) : std::string()));
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
  GoUrl u;
  u.scheme = dict_get_or_empty(d, "scheme");
  u.host = dict_get_or_empty(d, "host");
  u.path = dict_get_or_empty(d, "path");
  u.raw_query = dict_get_or_empty(d, "query");
  u.opaque = dict_get_or_empty(d, "opaque");
  u.fragment = dict_get_or_empty(d, "fragment");
  std::string userinfo = dict_get_or_empty(d, "userinfo");
  if (!userinfo.empty()) {
    GoUrl temp;
    std::string error;
    if (!go_url_parse("proto://" + userinfo + "@host", temp, error)) {
      throw FunctionError("unable to parse userinfo in dict: " + error);
    }
    u.has_user = temp.has_user;
    u.username = std::move(temp.username);
    u.password = std::move(temp.password);
    u.password_set = temp.password_set;
  }
  return Value::string(go_url_string(u));
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
  return Value::string(go_url_escape(eval_args(args), UrlEncoding::kQueryComponent));
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
