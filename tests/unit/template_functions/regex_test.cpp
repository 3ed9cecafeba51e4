// Sprig's regular expression functions. Every expected value, error texts included, was observed
// with helm v4.1.4.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "call_function.hpp"
#include "template/function.hpp"

namespace render::tmpl {
namespace {

const FunctionList& functions() {
  return family<add_regex_functions>();
}

Value call(std::string_view name, std::vector<Value> args) {
  return call_function(functions(), name, std::move(args));
}

std::string str(std::string_view name, std::vector<Value> args) {
  return call_string(functions(), name, std::move(args));
}

std::vector<std::string> strings(std::string_view name, std::vector<Value> args) {
  Value v = call(name, std::move(args));
  std::vector<std::string> out;
  EXPECT_TRUE(v.is_list()) << name;
  if (!v.is_list()) return out;
  for (const Value& item : v.as_list()) out.push_back(item.as_string());
  return out;
}

std::string error(std::string_view name, std::vector<Value> args) {
  return call_error(functions(), name, std::move(args));
}

bool match(std::string pattern, std::string s) {
  return call("regexMatch", {S(std::move(pattern)), S(std::move(s))}).as_bool();
}

// mustRegexMatch's error for a pattern.
std::string compile_error(std::string pattern) {
  return error("mustRegexMatch", {S(std::move(pattern)), S("x")});
}

using Strings = std::vector<std::string>;

TEST(RegexFunctionsMatch, MatchAndFind) {
  EXPECT_TRUE(match("^[a-z]+$", "abc"));
  EXPECT_TRUE(match("(?i)ABC", "xabcx"));
  EXPECT_TRUE(match("", ""));
  EXPECT_FALSE(match("^x", "abc"));
  EXPECT_EQ(str("regexFind", {S("[0-9]+"), S("ab12cd345")}), "12");
  EXPECT_EQ(str("regexFind", {S("z"), S("abc")}), "");
  EXPECT_EQ(str("regexFind", {S("a|ab"), S("ab")}), "a");  // leftmost-first, not longest
  EXPECT_EQ(str("regexFind", {S("(?U)a+"), S("aaa")}), "a");
  EXPECT_EQ(str("regexFind", {S("^b"), S("ab")}), "");
  EXPECT_EQ(str("regexFind", {S("(?m)^b"), S("a\nb")}), "b");
  EXPECT_EQ(str("regexFind", {S("(?<n>a)b"), S("xab")}), "ab");  // Go 1.22 named group form
  EXPECT_EQ(str("regexFind", {S("\\pL+"), S("12éàb3")}), "éàb");
  EXPECT_EQ(str("regexFind", {S("[[:alpha:]]+"), S("12ab3")}), "ab");
  EXPECT_EQ(str("regexFind", {S("\\Qa.b\\E"), S("xa.b")}), "a.b");
  EXPECT_EQ(str("regexFind", {S("[]a]+"), S("]a]")}), "]a]");
  EXPECT_EQ(str("regexFind", {S("[^]a]+"), S("]xy")}), "xy");
  EXPECT_EQ(str("regexFind", {S("\\x{e9}"), S("é")}), "é");
  EXPECT_TRUE(call("mustRegexMatch", {S("b"), S("abc")}).as_bool());
  EXPECT_EQ(str("mustRegexFind", {S("b+"), S("abbc")}), "bb");
}

TEST(RegexFunctionsMatch, FindAllSkipsEmptyMatchAfterMatch) {
  EXPECT_EQ(strings("regexFindAll", {S("a*"), S("baaac"), I(-1)}), (Strings{"", "aaa", ""}));
  EXPECT_EQ(strings("regexFindAll", {S("[0-9]"), S("a1b2c3"), I(2)}), (Strings{"1", "2"}));
  EXPECT_EQ(strings("regexFindAll", {S("."), S("abc"), I(0)}), Strings{});
  EXPECT_EQ(strings("regexFindAll", {S(""), S("héllo"), I(-1)}), (Strings{"", "", "", "", "", ""}));
  EXPECT_EQ(strings("regexFindAll", {S("\\b"), S("ab cd"), I(-1)}), (Strings{"", "", "", ""}));
  EXPECT_EQ(strings("regexFindAll", {S("x*"), S(""), I(-1)}), (Strings{""}));
  EXPECT_EQ(strings("regexFindAll", {S("(a)|b"), S("ab"), I(-1)}), (Strings{"a", "b"}));
  EXPECT_EQ(strings("regexFindAll", {S("(?s)."), S("a\nb"), I(-1)}), (Strings{"a", "\n", "b"}));
  EXPECT_EQ(strings("regexFindAll", {S("."), S("a\nb"), I(-1)}), (Strings{"a", "b"}));
  EXPECT_EQ(strings("mustRegexFindAll", {S("[ab]"), S("xaby"), I(-1)}), (Strings{"a", "b"}));
}

TEST(RegexFunctionsReplace, ReplaceAllExpandsLikeGo) {
  EXPECT_EQ(str("regexReplaceAll", {S("a*"), S("baaac"), S("-")}), "-b-c-");
  EXPECT_EQ(
      str("regexReplaceAll", {S("(?P<x>a)(b)?"), S("ac ab"), S("[$1|${2}|$x|$3|$1x|${x}y|$$|$]")}),
      "[a||a|||ay|$|$]c [a|b|a|||ay|$|$]");
  EXPECT_EQ(str("regexReplaceAll", {S(""), S("abc"), S("-")}), "-a-b-c-");
  EXPECT_EQ(str("regexReplaceAll", {S("b*"), S("abc"), S("X")}), "XaXcX");
  EXPECT_EQ(str("regexReplaceAll", {S("(\\w+)@(\\w+)"), S("joe@x bob@y"), S("${2}_$1")}),
            "x_joe y_bob");
  EXPECT_EQ(str("regexReplaceAll", {S("(a)"), S("aaa"), S("$10")}), "");
  EXPECT_EQ(str("regexReplaceAll", {S("(a)"), S("aaa"), S("${01}|$01|${1")}), "||${1||${1||${1");
  EXPECT_EQ(str("regexReplaceAll", {S("x"), S("axb"), S("$")}), "a$b");
  EXPECT_EQ(str("regexReplaceAll", {S("^"), S("ab"), S("-")}), "-ab");
  EXPECT_EQ(str("regexReplaceAll", {S("$"), S("ab"), S("-")}), "ab-");
  EXPECT_EQ(str("regexReplaceAll", {S("\\s+"), S(" a  b "), S("_")}), "_a_b_");
  EXPECT_EQ(str("regexReplaceAll", {S("é|"), S("aéb"), S("-")}), "-a-b-");
  EXPECT_EQ(str("regexReplaceAllLiteral", {S("(a)"), S("abca"), S("$1")}), "$1bc$1");
  EXPECT_EQ(str("regexReplaceAllLiteral", {S("a*"), S("baaac"), S("-")}), "-b-c-");
  EXPECT_EQ(str("mustRegexReplaceAll", {S("(b)"), S("abc"), S("<$1>")}), "a<b>c");
  EXPECT_EQ(str("mustRegexReplaceAllLiteral", {S("(b)"), S("abc"), S("<$1>")}), "a<$1>c");
}

TEST(RegexFunctionsSplit, SplitLikeGo) {
  EXPECT_EQ(strings("regexSplit", {S("[,;]"), S("a,b;c"), I(-1)}), (Strings{"a", "b", "c"}));
  EXPECT_EQ(strings("regexSplit", {S(","), S("a,b,c"), I(2)}), (Strings{"a", "b,c"}));
  EXPECT_EQ(strings("regexSplit", {S(","), S("a,b,c"), I(1)}), (Strings{"a,b,c"}));
  EXPECT_EQ(strings("regexSplit", {S("z"), S("abc"), I(0)}), Strings{});
  EXPECT_EQ(strings("regexSplit", {S(""), S(""), I(-1)}), Strings{});
  EXPECT_EQ(strings("regexSplit", {S(","), S(""), I(-1)}), (Strings{""}));
  EXPECT_EQ(strings("regexSplit", {S(""), S("abc"), I(-1)}), (Strings{"a", "b", "c"}));
  EXPECT_EQ(strings("regexSplit", {S(""), S("abc"), I(2)}), (Strings{"a", "bc"}));
  EXPECT_EQ(strings("regexSplit", {S("a*"), S("baaac"), I(-1)}), (Strings{"b", "c"}));
  EXPECT_EQ(strings("regexSplit", {S(","), S("a,b,c,"), I(-1)}), (Strings{"a", "b", "c", ""}));
  EXPECT_EQ(strings("regexSplit", {S("x*"), S("axbc"), I(-1)}), (Strings{"a", "b", "c"}));
  EXPECT_EQ(strings("regexSplit", {S(","), S(",a,"), I(-1)}), (Strings{"", "a", ""}));
  EXPECT_EQ(strings("mustRegexSplit", {S(","), S("a,b"), I(-1)}), (Strings{"a", "b"}));
}

TEST(RegexFunctionsQuoteMeta, EscapesGoMetaCharacters) {
  EXPECT_EQ(str("regexQuoteMeta", {S("1.5*[a]{b}(c)|d^$\\+?é")}),
            "1\\.5\\*\\[a\\]\\{b\\}\\(c\\)\\|d\\^\\$\\\\\\+\\?é");
  EXPECT_EQ(str("regexQuoteMeta", {S("")}), "");
}

TEST(RegexFunctionsErrors, NonMustFunctionsPanicLikeMustCompile) {
  EXPECT_FALSE(match("[", "x"));  // regexMatch swallows the error
  EXPECT_EQ(error("regexFind", {S("["), S("x")}),
            "regexp: Compile(`[`): error parsing regexp: missing closing ]: `[`");
  EXPECT_EQ(error("regexFind", {S("`["), S("x")}),
            "regexp: Compile(\"`[\"): error parsing regexp: missing closing ]: `[`");
  EXPECT_EQ(error("regexFind", {S("a\tb["), S("x")}),
            "regexp: Compile(`a\tb[`): error parsing regexp: missing closing ]: `[`");
  EXPECT_EQ(error("regexFindAll", {S("*"), S("x"), I(1)}),
            "regexp: Compile(`*`): error parsing regexp: missing argument to repetition "
            "operator: `*`");
  EXPECT_EQ(error("regexReplaceAll", {S("["), S("x"), S("y")}),
            "regexp: Compile(`[`): error parsing regexp: missing closing ]: `[`");
  EXPECT_EQ(error("regexReplaceAllLiteral", {S("["), S("x"), S("y")}),
            "regexp: Compile(`[`): error parsing regexp: missing closing ]: `[`");
  EXPECT_EQ(error("regexSplit", {S("("), S("x"), I(-1)}),
            "regexp: Compile(`(`): error parsing regexp: missing closing ): `(`");
  EXPECT_EQ(error("regexReplaceAll", {S("(?P<é>a)"), S("a"), S("[$é]")}),
            "regexp: Compile(`(?P<é>a)`): error parsing regexp: invalid named capture: `(?P<é>`");
}

TEST(RegexFunctionsErrors, MustFunctionsReturnGoParseErrors) {
  EXPECT_EQ(error("mustRegexFind", {S("["), S("x")}),
            "error parsing regexp: missing closing ]: `[`");
  EXPECT_EQ(error("mustRegexFindAll", {S("*"), S("x"), I(1)}),
            "error parsing regexp: missing argument to repetition operator: `*`");
  EXPECT_EQ(error("mustRegexReplaceAll", {S("["), S("x"), S("y")}),
            "error parsing regexp: missing closing ]: `[`");
  EXPECT_EQ(error("mustRegexReplaceAllLiteral", {S("a{2,1}"), S("x"), S("y")}),
            "error parsing regexp: invalid repeat count: `{2,1}`");
  EXPECT_EQ(error("mustRegexSplit", {S("("), S("x"), I(-1)}),
            "error parsing regexp: missing closing ): `(`");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a(", "missing closing ): `a(`"},
      {"a)", "unexpected ): `a)`"},
      {"a**", "invalid nested repetition operator: `**`"},
      {"a{1001}", "invalid repeat count: `{1001}`"},
      {"x{1,1001}", "invalid repeat count: `{1,1001}`"},
      {"a\\", "trailing backslash at end of expression: ``"},
      {"\\8", "invalid escape sequence: `\\8`"},
      {"\\xZZ", "invalid escape sequence: `\\xZZ`"},
      {"\\Z", "invalid escape sequence: `\\Z`"},
      {"\\C", "invalid escape sequence: `\\C`"},
      {"a{2,1}\\C", "invalid repeat count: `{2,1}`"},
      {"[z-a]", "invalid character class range: `z-a`"},
      {"[[:foo:]]", "invalid character class range: `[:foo:]`"},
      {"\\p{Foo}", "invalid character class range: `\\p{Foo}`"},
      {"(?P<>a)", "invalid named capture: `(?P<>`"},
      {"(?P<a-b>x)", "invalid named capture: `(?P<a-b>`"},
      {"(?<=a)", "invalid named capture: `(?<=a)`"},
      {"(?<!a)", "invalid named capture: `(?<!a)`"},
      {"x(?<", "invalid or unsupported Perl syntax: `(?<`"},
      {"x(?<n", "invalid named capture: `(?<n`"},
      {"(?<é>a)", "invalid named capture: `(?<é>`"},
      {"a**(?P<é>a)", "invalid nested repetition operator: `**`"},
      {"(?!a)", "invalid or unsupported Perl syntax: `(?!`"},
      {"(?i", "invalid or unsupported Perl syntax: `(?i`"},
      {"(?P=n)", "invalid or unsupported Perl syntax: `(?P`"},
      {"[^]", "missing closing ]: `[^]`"},
      {"()+)", "unexpected ): `()+)`"},
      {"x{2}{3}", "invalid nested repetition operator: `{2}{3}`"},
      {"\\Q[\\E[", "missing closing ]: `[`"},
      {"(?:", "missing closing ): `(?:`"},
  };
  for (const auto& [pattern, want] : cases) {
    EXPECT_EQ(compile_error(pattern), "error parsing regexp: " + want) << pattern;
  }
  // Accepted by Go: duplicate names, a class after \d, repeated empty-width assertions.
  EXPECT_FALSE(call("mustRegexMatch", {S("(?P<n>a)(?P<n>b)"), S("x")}).as_bool());
  EXPECT_FALSE(call("mustRegexMatch", {S("[\\d-z]"), S("x")}).as_bool());
  EXPECT_TRUE(call("mustRegexMatch", {S("\\b*"), S("x")}).as_bool());
  EXPECT_TRUE(call("mustRegexMatch", {S("^*"), S("x")}).as_bool());
}

TEST(RegexFunctionsErrors, CachedPatternsKeepTheirResults) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(compile_error("["), "error parsing regexp: missing closing ]: `[`");
    EXPECT_EQ(str("regexFind", {S("b+"), S("abbc")}), "bb");
  }
}

}  // namespace
}  // namespace render::tmpl
