// Go's url.URL: ResolveReference (RFC 3986's examples, as Go resolves them) and EscapedPath,
// which a values schema's $id and $ref go through before they are compared as strings.
#include "render/go_url.hpp"

#include <gtest/gtest.h>

#include <string>

namespace render {
namespace {

std::string resolve(const std::string& base, const std::string& ref) {
  GoUrl b, r;
  std::string error;
  EXPECT_TRUE(go_url_parse(base, b, error)) << error;
  EXPECT_TRUE(go_url_parse(ref, r, error)) << error;
  return go_url_string(go_url_resolve_reference(b, r));
}

TEST(GoUrl, ResolvesRfc3986NormalExamples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
  };
  for (const auto& [ref, want] : cases) EXPECT_EQ(resolve(base, ref), want) << ref;
}

TEST(GoUrl, ResolvesRfc3986AbnormalExamples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"},
  };
  for (const auto& [ref, want] : cases) EXPECT_EQ(resolve(base, ref), want) << ref;
}

TEST(GoUrl, ResolveKeepsEscapesAsWrittenAndDotSegmentsTrailingSlash) {
  // An absolute reference's dot segments go too; a path after "." or ".." ends in '/'.
  EXPECT_EQ(resolve("file:///values.schema.json", "http://x.test/p/./q/../r"), "http://x.test/p/r");
  EXPECT_EQ(resolve("http://x.test/p/q/", "./r/.."), "http://x.test/p/q/");
  EXPECT_EQ(resolve("http://x.test/p/q", "r/."), "http://x.test/p/r/");
  // A valid escape the default escaping would not write is kept; a space is escaped.
  EXPECT_EQ(resolve("http://x.test/a%20b/", "%7Ec"), "http://x.test/a%20b/%7Ec");
  EXPECT_EQ(resolve("http://x.test/p/%7Eq", "~r"), "http://x.test/p/~r");
  EXPECT_EQ(resolve("file:///values.schema.json", "http://x.test/a b/"), "http://x.test/a%20b/");
  // An opaque base: a fragment-only reference keeps it.
  EXPECT_EQ(resolve("urn:x:y", "#f"), "urn:x:y#f");
  // A reference with an authority replaces the base's, user included; a path keeps them.
  EXPECT_EQ(resolve("http://u@a/b?q", "//c/d"), "http://c/d");
  EXPECT_EQ(resolve("http://u@a/b?q", "e"), "http://u@a/e");
}

TEST(GoUrl, EscapedPathIsTheRawPathOnlyWhenItIsAValidEscapingOfThePath) {
  GoUrl u;
  std::string error;
  ASSERT_TRUE(go_url_parse("http://h/a%2Fb/%7E", u, error));
  EXPECT_EQ(u.path, "/a/b/~");
  EXPECT_EQ(go_url_escaped_path(u), "/a%2Fb/%7E");
  u.path = "/other";
  EXPECT_EQ(go_url_escaped_path(u), "/other");
  ASSERT_TRUE(go_url_parse("http://h/a b", u, error));
  EXPECT_EQ(go_url_escaped_path(u), "/a%20b");
  EXPECT_EQ(go_url_string(u), "http://h/a%20b");
}

}  // namespace
}  // namespace render
