// Masterminds/semver v3 versions and constraints (dependency ranges, kubeVersion).
#include <gtest/gtest.h>

#include "template/functions/semver.hpp"

namespace render::tmpl {
namespace {

TEST(SemVersion, LenientParsing) {
  EXPECT_TRUE(SemVersion::parse("1"));
  EXPECT_TRUE(SemVersion::parse("v1.2"));
  EXPECT_TRUE(SemVersion::parse("1.2.3-beta.1+build.5"));
  EXPECT_TRUE(SemVersion::parse("01.02.03"));
  EXPECT_FALSE(SemVersion::parse("x1"));
  EXPECT_FALSE(SemVersion::parse("1.2.3.4"));
  EXPECT_FALSE(SemVersion::parse("1.2.3-01"));
  EXPECT_FALSE(SemVersion::parse(""));
}

TEST(SemVersion, PrereleaseSortsBeforeRelease) {
  auto a = *SemVersion::parse("1.2.3-alpha"), b = *SemVersion::parse("1.2.3");
  EXPECT_LT(a.compare(b), 0);
  EXPECT_LT(SemVersion::parse("1.0.0-2")->compare(*SemVersion::parse("1.0.0-10")), 0);
  EXPECT_LT(SemVersion::parse("1.0.0-9")->compare(*SemVersion::parse("1.0.0-a")), 0);
  EXPECT_EQ(SemVersion::parse("1.0.0+a")->compare(*SemVersion::parse("1.0.0+b")), 0);
}

TEST(SemConstraint, Operators) {
  EXPECT_TRUE(compatible_range(">=1.21-0", "v1.25.3-gke.1"));
  EXPECT_FALSE(compatible_range(">=1.21", "v1.25.3-gke.1"));
  EXPECT_TRUE(compatible_range("<1.30", "v1.29.3"));
  EXPECT_FALSE(compatible_range("<1.30", "v1.35.0"));
  EXPECT_TRUE(compatible_range("^1.2", "1.9.0"));
  EXPECT_FALSE(compatible_range("^1.2", "2.0.0"));
  EXPECT_TRUE(compatible_range("~1.2.3", "1.2.9"));
  EXPECT_FALSE(compatible_range("~1.2.3", "1.3.0"));
  EXPECT_TRUE(compatible_range("1.x", "1.7.2"));
  EXPECT_TRUE(compatible_range("*", "0.1.0"));
  EXPECT_TRUE(compatible_range("1.2 - 1.4", "1.3.5"));
  EXPECT_FALSE(compatible_range("1.2 - 1.4", "1.5.0"));
  EXPECT_TRUE(compatible_range(">1, <3 || 5.x", "5.1.0"));
  EXPECT_TRUE(compatible_range(">= 1.0, < 2", "1.5.0"));
  EXPECT_TRUE(compatible_range("1", "1.0.0"));
  EXPECT_TRUE(compatible_range("0.1.0", "0.1.0"));
  EXPECT_FALSE(compatible_range("2", "1.0.0"));
}

TEST(SemConstraint, ImproperConstraintsNeverMatch) {
  EXPECT_FALSE(compatible_range("", "1.0.0"));
  EXPECT_FALSE(compatible_range("abc", "1.0.0"));
  EXPECT_FALSE(compatible_range(">=1.0", "not-a-version"));
}

}  // namespace
}  // namespace render::tmpl
