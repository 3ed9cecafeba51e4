// Path patterns: Go's filepath.Match (--show-only, .helmignore), gobwas globs (.Files.Glob) and
// .helmignore rule evaluation.
#include <gtest/gtest.h>

#include "chart/glob.hpp"
#include "chart/helmignore.hpp"
#include "chart/path_match.hpp"
#include "template/function.hpp"

namespace render::chart {
namespace {

bool matches(std::string_view pattern, std::string_view name) {
  return path_match(pattern, name) == MatchResult::kMatch;
}

TEST(PathMatch, StarStaysWithinOneDirectory) {
  EXPECT_TRUE(matches("templates/*.yaml", "templates/a.yaml"));
  EXPECT_FALSE(matches("templates/*.yaml", "templates/sub/a.yaml"));
  EXPECT_TRUE(matches("templates/*", "templates/a.yaml"));
  EXPECT_FALSE(matches("*", "a/b"));
  EXPECT_TRUE(matches("*/*/x", "a/b/x"));
}

TEST(PathMatch, QuestionMarkClassesAndEscapes) {
  EXPECT_TRUE(matches("a?c", "abc"));
  EXPECT_FALSE(matches("a?c", "a/c"));
  EXPECT_TRUE(matches("[a-c]x", "bx"));
  EXPECT_FALSE(matches("[^a-c]x", "bx"));
  EXPECT_TRUE(matches("[^a-c]x", "dx"));
  EXPECT_TRUE(matches("a\\*b", "a*b"));
  EXPECT_FALSE(matches("a\\*b", "axb"));
  EXPECT_TRUE(matches("é?", "éü"));  // characters, not bytes
}

TEST(PathMatch, MalformedPatternsAreReportedEvenWithoutAMatch) {
  EXPECT_EQ(path_match("[", "a"), MatchResult::kBadPattern);
  EXPECT_EQ(path_match("a[", "b"), MatchResult::kBadPattern);
  EXPECT_EQ(path_match("x\\", "x"), MatchResult::kBadPattern);
  EXPECT_EQ(path_match("[]a]", "a"), MatchResult::kBadPattern);
}

TEST(Glob, GobwasSyntax) {
  EXPECT_TRUE(Glob("files/*.txt").match("files/a.txt"));
  EXPECT_FALSE(Glob("files/*.txt").match("files/sub/a.txt"));
  EXPECT_TRUE(Glob("files/**.txt").match("files/sub/deep/a.txt"));
  EXPECT_TRUE(Glob("**").match("anything/at/all"));
  EXPECT_TRUE(Glob("*.{yaml,json}").match("a.json"));
  EXPECT_FALSE(Glob("*.{yaml,json}").match("a.txt"));
  EXPECT_TRUE(Glob("{a,b{c,d}}x").match("bdx"));
  EXPECT_TRUE(Glob("[!a]b").match("cb"));
  EXPECT_FALSE(Glob("[!a]b").match("ab"));
  EXPECT_TRUE(Glob("[a-c]?").match("bz"));
  EXPECT_TRUE(Glob("a\\*").match("a*"));
  EXPECT_FALSE(Glob("a\\*").match("ab"));
}

TEST(Glob, MalformedPatternMatchesEverythingAsHelmFallsBackToDoubleStar) {
  Glob g("files/[abc");
  EXPECT_FALSE(g.valid());
  EXPECT_TRUE(g.match("whatever/x"));
  EXPECT_FALSE(Glob("f/[]a]").valid());  // a class with nothing in it
  EXPECT_FALSE(Glob("f/[b-a]").valid());
  // An unclosed '{' is no error: its alternatives run to the end.
  EXPECT_TRUE(Glob("{a,b").valid());
  EXPECT_TRUE(Glob("{a,b").match("b"));
  EXPECT_FALSE(Glob("{a,b").match("zzz"));
}

// What gobwas's compiled matchers match beyond the pattern's plain meaning, as Helm lists it.
TEST(Glob, GobwasCompilerQuirks) {
  // A prefix and a suffix around "**" may overlap.
  EXPECT_TRUE(Glob("f/**/x.yaml").match("f/x.yaml"));
  EXPECT_TRUE(Glob("f/**/x.yaml").match("f/a/b/x.yaml"));
  EXPECT_FALSE(Glob("f/**/*.yaml").match("f/x.yaml"));
  // {*,x}: the alternatives' length is taken from the one of fixed length.
  EXPECT_TRUE(Glob("f/{*,x}").match("f/a"));
  EXPECT_FALSE(Glob("f/{*,x}").match("f/ab"));
  EXPECT_TRUE(Glob("f/{x,*}").match("f/ab"));
  // A class after a fixed part is handed the first byte of a character of several.
  EXPECT_FALSE(Glob("f/[é]").match("f/é"));
  EXPECT_TRUE(Glob("[é]").match("é"));
  // A run of fixed length is exactly that long.
  EXPECT_TRUE(Glob("f/?").match("f/a"));
  EXPECT_FALSE(Glob("f/?").match("f/ab"));
  // "a*" among alternatives after "**" is a prefix of the rest: "aml" ends the name here.
  EXPECT_TRUE(Glob("f/**{a*,b}").match("f/b/c/x.yaml"));
  EXPECT_FALSE(Glob("f/**{a*,b}").match("f/c/x.yml"));
}

TEST(Glob, AnEmptyPartAtTheEndOfARowFailsAsGosSliceDoes) {
  Glob g("f/a{,}");
  EXPECT_FALSE(g.match("f/b"));
  try {
    g.match("f/a");
    FAIL() << "expected the slice error";
  } catch (const tmpl::FunctionError& e) {
    EXPECT_STREQ(e.what(), "runtime error: slice bounds out of range [:4] with length 3");
  }
}

TEST(HelmIgnore, BaseNameDirectoryAndRootRules) {
  IgnoreRules rules;
  std::string error;
  ASSERT_TRUE(rules.parse("# comment\n\n*.bak\nsecret/\n/top.txt\ndocs/*.md\n", error)) << error;
  rules.add_defaults();
  EXPECT_TRUE(rules.ignored("a/b/c.bak", false));
  EXPECT_TRUE(rules.ignored("secret", true));
  EXPECT_FALSE(rules.ignored("secret", false));  // a file named like the directory rule
  EXPECT_TRUE(rules.ignored("top.txt", false));
  EXPECT_FALSE(rules.ignored("sub/top.txt", false));
  EXPECT_TRUE(rules.ignored("docs/a.md", false));
  EXPECT_FALSE(rules.ignored("x/docs/a.md", false));
  // the built-in rule: dotfiles directly in templates/ only
  EXPECT_TRUE(rules.ignored("templates/.hidden.yaml", false));
  EXPECT_FALSE(rules.ignored("templates/sub/.hidden.yaml", false));
  EXPECT_FALSE(rules.ignored("charts/c/templates/.hidden.yaml", false));
  EXPECT_FALSE(rules.ignored("templates/a.yaml", false));
}

TEST(HelmIgnore, NegatedRuleIgnoresWhatItDoesNotMatchAsHelmDoes) {
  IgnoreRules rules;
  std::string error;
  ASSERT_TRUE(rules.parse("!keep.txt\n", error));
  EXPECT_FALSE(rules.ignored("keep.txt", false));
  EXPECT_TRUE(rules.ignored("other.txt", false));
}

TEST(HelmIgnore, RefusesDoubleStarAndBadPatterns) {
  IgnoreRules a, b;
  std::string error;
  EXPECT_FALSE(a.parse("**/x\n", error));
  EXPECT_EQ(error, "double-star (**) syntax is not supported");
  EXPECT_FALSE(b.parse("[x\n", error));
  EXPECT_EQ(error, "syntax error in pattern");
}

}  // namespace
}  // namespace render::chart
