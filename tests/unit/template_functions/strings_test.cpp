// Sprig's string functions. Every expected value was observed with helm v4.1.4 (`helm template`
// on a chart calling the function, result printed or piped through toJson).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "call_function.hpp"
#include "template/function.hpp"

namespace render::tmpl {
namespace {

const FunctionList& functions() {
  return family<add_string_functions>();
}

Value call(std::string_view name, std::vector<Value> args) {
  return call_function(functions(), name, std::move(args));
}

// The function's string result.
std::string str(std::string_view name, std::vector<Value> args) {
  return call_string(functions(), name, std::move(args));
}

// The FunctionError message of a failing call.
std::string error(std::string_view name, std::vector<Value> args) {
  return call_error(functions(), name, std::move(args));
}

std::vector<std::string> strings(const Value& v) {
  std::vector<std::string> out;
  EXPECT_TRUE(v.is_list());
  if (!v.is_list()) return out;
  for (const Value& item : v.as_list()) {
    EXPECT_TRUE(item.is_string());
    out.push_back(item.is_string() ? item.as_string() : "?");
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(StringFunctionsTable, DeclaresGoSignatures) {
  auto find = [](std::string_view name) -> const Function* {
    for (const Function& f : functions()) {
      if (f.name == name) return &f;
    }
    return nullptr;
  };
  for (std::string_view name :
       {"upper",     "lower",     "title",      "untitle",   "repeat",  "substr",     "nospace",
        "trunc",     "abbrev",    "abbrevboth", "initials",  "wrap",    "wrapWith",   "contains",
        "hasPrefix", "hasSuffix", "quote",      "squote",    "cat",     "indent",     "nindent",
        "replace",   "plural",    "trim",       "trimAll",   "trimall", "trimPrefix", "trimSuffix",
        "swapcase",  "snakecase", "camelcase",  "kebabcase", "split",   "splitList",  "splitn",
        "toString",  "toStrings", "join",       "sortAlpha", "hello"}) {
    EXPECT_NE(find(name), nullptr) << name;
  }
  EXPECT_EQ(find("trunc")->params, (std::vector<Param>{Param::kInt, Param::kString}));
  EXPECT_EQ(find("substr")->params, (std::vector<Param>{Param::kInt, Param::kInt, Param::kString}));
  EXPECT_EQ(find("plural")->params,
            (std::vector<Param>{Param::kString, Param::kString, Param::kInt}));
  EXPECT_EQ(find("join")->params, (std::vector<Param>{Param::kString, Param::kAny}));
  EXPECT_TRUE(find("quote")->variadic);
  EXPECT_TRUE(find("cat")->variadic);
  EXPECT_FALSE(find("indent")->variadic);
}

TEST(StringFunctionsCase, UpperLowerUseUnicodeSimpleMappings) {
  EXPECT_EQ(str("upper", {S("héllo wörld ß ǆ")}), "HÉLLO WÖRLD ß Ǆ");
  EXPECT_EQ(str("lower", {S("HÉLLO İ Ω")}), "héllo i ω");
  EXPECT_EQ(str("upper", {S("abc-XYZ_1")}), "ABC-XYZ_1");
  // strings.Map turns an invalid byte into U+FFFD: upper (trunc 2 "héllo").
  EXPECT_EQ(str("upper", {S("h\xc3")}), "H\xef\xbf\xbd");
}

TEST(StringFunctionsCase, TitleUntitleSwapcase) {
  EXPECT_EQ(str("title", {S("hello wörld-foo bar_baz o'neil 3rd éa")}),
            "Hello Wörld-Foo Bar_baz O'Neil 3rd Éa");
  // Title case, not upper case: ǆ -> ǅ; Georgian letters have no title form.
  EXPECT_EQ(str("title", {S("ǆx ა ß")}), "ǅx ა ß");
  EXPECT_EQ(str("untitle", {S("Hello World  ÉTÉ")}), "hello world  éTÉ");
  EXPECT_EQ(str("untitle", {S("")}), "");
  // goutils.SwapCase: a lower-case letter at the start or after white space becomes title case.
  EXPECT_EQ(str("swapcase", {S("Hello World ǅx ǆ aǆ")}), "hELLO wORLD ǆX ǅ AǄ");
  EXPECT_EQ(str("swapcase", {S("  iPhone 12 ß")}), "  IpHONE 12 ß");
  EXPECT_EQ(str("swapcase", {S("")}), "");
}

TEST(StringFunctionsCase, SnakeAndKebabCase) {
  const std::vector<std::pair<std::string, std::string>> snake = {
      {"FirstName", "first_name"},
      {"HTTPServer", "http_server"},
      {"NoHTTPS", "no_https"},
      {"GO_PATH", "go_path"},
      {"GO PATH", "go_path"},
      {"GO-PATH", "go_path"},
      {"http2xx", "http_2xx"},
      {"HTTP20xOK", "http_20x_ok"},
      {"Duration2m3s", "duration_2m3s"},
      {"Bld4Floor3rd", "bld4_floor_3rd"},
      {"a.b-c__d", "a.b_c__d"},
      {"ÉtéX", "été_x"},
      {"日本語Text", "日本語_text"},
      {"ABC", "abc"},
      {"_Abc_", "_abc_"},
      {"foo  bar", "foo__bar"},
      {"x1.5y", "x1.5y"},
      {"A1B2c3", "a1_b_2c3"},
      {"abc123DEF", "abc123_def"},
      {"Ab$Cd+eF", "ab_$_cd_+_e_f"},
      {"a--B", "a__b"},
      {"", ""},
      {"123", "123"},
      {"1a", "1a"},
      {"A1", "a1"},
      {"AB1c", "ab_1c"},
  };
  for (const auto& [in, want] : snake) EXPECT_EQ(str("snakecase", {S(in)}), want) << in;
  EXPECT_EQ(str("kebabcase", {S("FirstName")}), "first-name");
  EXPECT_EQ(str("kebabcase", {S("HTTPServer")}), "http-server");
  EXPECT_EQ(str("kebabcase", {S("some_words here")}), "some-words-here");
  EXPECT_EQ(str("kebabcase", {S("helloWorld.Foo")}), "hello-world.foo");
  EXPECT_EQ(str("kebabcase", {S("Bld4Floor3rd")}), "bld4-floor-3rd");
}

TEST(StringFunctionsCase, CamelcaseIsPascalCase) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"foo_bar", "FooBar"},
      {"some words", "SomeWords"},
      {"GOLANG_IS_GREAT", "GolangIsGreat"},
      {"_complex__case_", "_Complex_Case_"},
      {"x", "X"},
      {"HTTPServer", "Httpserver"},
      // xstrings writes the last rune once more when the input is only connectors.
      {"__", "___"},
      {"_", "__"},
      {"-", "--"},
      {"", ""},
      {"a_", "A_"},
      {"ab cd-ef__gh", "AbCdEf_Gh"},
      {"ÉTÉ_été", "ÉtéÉté"},
      {"hello-World_FOO bar", "HelloWorldFooBar"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(str("camelcase", {S(in)}), want) << in;
}

TEST(StringFunctionsSlicing, TruncIsByteBased) {
  EXPECT_EQ(str("trunc", {I(3), S("hello")}), "hel");
  EXPECT_EQ(str("trunc", {I(-3), S("hello")}), "llo");
  EXPECT_EQ(str("trunc", {I(-9), S("hello")}), "hello");
  EXPECT_EQ(str("trunc", {I(9), S("hello")}), "hello");
  EXPECT_EQ(str("trunc", {I(0), S("x")}), "");
  EXPECT_EQ(str("trunc", {I(2), S("héllo")}), "h\xc3");
}

TEST(StringFunctionsSlicing, SubstrAndItsRuntimeErrors) {
  EXPECT_EQ(str("substr", {I(1), I(3), S("hello")}), "el");
  EXPECT_EQ(str("substr", {I(-1), I(2), S("hello")}), "he");
  EXPECT_EQ(str("substr", {I(2), I(-1), S("hello")}), "llo");
  EXPECT_EQ(str("substr", {I(2), I(99), S("hello")}), "llo");
  EXPECT_EQ(str("substr", {I(5), I(5), S("hello")}), "");
  EXPECT_EQ(str("substr", {I(0), I(0), S("")}), "");
  EXPECT_EQ(error("substr", {I(3), I(1), S("hello")}),
            "runtime error: slice bounds out of range [3:1]");
  EXPECT_EQ(error("substr", {I(9), I(10), S("hello")}),
            "runtime error: slice bounds out of range [9:5]");
  EXPECT_EQ(error("substr", {I(-1), I(9), S("hello")}),
            "runtime error: slice bounds out of range [:9] with length 5");
  EXPECT_EQ(error("substr", {I(-3), I(-1), S("hello")}),
            "runtime error: slice bounds out of range [:-1]");
}

TEST(StringFunctionsSlicing, AbbrevAndAbbrevboth) {
  EXPECT_EQ(str("abbrev", {I(5), S("hello world")}), "he...");
  EXPECT_EQ(str("abbrev", {I(3), S("hello world")}), "hello world");
  EXPECT_EQ(str("abbrev", {I(11), S("hello world")}), "hello world");
  EXPECT_EQ(str("abbrev", {I(4), S("")}), "");
  EXPECT_EQ(str("abbrev", {I(4), S("héllo")}), "h...");
  EXPECT_EQ(str("abbrevboth", {I(5), I(10), S("1234567890abcdefghijkl")}), "...6789...");
  EXPECT_EQ(str("abbrevboth", {I(0), I(4), S("abcdefghij")}), "a...");
  EXPECT_EQ(str("abbrevboth", {I(1), I(6), S("abcdefghij")}), "abcdefghij");
  EXPECT_EQ(str("abbrevboth", {I(3), I(7), S("abcdefghij")}), "abcd...");
  EXPECT_EQ(str("abbrevboth", {I(10), I(7), S("abcdefghijklmnop")}), "...k...");
  EXPECT_EQ(str("abbrevboth", {I(-5), I(10), S("abcdefghijklmnop")}), "abcdefg...");
}

TEST(StringFunctionsWhitespace, NospaceAndInitialsAreByteWise) {
  EXPECT_EQ(str("nospace", {S(" a b\tc\n")}), "abc");
  // Once a space is removed, every other byte is re-encoded as a Latin-1 rune.
  EXPECT_EQ(str("nospace", {S("héllo wörld")}), "hÃ©llowÃ¶rld");
  EXPECT_EQ(str("nospace", {S("aàb")}), "aÃb");      // à is C3 A0 and A0 counts as a space
  EXPECT_EQ(str("nospace", {S("héllo")}), "héllo");  // nothing removed: unchanged
  EXPECT_EQ(str("initials", {S("hello world  foo")}), "hwf");
  EXPECT_EQ(str("initials", {S(" élan vital")}), "Ãv");
  EXPECT_EQ(str("initials", {S("")}), "");
}

TEST(StringFunctionsWhitespace, TrimFamily) {
  EXPECT_EQ(str("trim", {S("  \t hi \n\u00a0\u3000")}), "hi");
  EXPECT_EQ(str("trim", {S("")}), "");
  EXPECT_EQ(str("trimAll", {S("-_"), S("-_a-b_-")}), "a-b");
  EXPECT_EQ(str("trimAll", {S("é"), S("ééaéé")}), "a");
  EXPECT_EQ(str("trimall", {S("x"), S("xaxx")}), "a");
  EXPECT_EQ(str("trimAll", {S(""), S("  a ")}), "  a ");
  EXPECT_EQ(str("trimPrefix", {S("ab"), S("abab")}), "ab");
  EXPECT_EQ(str("trimSuffix", {S("ab"), S("abab")}), "ab");
  EXPECT_EQ(str("trimPrefix", {S("x"), S("abab")}), "abab");
}

TEST(StringFunctionsWrap, WrapAndWrapWith) {
  EXPECT_EQ(str("wrap", {I(10), S("the quick brown fox jumps")}), "the quick\nbrown fox\njumps");
  EXPECT_EQ(str("wrap", {I(5), S("abcdefghijkl mn")}), "abcdefghijkl\nmn");
  EXPECT_EQ(str("wrap", {I(0), S("a b c")}), "a\nb\nc");
  EXPECT_EQ(str("wrap", {I(-1), S("a b")}), "a\nb");
  EXPECT_EQ(str("wrap", {I(3), S("  ab   cd  ")}), "ab \ncd \n");
  EXPECT_EQ(str("wrap", {I(10), S("line one\nline two is long")}), "line\none\nline\ntwo is\nlong");
  EXPECT_EQ(str("wrap", {I(4), S("héllo wörld")}), "héllo\nwörld");
  EXPECT_EQ(str("wrap", {I(5), S("")}), "");
  EXPECT_EQ(str("wrapWith", {I(5), S("<br>"), S("abcdefghijkl mn op")}),
            "abcde<br>fghij<br>kl mn<br>op");
  EXPECT_EQ(str("wrapWith", {I(4), S("-"), S("abcdefghij")}), "abcd-efgh-ij");
  EXPECT_EQ(str("wrapWith", {I(3), S(""), S("a b c d")}), "a b\nc d");
}

TEST(StringFunctionsSearch, ContainsPrefixSuffixReplace) {
  EXPECT_TRUE(call("contains", {S("ll"), S("hello")}).as_bool());
  EXPECT_TRUE(call("contains", {S(""), S("x")}).as_bool());
  EXPECT_TRUE(call("hasPrefix", {S("he"), S("hello")}).as_bool());
  EXPECT_TRUE(call("hasSuffix", {S("lo"), S("hello")}).as_bool());
  EXPECT_FALSE(call("hasSuffix", {S("x"), S("hello")}).as_bool());
  EXPECT_EQ(str("replace", {S("a"), S("b"), S("banana")}), "bbnbnb");
  EXPECT_EQ(str("replace", {S(""), S("-"), S("héllo")}), "-h-é-l-l-o-");
  EXPECT_EQ(str("replace", {S("an"), S(""), S("banana")}), "ba");
  EXPECT_EQ(str("repeat", {I(3), S("ab")}), "ababab");
  EXPECT_EQ(str("repeat", {I(0), S("ab")}), "");
  EXPECT_EQ(error("repeat", {I(-2), S("ab")}), "strings: negative Repeat count");
  EXPECT_EQ(str("plural", {S("one"), S("many"), I(1)}), "one");
  EXPECT_EQ(str("plural", {S("one"), S("many"), I(0)}), "many");
  EXPECT_EQ(str("plural", {S("one"), S("many"), I(-1)}), "many");
  EXPECT_EQ(str("hello", {}), "Hello!");
}

TEST(StringFunctionsQuote, QuoteSquoteCat) {
  EXPECT_EQ(str("quote", {S("a\"b\\c\td\x01é\u2028")}), "\"a\\\"b\\\\c\\td\\x01é\\u2028\"");
  EXPECT_EQ(str("quote", {F(1.5), Value(), I(3), B(true)}), "\"1.5\" \"3\" \"true\"");
  EXPECT_EQ(str("quote", {Value()}), "");
  EXPECT_EQ(str("quote", {}), "");
  EXPECT_EQ(str("quote", {F(1000000.0), S("x")}), "\"1e+06\" \"x\"");
  Map m;
  m.emplace("k", S("v"));
  EXPECT_EQ(str("quote", {L({S("a"), I(1)}), Value::map(m)}), "\"[a 1]\" \"map[k:v]\"");
  EXPECT_EQ(str("squote", {S("it's"), I(2), Value(), F(1e-7)}), "'it's' '2' '1e-07'");
  EXPECT_EQ(str("squote", {L({S("a"), I(1)})}), "'[a 1]'");
  EXPECT_EQ(str("squote", {}), "");
  EXPECT_EQ(str("cat", {S("a"), I(1), Value(), S("b"), F(2.5)}), "a 1 b 2.5");
  EXPECT_EQ(str("cat", {L({I(1), Value()}), Value::map({})}), "[1 <nil>] map[]");
  EXPECT_EQ(str("cat", {Value(), Value()}), "");
}

TEST(StringFunctionsIndent, PadsEveryLine) {
  EXPECT_EQ(str("indent", {I(2), S("a\n\nb\n")}), "  a\n  \n  b\n  ");
  EXPECT_EQ(str("indent", {I(0), S("a\nb")}), "a\nb");
  EXPECT_EQ(str("indent", {I(2), S("")}), "  ");
  EXPECT_EQ(str("nindent", {I(3), S("a\r\nb")}), "\n   a\r\n   b");
  EXPECT_EQ(error("indent", {I(-1), S("a")}), "strings: negative Repeat count");
  EXPECT_EQ(error("nindent", {I(-3), S("a")}), "strings: negative Repeat count");
}

// Lines of every length around the sixteen bytes read at once, pads short and long, line breaks
// at every place: the same text as padding each line in turn gives.
TEST(StringFunctionsIndent, PadsLinesOfEveryLengthAndPlace) {
  auto reference = [](std::size_t pad, const std::string& s) {
    std::string out(pad, ' ');
    for (char c : s) {
      out += c;
      if (c == '\n') out.append(pad, ' ');
    }
    return out;
  };
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    std::size_t length = rng() % 100;
    for (std::size_t k = 0; k < length; ++k) {
      s += rng() % 9 == 0 ? '\n' : static_cast<char>('a' + rng() % 26);
    }
    std::size_t pad = 1 + rng() % 20;
    EXPECT_EQ(str("indent", {I(static_cast<std::int64_t>(pad)), S(s)}), reference(pad, s)) << s;
    EXPECT_EQ(str("nindent", {I(static_cast<std::int64_t>(pad)), S(s)}), "\n" + reference(pad, s))
        << s;
  }
}

TEST(StringFunctionsSplit, SplitSplitnSplitList) {
  Value v = call("split", {S("/"), S("a/b/c")});
  ASSERT_TRUE(v.is_map());
  ASSERT_EQ(v.as_map().size(), 3u);
  EXPECT_EQ(v.as_map().at("_0").as_string(), "a");
  EXPECT_EQ(v.as_map().at("_2").as_string(), "c");
  EXPECT_EQ(call("split", {S(","), S("")}).as_map().at("_0").as_string(), "");
  EXPECT_EQ(call("split", {S(""), S("abc")}).as_map().size(), 3u);
  Value n = call("splitn", {S("/"), I(2), S("a/b/c")});
  EXPECT_EQ(n.as_map().size(), 2u);
  EXPECT_EQ(n.as_map().at("_1").as_string(), "b/c");
  EXPECT_TRUE(call("splitn", {S("/"), I(0), S("a/b/c")}).as_map().empty());
  EXPECT_EQ(call("splitn", {S("/"), I(-1), S("a/b/c")}).as_map().size(), 3u);
  EXPECT_EQ(call("splitn", {S(""), I(2), S("abc")}).as_map().at("_1").as_string(), "bc");
  EXPECT_EQ(call("splitn", {S("/"), I(9), S("a/b")}).as_map().size(), 2u);
  EXPECT_EQ(strings(call("splitList", {S("/"), S("a/b/c")})), (Strings{"a", "b", "c"}));
  EXPECT_EQ(strings(call("splitList", {S(""), S("héllo")})), (Strings{"h", "é", "l", "l", "o"}));
  EXPECT_EQ(strings(call("splitList", {S(","), S("")})), (Strings{""}));
  EXPECT_EQ(strings(call("splitList", {S(""), S("")})), Strings{});
  EXPECT_EQ(strings(call("splitList", {S("ab"), S("xabyab")})), (Strings{"x", "y", ""}));
}

TEST(StringFunctionsConversion, ToStringToStringsJoinSortAlpha) {
  EXPECT_EQ(str("toString", {Value()}), "<nil>");
  EXPECT_EQ(str("toString", {F(1.5)}), "1.5");
  EXPECT_EQ(str("toString", {F(1000000.0)}), "1e+06");
  EXPECT_EQ(str("toString", {I(3)}), "3");
  EXPECT_EQ(str("toString", {B(true)}), "true");
  EXPECT_EQ(str("toString", {Value::bytes("hi")}), "hi");
  EXPECT_EQ(str("toString", {L({I(1), Value()})}), "[1 <nil>]");
  EXPECT_EQ(strings(call("toStrings", {L({I(1), Value(), B(true)})})), (Strings{"1", "true"}));
  EXPECT_EQ(strings(call("toStrings", {Value()})), Strings{});
  EXPECT_EQ(strings(call("toStrings", {S("s")})), (Strings{"s"}));
  EXPECT_EQ(strings(call("toStrings", {I(2)})), (Strings{"2"}));
  Map m;
  m.emplace("k", S("v"));
  EXPECT_EQ(
      str("join", {S(","), L({I(1), Value(), S("a"), F(2.5), L({I(2), I(3)}), Value::map(m)})}),
      "1,a,2.5,[2 3],map[k:v]");
  EXPECT_EQ(str("join", {S(","), S("abc")}), "abc");
  EXPECT_EQ(str("join", {S("-"), Value()}), "");
  EXPECT_EQ(str("join", {S("-"), F(3.5)}), "3.5");
  EXPECT_EQ(strings(call("sortAlpha",
                         {L({S("b"), Value(), I(10), I(9), S("B"), S("a"), F(1.5), B(true)})})),
            (Strings{"1.5", "10", "9", "B", "a", "b", "true"}));
  EXPECT_EQ(strings(call("sortAlpha", {Value()})), (Strings{"<nil>"}));
  EXPECT_EQ(strings(call("sortAlpha", {S("x")})), (Strings{"x"}));
  EXPECT_EQ(strings(call("sortAlpha", {Value::map(m)})), (Strings{"map[k:v]"}));
}

TEST(StringFunctionsConversion, JoinDoesNotMutateItsList) {
  Value list = L({S("b"), S("a")});
  EXPECT_EQ(strings(call("sortAlpha", {list})), (Strings{"a", "b"}));
  EXPECT_EQ(list.as_list()[0].as_string(), "b");
}

}  // namespace
}  // namespace render::tmpl
