#include "render/go_url.hpp"

#include <optional>
#include <string>

#include "render/go_quote.hpp"
#include "render/utf8.hpp"

namespace render {

static constexpr char kUpperHex[] = "0123456789ABCDEF";

static bool should_escape(unsigned char c, UrlEncoding mode) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return false;
  if (mode == UrlEncoding::kHost || mode == UrlEncoding::kZone) {
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
        case UrlEncoding::kPathSegment:
          return c == '/' || c == ';' || c == ',' || c == '?';
        case UrlEncoding::kPath:
          return c == '?';
        case UrlEncoding::kQueryComponent:
          return true;
        case UrlEncoding::kFragment:
          return false;
        case UrlEncoding::kUserPassword:
          return c == '@' || c == '/' || c == '?' || c == ':';
        default:
          break;
      }
      break;
    default:
      break;
  }
  if (mode == UrlEncoding::kFragment) {
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

std::string go_url_escape(std::string_view s, UrlEncoding mode) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == ' ' && mode == UrlEncoding::kQueryComponent) {
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

static bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static unsigned unhex(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

// url.unescape; nullopt with *error on failure.
std::optional<std::string> go_url_unescape(std::string_view s, UrlEncoding mode,
                                           std::string& error) {
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
        error = "invalid URL escape " + go_quote(s.substr(i, 3));
        return std::nullopt;
      }
      if (mode == UrlEncoding::kHost && unhex(s[i + 1]) < 8 && s.substr(i, 3) != "%25") {
        error = "invalid URL escape " + go_quote(s.substr(i, 3));
        return std::nullopt;
      }
      if (mode == UrlEncoding::kZone) {
        auto v = static_cast<unsigned char>(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
        if (s.substr(i, 3) != "%25" && v != ' ' && should_escape(v, UrlEncoding::kHost)) {
          error = "invalid URL escape " + go_quote(s.substr(i, 3));
          return std::nullopt;
        }
      }
      i += 3;
    } else {
      if ((mode == UrlEncoding::kHost || mode == UrlEncoding::kZone) &&
          static_cast<unsigned char>(c) < 0x80 &&
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
    } else if (s[i] == '+' && mode == UrlEncoding::kQueryComponent) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string go_url_userinfo(const GoUrl& u) {
  std::string s = go_url_escape(u.username, UrlEncoding::kUserPassword);
  if (u.password_set) s += ":" + go_url_escape(u.password, UrlEncoding::kUserPassword);
  return s;
}

static bool valid_optional_port(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  for (char c : port.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// netip.ParseAddr's verdict: empty when s is an address, else the error text; *is4 for IPv4.
std::string go_parse_ip_addr(std::string_view in, bool& is4) {
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

static std::optional<std::string> parse_host(std::string_view host, std::string& error) {
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
    auto port = go_url_unescape(colon_port, UrlEncoding::kHost, error);
    if (!port) return std::nullopt;
    std::string_view hostname = host.substr(1, close - 1);
    std::string unescaped;
    std::size_t zone = hostname.find("%25");
    if (zone != std::string_view::npos) {
      auto part1 = go_url_unescape(hostname.substr(0, zone), UrlEncoding::kHost, error);
      if (!part1) return std::nullopt;
      auto part2 = go_url_unescape(hostname.substr(zone), UrlEncoding::kZone, error);
      if (!part2) return std::nullopt;
      unescaped = *part1 + *part2;
    } else {
      auto part = go_url_unescape(hostname, UrlEncoding::kHost, error);
      if (!part) return std::nullopt;
      unescaped = *part;
    }
    bool is4 = false;
    std::string addr_error = go_parse_ip_addr(unescaped, is4);
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
  return go_url_unescape(host, UrlEncoding::kHost, error);
}

static bool valid_userinfo(std::string_view s) {
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

static bool parse_authority(std::string_view authority, GoUrl& u, std::string& error) {
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
  auto username = go_url_unescape(userinfo.substr(0, colon), UrlEncoding::kUserPassword, error);
  if (!username) return false;
  u.has_user = true;
  u.username = std::move(*username);
  if (colon != std::string_view::npos) {
    auto password = go_url_unescape(userinfo.substr(colon + 1), UrlEncoding::kUserPassword, error);
    if (!password) return false;
    u.password = std::move(*password);
    u.password_set = true;
  }
  return true;
}

// url.parse (viaRequest = false) of the part before '#'.
static bool parse_no_fragment(std::string_view raw, GoUrl& u, std::string& error) {
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
  auto path = go_url_unescape(rest, UrlEncoding::kPath, error);
  if (!path) return false;
  u.path = std::move(*path);
  // setPath: the text as written when the default escaping would not give it back.
  if (go_url_escape(u.path, UrlEncoding::kPath) != rest) u.raw_path = std::string(rest);
  return true;
}

// url.Parse: the error as Go prints it ("parse \"x\": ...").
bool go_url_parse(std::string_view raw, GoUrl& u, std::string& error) {
  std::size_t hash = raw.find('#');
  std::string_view before = raw.substr(0, hash);
  if (!parse_no_fragment(before, u, error)) {
    error = "parse " + go_quote(before) + ": " + error;
    return false;
  }
  if (hash == std::string_view::npos) return true;
  auto fragment = go_url_unescape(raw.substr(hash + 1), UrlEncoding::kFragment, error);
  if (!fragment) {
    error = "parse " + go_quote(raw) + ": " + error;
    return false;
  }
  u.fragment = std::move(*fragment);
  return true;
}

// validEncoded: whether `s` is a path as url.escape might write it (only unreserved and
// sub-delimiting characters, ':', '@', '/', and '%' escapes).
static bool valid_encoded_path(std::string_view s) {
  for (char c : s) {
    if (std::string_view("!$&'()*+,;=:@[]/%").find(c) != std::string_view::npos) continue;
    if (should_escape(static_cast<unsigned char>(c), UrlEncoding::kPath)) return false;
  }
  return true;
}

std::string go_url_escaped_path(const GoUrl& u) {
  if (!u.raw_path.empty() && valid_encoded_path(u.raw_path)) {
    std::string error;
    std::optional<std::string> path = go_url_unescape(u.raw_path, UrlEncoding::kPath, error);
    if (path && *path == u.path) return u.raw_path;
  }
  if (u.path == "*") return "*";
  return go_url_escape(u.path, UrlEncoding::kPath);
}

std::string go_url_string(const GoUrl& u) {
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
          out += go_url_userinfo(u);
          out += '@';
        }
        if (!u.host.empty()) out += go_url_escape(u.host, UrlEncoding::kHost);
      }
    }
    std::string path = go_url_escaped_path(u);
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
    out += go_url_escape(u.fragment, UrlEncoding::kFragment);
  }
  return out;
}

// URL.setPath, for an escaped path that unescapes.
static void set_escaped_path(GoUrl& u, const std::string& escaped) {
  std::string error;
  u.path = go_url_unescape(escaped, UrlEncoding::kPath, error).value_or(escaped);
  u.raw_path = go_url_escape(u.path, UrlEncoding::kPath) == escaped ? "" : escaped;
}

// resolvePath: `ref` against `base` (escaped paths), its "." and ".." segments removed.
static std::string resolve_path(std::string_view base, std::string_view ref) {
  std::string full;
  if (ref.empty()) {
    full = base;
  } else if (ref[0] != '/') {
    const std::size_t slash = base.rfind('/');
    full = std::string(base.substr(0, slash == std::string_view::npos ? 0 : slash + 1));
    full += ref;
  } else {
    full = ref;
  }
  if (full.empty()) return "";
  std::string out = "/";
  bool first = true;
  std::string_view remaining = full, element;
  bool found = true;
  while (found) {
    const std::size_t slash = remaining.find('/');
    found = slash != std::string_view::npos;
    element = remaining.substr(0, slash);
    remaining = found ? remaining.substr(slash + 1) : std::string_view();
    if (element == ".") {
      first = false;
    } else if (element == "..") {
      const std::size_t last = out.rfind('/');
      out.erase(last == 0 ? 1 : last);
      first = last == 0;
    } else {
      if (!first) out += '/';
      out += element;
      first = false;
    }
  }
  if (element == "." || element == "..") out += '/';
  if (out.size() > 1 && out[1] == '/') out.erase(0, 1);
  return out;
}

GoUrl go_url_resolve_reference(const GoUrl& base, const GoUrl& ref) {
  GoUrl url = ref;
  if (ref.scheme.empty()) url.scheme = base.scheme;
  if (!ref.scheme.empty() || !ref.host.empty() || ref.has_user) {
    set_escaped_path(url, resolve_path(go_url_escaped_path(ref), ""));
    return url;
  }
  auto without_authority = [&] {
    url.has_user = false;
    url.username.clear();
    url.password.clear();
    url.password_set = false;
    url.host.clear();
    url.path.clear();
    url.raw_path.clear();
  };
  if (!ref.opaque.empty()) {
    without_authority();
    return url;
  }
  if (ref.path.empty() && !ref.force_query && ref.raw_query.empty()) {
    url.raw_query = base.raw_query;
    if (ref.fragment.empty()) url.fragment = base.fragment;
  }
  if (ref.path.empty() && !base.opaque.empty()) {
    url.opaque = base.opaque;
    without_authority();
    return url;
  }
  url.host = base.host;
  url.has_user = base.has_user;
  url.username = base.username;
  url.password = base.password;
  url.password_set = base.password_set;
  set_escaped_path(url, resolve_path(go_url_escaped_path(base), go_url_escaped_path(ref)));
  return url;
}

// URL.Hostname: the host without a valid port and brackets.
std::string go_url_hostname(std::string_view host) {
  std::size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && valid_optional_port(host.substr(colon))) {
    host = host.substr(0, colon);
  }
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  return std::string(host);
}

}  // namespace render
