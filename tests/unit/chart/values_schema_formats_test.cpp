// The `format` keyword of values schemas: the reasons Helm v4.1.4 gives (observed with the binary;
// tests/parity/cases/schema_format_* compare hundreds more against it live).
#include <gtest/gtest.h>

#include <string>

#include "chart/values_schema_formats.hpp"

namespace render::chart {
namespace {

std::string check(std::string_view format, std::string_view value) {
  std::string why;
  return format_ok(format, value, why) ? "ok" : why;
}

TEST(SchemaFormats, AddressesAndHosts) {
  EXPECT_EQ(check("email", "@x.com"), "ok");
  EXPECT_EQ(check("email", "a@[IPv6:::1]"), "ok");
  EXPECT_EQ(check("email", "a..b@x.com"), "consecutive dots");
  EXPECT_EQ(check("email", "a@x_y.com"), "invalid domain: invalid character '_'");
  EXPECT_EQ(check("email", "a@[1.2.3]"), "invalid ipv4 address: expected four decimals");
  EXPECT_EQ(check("ipv4", "a.b.c.d"), "strconv.Atoi: parsing \"a\": invalid syntax");
  EXPECT_EQ(check("ipv4", "99999999999999999999.1.1.1"),
            "strconv.Atoi: parsing \"99999999999999999999\": value out of range");
  EXPECT_EQ(check("ipv4", "+1.2.3.4"), "ok");
  EXPECT_EQ(check("ipv6", "::ffff:1.2.3.4"), "ok");
  EXPECT_EQ(check("ipv6", "1::2::3"), "ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")");
  EXPECT_EQ(check("ipv6", "1:2:3:4:5:6:7:1.2.3.4"),
            "ParseAddr(\"1:2:3:4:5:6:7:1.2.3.4\"): embedded IPv4 address must replace the final "
            "2 fields of the address (at \"1.2.3.4\")");
  EXPECT_EQ(check("ipv6", "fe80::1%eth0"), "zone id is not a part of ipv6 address");
  EXPECT_EQ(check("hostname", "a-.b"), "label ends with hyphen");
}

TEST(SchemaFormats, TimesAndDurations) {
  EXPECT_EQ(check("date", "2024-02-29"), "ok");
  EXPECT_EQ(check("date", "2023-02-29"), "parsing time \"2023-02-29\": day out of range");
  EXPECT_EQ(check("date", "2024-1-01"),
            "parsing time \"2024-1-01\" as \"2006-01-02\": cannot parse \"1-01\" as \"01\"");
  EXPECT_EQ(check("date", "2024-01-01x"), "parsing time \"2024-01-01x\": extra text: \"x\"");
  EXPECT_EQ(check("time", "23:59:60Z"), "ok");
  EXPECT_EQ(check("time", "00:00:60-00:01"), "invalid leap second");
  EXPECT_EQ(check("time", "12:00:00+0100"), "offset must be 6 characters long");
  EXPECT_EQ(check("date-time", "2024-13-01T12:00:00Z"),
            "invalid date element: parsing time \"2024-13-01\": month out of range");
  EXPECT_EQ(check("duration", "P1Y2M3DT4H5M6S"), "ok");
  EXPECT_EQ(check("duration", "30s"), "must start with P");
  EXPECT_EQ(check("duration", "P1M1Y"), "unit 'Y' out of order");
  EXPECT_EQ(check("period", "P1D/P2D"), "invalid end date-time: less than 20 characters long");
}

TEST(SchemaFormats, UrlsAsGoParsesThem) {
  EXPECT_EQ(check("uri", "https://example.com/a?b#c"), "ok");
  EXPECT_EQ(check("uri", "mailto:a@x.com"), "ok");
  EXPECT_EQ(check("uri", "example.com"), "relative url");
  EXPECT_EQ(check("uri", "http://::1/"), "ipv6 address not enclosed in brackets");
  EXPECT_EQ(check("uri", "http://a b.com/"),
            "parse \"http://a b.com/\": invalid character \" \" in host name");
  EXPECT_EQ(check("uri", "http://[zz::1]/"),
            "parse \"http://[zz::1]/\": invalid host: ParseAddr(\"zz::1\"): each colon-separated "
            "field must have at least one digit (at \"zz::1\")");
  EXPECT_EQ(check("uri", "http://[1.2.3.4]/"), "parse \"http://[1.2.3.4]/\": invalid IP-literal");
  EXPECT_EQ(check("uri", "http://x.com#%zz"),
            "parse \"http://x.com#%zz\": invalid URL escape \"%zz\"");
  EXPECT_EQ(check("uri", "1http://x"),
            "parse \"1http://x\": first path segment in URL cannot contain colon");
  EXPECT_EQ(check("uri-reference", "a\\b"), "contains \\");
  EXPECT_EQ(check("uri-template", "http://x.com/{a{b}}"), "nested curly braces");
  EXPECT_EQ(check("uri-template", "http://x.com/{a"), "no matching closing brace");
}

TEST(SchemaFormats, PointersIdentifiersAndPatterns) {
  EXPECT_EQ(check("json-pointer", "/a~2"), "~ must be followed by 0 or 1");
  EXPECT_EQ(check("relative-json-pointer", "1#x"), "not starting with /");
  EXPECT_EQ(check("uuid", "123e4567-e89b-12d3-a456-42661417400g"), "non-hex character 'g'");
  EXPECT_EQ(check("semver", "1.2.3-01"), "pre-release numeric identifier starts with zero");
  EXPECT_EQ(check("regex", "(?<n>a)"), "ok");
  EXPECT_EQ(check("regex", "a**"),
            "error parsing regexp: invalid nested repetition operator: `**`");
  EXPECT_EQ(check("no-such-format", "anything"), "ok");
}

}  // namespace
}  // namespace render::chart
