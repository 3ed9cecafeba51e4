// Encoding functions: base64/base32, digests, paths, URLs, html/js/urlquery, getHostByName.
// Every expected value, error texts included, was observed with helm v4.1.4.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "call_function.hpp"
#include "template/function.hpp"

namespace render::tmpl {
namespace {

const FunctionList& functions() {
  return family<add_encoding_functions>();
}

Value call(std::string_view name, std::vector<Value> args) {
  return call_function(functions(), name, std::move(args));
}

std::string str(std::string_view name, std::vector<Value> args) {
  return call_string(functions(), name, std::move(args));
}

std::string error(std::string_view name, std::vector<Value> args) {
  return call_error(functions(), name, std::move(args));
}

Value dict(std::vector<std::pair<std::string, Value>> entries) {
  Map m;
  for (auto& [k, v] : entries) m.insert_or_assign(k, v);
  return Value::map(std::move(m));
}

// urlParse's map as "key=value;" pairs in key order.
std::string parsed(std::string url) {
  Value v = call("urlParse", {S(std::move(url))});
  std::string out;
  for (const auto& [k, item] : v.as_map()) out += k + "=" + item.as_string() + ";";
  return out;
}

TEST(EncodingFunctionsBase64, EncodeDecode) {
  EXPECT_EQ(str("b64enc", {S("")}), "");
  EXPECT_EQ(str("b64enc", {S("a")}), "YQ==");
  EXPECT_EQ(str("b64enc", {S("ab")}), "YWI=");
  EXPECT_EQ(str("b64enc", {S("abc")}), "YWJj");
  EXPECT_EQ(str("b64enc", {S("héllo\n")}), "aMOpbGxvCg==");
  EXPECT_EQ(str("b64dec", {S("aGk=")}), "hi");
  EXPECT_EQ(str("b64dec", {S("aGVsbG8gd29ybGQ=")}), "hello world");
  EXPECT_EQ(str("b64dec", {S("aGk=\n")}), "hi");
  EXPECT_EQ(str("b64dec", {S("aG\nk=")}), "hi");
  EXPECT_EQ(str("b64dec", {S("aGk=\r\n\r\n")}), "hi");
  EXPECT_EQ(str("b64dec", {S("aG==")}), "h");
  EXPECT_EQ(str("b64dec", {S("aG=\n=")}), "h");
  EXPECT_EQ(str("b64dec", {S("")}), "");
}

TEST(EncodingFunctionsBase64, BadInputGivesTheErrorText) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"aGk", 0},
      {"aG=k", 2},
      {"a", 0},
      {"!!", 0},
      {"aGk=x", 4},
      {"aGk==", 4},
      {"aG=", 3},
      {"====", 0},
      {"aGVsbG8gd29ybGQ", 12},
      {"aGVsbG8=d29ybGQ=", 8},
      {"YQ==YQ==", 4},
      {"aGVs bG8=", 4},
  };
  for (const auto& [in, offset] : cases) {
    EXPECT_EQ(str("b64dec", {S(in)}), "illegal base64 data at input byte " + std::to_string(offset))
        << in;
  }
}

TEST(EncodingFunctionsBase32, EncodeDecode) {
  EXPECT_EQ(str("b32enc", {S("")}), "");
  EXPECT_EQ(str("b32enc", {S("a")}), "ME======");
  EXPECT_EQ(str("b32enc", {S("ab")}), "MFRA====");
  EXPECT_EQ(str("b32enc", {S("abc")}), "MFRGG===");
  EXPECT_EQ(str("b32enc", {S("abcd")}), "MFRGGZA=");
  EXPECT_EQ(str("b32enc", {S("abcde")}), "MFRGGZDF");
  EXPECT_EQ(str("b32enc", {S("abcdef")}), "MFRGGZDFMY======");
  EXPECT_EQ(str("b32dec", {S("MFRGG===")}), "abc");
  EXPECT_EQ(str("b32dec", {S("ME======")}), "a");
  EXPECT_EQ(str("b32dec", {S("MFRA====")}), "ab");
  EXPECT_EQ(str("b32dec", {S("MFRGGZDFMZTQ====")}), "abcdefg");
  EXPECT_EQ(str("b32dec", {S("MF\nRGG===")}), "abc");
  EXPECT_EQ(str("b32dec", {S("MFRGGZDF")}), "abcde");
  EXPECT_EQ(str("b32dec", {S("MFRGGZD=")}), "abcd");
  EXPECT_EQ(str("b32dec", {S("")}), "");
  const std::vector<std::pair<std::string, int>> bad = {
      {"MFRGG", 0},    {"1", 0},        {"ME=====", 7},          {"ME=====x", 6},
      {"M=======", 1}, {"mfrgg===", 0}, {"MFRGG===MFRGG===", 5}, {"MFRGGZ==", 6},
  };
  for (const auto& [in, offset] : bad) {
    EXPECT_EQ(str("b32dec", {S(in)}), "illegal base32 data at input byte " + std::to_string(offset))
        << in;
  }
}

TEST(EncodingFunctionsDigest, ShaAndAdler) {
  EXPECT_EQ(str("sha1sum", {S("")}), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(str("sha1sum", {S("abc")}), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(str("sha1sum", {S(std::string(200, 'a'))}), "e61cfffe0d9195a525fc6cf06ca2d77119c24a40");
  EXPECT_EQ(str("sha256sum", {S("abc")}),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(str("sha512sum", {S("")}),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff83"
            "18d2877eec2f63b931bd47417a81a538327af927da3e");
  EXPECT_EQ(str("sha512sum", {S("abc")}),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba"
            "3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(str("sha512sum", {S(std::string(300, 'x'))}),
            "0dc240ae43b18eeacef4d7d8d64b945ade43c989b724d7c7062a8029f3343caa322b9fbf42d9ff0cda98"
            "f3d7ac5a560ca219b2e73cc041f37052dfa4e84ae624");
  EXPECT_EQ(str("adler32sum", {S("Wikipedia")}), "300286872");
  EXPECT_EQ(str("adler32sum", {S("")}), "1");
  std::string y_umlauts;
  for (int i = 0; i < 6000; ++i) y_umlauts += "ÿ";
  EXPECT_EQ(str("adler32sum", {S(y_umlauts)}), "3070908654");
}

TEST(EncodingFunctionsPath, GoPathPackage) {
  EXPECT_EQ(str("base", {S("/a/b/c.txt")}), "c.txt");
  EXPECT_EQ(str("base", {S("")}), ".");
  EXPECT_EQ(str("base", {S("/")}), "/");
  EXPECT_EQ(str("base", {S("a//")}), "a");
  EXPECT_EQ(str("base", {S("//")}), "/");
  EXPECT_EQ(str("dir", {S("/a/b/c.txt")}), "/a/b");
  EXPECT_EQ(str("dir", {S("c.txt")}), ".");
  EXPECT_EQ(str("dir", {S("/")}), "/");
  EXPECT_EQ(str("dir", {S("")}), ".");
  EXPECT_EQ(str("dir", {S("a/b/")}), "a/b");
  EXPECT_EQ(str("dir", {S("/a")}), "/");
  EXPECT_EQ(str("clean", {S("/a/../b/./c//d/")}), "/b/c/d");
  EXPECT_EQ(str("clean", {S("")}), ".");
  EXPECT_EQ(str("clean", {S("../../a/../b")}), "../../b");
  EXPECT_EQ(str("clean", {S("/../a")}), "/a");
  EXPECT_EQ(str("clean", {S("a/..")}), ".");
  EXPECT_EQ(str("clean", {S("./")}), ".");
  EXPECT_EQ(str("clean", {S("a/b/../../..")}), "..");
  EXPECT_EQ(str("clean", {S("/a/b/../..")}), "/");
  EXPECT_EQ(str("clean", {S("..//x/./..")}), "..");
  EXPECT_EQ(str("clean", {S("abc/def/../g")}), "abc/g");
  EXPECT_EQ(str("ext", {S("c.tar.gz")}), ".gz");
  EXPECT_EQ(str("ext", {S("noext")}), "");
  EXPECT_EQ(str("ext", {S("a.b/c")}), "");
  EXPECT_EQ(str("ext", {S(".")}), ".");
  EXPECT_EQ(str("ext", {S("a/.b")}), ".b");
  EXPECT_TRUE(call("isAbs", {S("/x")}).as_bool());
  EXPECT_FALSE(call("isAbs", {S("x")}).as_bool());
  EXPECT_FALSE(call("isAbs", {S("")}).as_bool());
  EXPECT_EQ(str("osBase", {S("/a/b/")}), "b");
  EXPECT_EQ(str("osDir", {S("/a/b/")}), "/a/b");
  EXPECT_EQ(str("osClean", {S("a//b")}), "a/b");
  EXPECT_EQ(str("osExt", {S("x.y")}), ".y");
  EXPECT_TRUE(call("osIsAbs", {S("/")}).as_bool());
}

TEST(EncodingFunctionsUrl, UrlParse) {
  EXPECT_EQ(parsed("https://user:p%40w@Example.com:8443/p%20a/b?q=1&r=2#fr%20ag"),
            "fragment=fr ag;host=Example.com:8443;hostname=Example.com;opaque=;path=/p a/b;"
            "query=q=1&r=2;scheme=https;userinfo=user:p%40w;");
  EXPECT_EQ(parsed("mailto:joe@x.com?subject=hi"),
            "fragment=;host=;hostname=;opaque=joe@x.com;path=;query=subject=hi;scheme=mailto;"
            "userinfo=;");
  EXPECT_EQ(parsed("http://[::1]:80/x"),
            "fragment=;host=[::1]:80;hostname=::1;opaque=;path=/x;query=;scheme=http;userinfo=;");
  EXPECT_EQ(parsed("http://[fe80::1%25en0]:8080/"),
            "fragment=;host=[fe80::1%en0]:8080;hostname=fe80::1%en0;opaque=;path=/;query=;"
            "scheme=http;userinfo=;");
  EXPECT_EQ(parsed("http://u@h@x/"),
            "fragment=;host=x;hostname=x;opaque=;path=/;query=;scheme=http;userinfo=u%40h;");
  EXPECT_EQ(parsed(""), "fragment=;host=;hostname=;opaque=;path=;query=;scheme=;userinfo=;");
  EXPECT_EQ(parsed("*"), "fragment=;host=;hostname=;opaque=;path=*;query=;scheme=;userinfo=;");
  EXPECT_EQ(parsed("///p"),
            "fragment=;host=;hostname=;opaque=;path=///p;query=;scheme=;userinfo=;");
  EXPECT_EQ(parsed("HTTP://H%C3%A9/"),
            "fragment=;host=Hé;hostname=Hé;opaque=;path=/;query=;scheme=http;userinfo=;");
  EXPECT_EQ(parsed("a:b/c"),
            "fragment=;host=;hostname=;opaque=b/c;path=;query=;scheme=a;userinfo=;");
  EXPECT_EQ(parsed("http://h:1:2/"),
            "fragment=;host=h:1:2;hostname=h:1;opaque=;path=/;query=;scheme=http;userinfo=;");
  EXPECT_EQ(parsed("http://[::ffff:1.2.3.4]:/"),
            "fragment=;host=[::ffff:1.2.3.4]:;hostname=::ffff:1.2.3.4;opaque=;path=/;query=;"
            "scheme=http;userinfo=;");
  EXPECT_EQ(parsed("a?b?"), "fragment=;host=;hostname=;opaque=;path=a;query=b?;scheme=;userinfo=;");
  EXPECT_EQ(parsed("http://u:@h"),
            "fragment=;host=h;hostname=h;opaque=;path=;query=;scheme=http;userinfo=u:;");
  EXPECT_EQ(parsed("HtTp+x-y.z://h"),
            "fragment=;host=h;hostname=h;opaque=;path=;query=;scheme=http+x-y.z;userinfo=;");
}

TEST(EncodingFunctionsUrl, UrlParseErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"%zz", "invalid URL escape \"%zz\""},
      {":foo", "missing protocol scheme"},
      {"http://a b.com/", "invalid character \" \" in host name"},
      {"http://h:8x/", "invalid port \":8x\" after host"},
      {"a\tb", "net/url: invalid control character in URL"},
      {"http://h%41/", "invalid URL escape \"%41\""},
      {"http://u s@h/", "net/url: invalid userinfo"},
      {"http://[::1", "missing ']' in host"},
      {"x:/a#%zz", "invalid URL escape \"%zz\""},
      {"1a:b", "first path segment in URL cannot contain colon"},
      {"http://a[b]/", "invalid IP-literal"},
      {"http://[1.2.3.4]/", "invalid IP-literal"},
      {"http://[abc]/", "invalid host: ParseAddr(\"abc\"): unable to parse IP"},
      {"http://[1::2::3]/",
       "invalid host: ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")"},
      {"http://[%25x]/", "invalid host: ParseAddr(\"%x\"): missing IPv6 address"},
      {"http://[12345::]/",
       "invalid host: ParseAddr(\"12345::\"): each group must have 4 or less digits (at "
       "\"12345::\")"},
      {"http://[1:2]/", "invalid host: ParseAddr(\"1:2\"): address string too short"},
      {"http://[::1.2.3.04]/",
       "invalid host: ParseAddr(\"::1.2.3.04\"): IPv4 field has octet with leading zero"},
      {"http://[1:2:3:4:5:6:7::8]/",
       "invalid host: ParseAddr(\"1:2:3:4:5:6:7::8\"): the :: must expand to at least one field "
       "of zeros"},
      {"http://[1::2%25]/", "invalid host: ParseAddr(\"1::2%\"): zone must be a non-empty string"},
      {"http://h%20/", "invalid URL escape \"%20\""},
  };
  for (const auto& [url, message] : cases) {
    std::string quoted = url == "a\tb" ? "\"a\\tb\"" : "\"" + url + "\"";
    EXPECT_EQ(error("urlParse", {S(url)}), "unable to parse url: parse " + quoted + ": " + message)
        << url;
  }
}

TEST(EncodingFunctionsUrl, UrlJoin) {
  EXPECT_EQ(str("urlJoin", {dict({{"scheme", S("http")},
                                  {"host", S("h")},
                                  {"path", S("a b/c?d")},
                                  {"fragment", S("x y#")},
                                  {"userinfo", S("u:p@q")}})}),
            "http://u:p%40q@h/a%20b/c%3Fd#x%20y%23");
  EXPECT_EQ(str("urlJoin", {dict({{"path", S("a:b")}})}), "./a:b");
  EXPECT_EQ(str("urlJoin", {dict({{"path", S("//x")}})}), "//x");
  EXPECT_EQ(str("urlJoin", {dict({{"host", S("h")}, {"path", S("x")}})}), "//h/x");
  EXPECT_EQ(str("urlJoin", {dict({})}), "");
  EXPECT_EQ(str("urlJoin", {Value()}), "");
  EXPECT_EQ(str("urlJoin", {dict({{"opaque", S("x/y")}, {"scheme", S("s")}, {"query", S("a=%")}})}),
            "s:x/y?a=%");
  EXPECT_EQ(str("urlJoin", {dict({{"host", S("a b%")},
                                  {"path", S("p;,$&+=:@!*()'~")},
                                  {"fragment", S("!*()'$&+,/:;=?@")}})}),
            "//a%20b%25/p;,$&+=:@%21%2A%28%29%27~#!*()%27$&+,/:;=?@");
  EXPECT_EQ(str("urlJoin", {dict({{"scheme", S("s")}, {"path", S("/p")}})}), "s:///p");
  EXPECT_EQ(str("urlJoin", {dict({{"scheme", S("s")}})}), "s:");
  EXPECT_EQ(str("urlJoin", {dict({{"userinfo", S("u")}})}), "//u@");
  EXPECT_EQ(str("urlJoin", {dict({{"path", S("*")}})}), "*");
  EXPECT_EQ(str("urlJoin", {dict({{"userinfo", S("a/b")}, {"host", S("h")}})}), "//h");
  EXPECT_EQ(str("urlJoin", {dict({{"userinfo", S("a#b")}, {"host", S("h")}})}), "//h");
  EXPECT_EQ(str("urlJoin", {dict({{"userinfo", S("a:b:c%41")}, {"host", S("h")}})}),
            "//a:b%3AcA@h");
  EXPECT_EQ(str("urlJoin", {dict({{"host", S("é")}})}), "//%C3%A9");
  EXPECT_EQ(str("urlJoin", {dict({{"scheme", S("http")}, {"host", S("h")}, {"query", S("")}})}),
            "http://h");
  EXPECT_EQ(str("urlJoin", {dict({{"path", S("a b")}, {"scheme", S("x")}})}), "x://a%20b");
}

TEST(EncodingFunctionsUrl, UrlJoinErrors) {
  EXPECT_EQ(error("urlJoin", {dict({{"scheme", F(1)}})}),
            "unable to parse scheme key, must be of type string, but float64 found");
  EXPECT_EQ(error("urlJoin", {dict({{"path", I(1)}})}),
            "unable to parse path key, must be of type string, but int found");
  EXPECT_EQ(error("urlJoin", {dict({{"path", Value::boolean(true)}})}),
            "unable to parse path key, must be of type string, but bool found");
  EXPECT_EQ(error("urlJoin", {dict({{"host", Value::list({I(1)})}})}),
            "unable to parse host key, must be of type string, but slice found");
  EXPECT_EQ(error("urlJoin", {dict({{"path", dict({})}})}),
            "unable to parse path key, must be of type string, but map found");
  EXPECT_EQ(error("urlJoin", {dict({{"scheme", Value()}})}),
            "runtime error: invalid memory address or nil pointer dereference");
  EXPECT_EQ(error("urlJoin", {dict({{"userinfo", S("a%zz")}})}),
            "unable to parse userinfo in dict: parse \"proto://a%zz@host\": invalid URL escape "
            "\"%zz\"");
  EXPECT_EQ(error("urlJoin", {dict({{"userinfo", S("u s")}})}),
            "unable to parse userinfo in dict: parse \"proto://u s@host\": net/url: invalid "
            "userinfo");
}

TEST(EncodingFunctionsEscapers, HtmlJsUrlquery) {
  EXPECT_EQ(str("html", {S("<a href='x'>\"&\"</a>")}),
            "&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;");
  // fmt.Sprint: a space only between two operands that are not strings.
  EXPECT_EQ(str("html", {S("a"), I(1), I(2), S("b"), Value::boolean(true), F(1.5)}),
            "a1 2btrue 1.5");
  EXPECT_EQ(str("html", {Value()}), "&lt;no value&gt;");
  EXPECT_EQ(str("html", {}), "");
  EXPECT_EQ(str("html", {S(std::string("a\0b", 3))}), "a\uFFFDb");
  EXPECT_EQ(str("js", {S("it's <b> \"q\" \\ \n =")}),
            "it\\'s \\u003Cb\\u003E \\\"q\\\" \\\\ \\u000A \\u003D");
  EXPECT_EQ(str("js", {S("\u2028xé=&\x01\x7f")}), "\\u2028xé\\u003D\\u0026\\u0001\x7f");
  EXPECT_EQ(str("js", {Value(), I(1)}), "\\u003Cno value\\u003E1");
  EXPECT_EQ(str("js", {F(1000000.0)}), "1e+06");
  EXPECT_EQ(str("urlquery", {S("a b&c=d/é")}), "a+b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(str("urlquery", {S("a b"), I(1), Value()}), "a+b1%3Cno+value%3E");
  EXPECT_EQ(str("urlquery", {S("~-._*!()'")}), "~-._%2A%21%28%29%27");
}

TEST(EncodingFunctionsNetwork, GetHostByNameIsEmpty) {
  EXPECT_EQ(str("getHostByName", {S("localhost")}), "");
  EXPECT_EQ(str("getHostByName", {S("example.com")}), "");
}

}  // namespace
}  // namespace render::tmpl
