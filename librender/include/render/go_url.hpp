// Go's net/url (1.25) and netip.ParseAddr, as far as Sprig's urlParse/urlJoin/urlquery and a
// values schema's uri formats and its $id/$ref resolution need them: parsing with Go's error texts,
// escaping, String, ResolveReference.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace render {

// url.encoding: which part of a URL a text is escaped for.
enum class UrlEncoding {
  kPath,
  kPathSegment,
  kHost,
  kZone,
  kUserPassword,
  kQueryComponent,
  kFragment
};

// A url.URL's fields.
struct GoUrl {
  std::string scheme, opaque, host, path, raw_path, raw_query, fragment;
  bool has_user = false;
  std::string username, password;
  bool password_set = false;
  bool force_query = false;
  bool omit_host = false;
};

// url.Parse; false with Go's error text ("parse \"x\": invalid URL escape \"%zz\"").
bool go_url_parse(std::string_view raw, GoUrl& u, std::string& error);
// The userinfo as URL.String writes it ("user:pass", escaped).
std::string go_url_userinfo(const GoUrl& u);
// URL.String.
std::string go_url_string(const GoUrl& u);
// URL.EscapedPath: the path as written, when that is a valid escaping of it, else escaped.
std::string go_url_escaped_path(const GoUrl& u);
// URL.ResolveReference: `ref` resolved against `base` (RFC 3986 section 5.2, with Go's
// remove-dot-segments, which keeps a trailing '/' after "." and "..").
GoUrl go_url_resolve_reference(const GoUrl& base, const GoUrl& ref);
// URL.Hostname of a parsed host: without a valid port and without brackets.
std::string go_url_hostname(std::string_view host);
// url.escape / url.unescape for one part of a URL (unescape: nullopt with the error text).
std::string go_url_escape(std::string_view s, UrlEncoding mode);
std::optional<std::string> go_url_unescape(std::string_view s, UrlEncoding mode,
                                           std::string& error);
// netip.ParseAddr's verdict: empty when `in` is an address, else Go's error text; is4 tells an
// IPv4 address. A zone ("fe80::1%eth0") is part of an IPv6 address here, as in Go.
std::string go_parse_ip_addr(std::string_view in, bool& is4);

}  // namespace render
