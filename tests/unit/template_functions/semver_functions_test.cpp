// Sprig's semver and semverCompare (Masterminds/semver v3.4) and the version object's fields and
// methods. Expected results and error messages were observed with helm v4.1.4.
#include <gtest/gtest.h>

#include "call_function.hpp"
#include "template/functions/semver.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

const FunctionList& semver_functions() {
  return family<add_semver_functions>();
}

Value semver(std::string text) {
  return call_function(semver_functions(), "semver", {S(std::move(text))});
}

std::string compare(std::string constraint, std::string version) {
  return print_value(call_function(semver_functions(), "semverCompare",
                                   {S(std::move(constraint)), S(std::move(version))}));
}

std::string error_of(std::string_view name, std::vector<Value> args) {
  return call_error(semver_functions(), name, std::move(args));
}

// `.Name` on an object.
Value field(const Value& object, std::string_view name) {
  Value out;
  EXPECT_TRUE(object.as_object()->field(name, out)) << name;
  return out;
}

// `.Name arg...` on an object.
Value method(const Value& object, std::string_view name, std::vector<Value> args) {
  Value out;
  EXPECT_TRUE(object.as_object()->call(name, args, out)) << name;
  return out;
}

std::string method_error(const Value& object, std::string_view name, std::vector<Value> args) {
  try {
    Value out;
    object.as_object()->call(name, args, out);
  } catch (const FunctionError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SemverFunctions, SemverPrintsTheNormalizedVersion) {
  Value v = semver("v1.2");
  EXPECT_EQ(v.type_name(), "*semver.Version");
  EXPECT_EQ(print_value(v), "1.2.0");
  EXPECT_EQ(print_value(semver("01.2.3")), "1.2.3");
  EXPECT_EQ(print_value(semver("18446744073709551615.0.0")), "18446744073709551615.0.0");
  EXPECT_EQ(print_value(field(v, "Original")), "v1.2");
  EXPECT_EQ(print_value(field(v, "String")), "1.2.0");
  Value full = semver("1.2.3-rc.1+m");
  EXPECT_EQ(print_value(field(full, "Major")), "1");
  EXPECT_EQ(print_value(field(full, "Minor")), "2");
  EXPECT_EQ(print_value(field(full, "Patch")), "3");
  EXPECT_EQ(print_value(field(full, "Prerelease")), "rc.1");
  EXPECT_EQ(print_value(field(full, "Metadata")), "m");
  EXPECT_EQ(print_value(field(semver("1.2.3"), "Value")), "1.2.3");
  EXPECT_EQ(print_value(field(semver("1.2.3"), "MarshalJSON")), "[34 49 46 50 46 51 34]");
  EXPECT_EQ(print_value(field(semver("1.2.3"), "MarshalText")), "[49 46 50 46 51]");
}

TEST(SemverFunctions, SemverErrors) {
  EXPECT_EQ(error_of("semver", {S("foo")}), "invalid semantic version");
  EXPECT_EQ(error_of("semver", {S("")}), "invalid semantic version");
  EXPECT_EQ(error_of("semver", {S("1.2.3.4")}), "invalid semantic version");
  EXPECT_EQ(error_of("semver", {S(" 1.2.3")}), "invalid semantic version");
  EXPECT_EQ(error_of("semver", {S("1.2.3-a..b")}), "invalid semantic version");
  EXPECT_EQ(error_of("semver", {S("1.2.3+a..b")}), "invalid semantic version");
  EXPECT_EQ(error_of("semver", {S("1.2.3-01")}), "version segment starts with 0");
  EXPECT_EQ(error_of("semver", {S("99999999999999999999.1.1")}),
            "error parsing version segment: strconv.ParseUint: parsing "
            "\"99999999999999999999\": value out of range");
}

TEST(SemverFunctions, IncrementsAndSettersGiveVersionValues) {
  Value v = semver("v1.2.3");
  Value next = field(v, "IncPatch");
  EXPECT_EQ(next.type_name(), "semver.Version");
  EXPECT_EQ(print_value(next), "1.2.4");
  EXPECT_EQ(print_value(field(next, "IncPatch")), "1.2.5");
  EXPECT_EQ(print_value(field(next, "Major")), "1");
  // Original and the comparisons have pointer receivers: not on a semver.Version value.
  Value ignored;
  EXPECT_FALSE(next.as_object()->field("Original", ignored));
  EXPECT_FALSE(next.as_object()->call("Compare", std::vector<Value>{v}, ignored));
  EXPECT_EQ(print_value(field(semver("1.2.3-a"), "IncPatch")), "1.2.3");
  EXPECT_EQ(print_value(field(semver("1.2.3+b"), "IncPatch")), "1.2.4");
  EXPECT_EQ(print_value(field(semver("1.2.3"), "IncMinor")), "1.3.0");
  EXPECT_EQ(print_value(field(semver("1.2.3-a+b"), "IncMajor")), "2.0.0");
  EXPECT_EQ(print_value(method(v, "SetPrerelease", {S("x.1")})), "1.2.3-x.1");
  EXPECT_EQ(print_value(method(semver("v1.2.3-a"), "SetMetadata", {S("m")})), "1.2.3-a+m");
  EXPECT_EQ(print_value(method(next, "SetPrerelease", {S("a")})), "1.2.4-a");
  EXPECT_EQ(print_value(method(v, "SetPrerelease", {S("")})), "1.2.3");
  EXPECT_EQ(method_error(v, "SetPrerelease", {S("x..1")}), "invalid prerelease string");
  EXPECT_EQ(method_error(v, "SetPrerelease", {S("01")}), "version segment starts with 0");
  EXPECT_EQ(method_error(v, "SetMetadata", {S("x..1")}), "invalid metadata string");
  EXPECT_EQ(print_value(method(v, "IncMinor", {})), "1.3.0");
  EXPECT_EQ(method_error(v, "Major", {S("x")}), "wrong number of args for Major: want 0 got 1");
  EXPECT_EQ(method_error(v, "SetPrerelease", {}),
            "wrong number of args for SetPrerelease: want 1 got 0");
}

TEST(SemverFunctions, ComparisonMethods) {
  Value v = semver("1.2.3");
  EXPECT_EQ(print_value(method(v, "LessThan", {semver("1.3")})), "true");
  EXPECT_EQ(print_value(method(v, "Compare", {semver("1.3")})), "-1");
  EXPECT_EQ(print_value(method(v, "Equal", {semver("v1.2.3+x")})), "true");
  EXPECT_EQ(print_value(method(v, "LessThanEqual", {semver("1.2.3")})), "true");
  EXPECT_EQ(print_value(method(v, "GreaterThanEqual", {semver("1.2.4")})), "false");
  EXPECT_EQ(print_value(method(v, "Equal", {Value()})), "false");
  EXPECT_EQ(method_error(v, "LessThan", {Value()}),
            "runtime error: invalid memory address or nil pointer dereference");
  EXPECT_EQ(method_error(v, "Compare", {Value()}),
            "runtime error: invalid memory address or nil pointer dereference");
  EXPECT_EQ(method_error(v, "Compare", {field(v, "IncPatch")}),
            "wrong type for value; expected *semver.Version; got semver.Version");
  // Prerelease ordering: fewer parts first, numbers numerically and before words.
  EXPECT_EQ(print_value(method(semver("1.0.0-a"), "Compare", {semver("1.0.0-a.b")})), "-1");
  EXPECT_EQ(print_value(method(semver("1.0.0-a.b"), "Compare", {semver("1.0.0-a")})), "1");
  EXPECT_EQ(print_value(method(semver("1.0.0-a.1"), "Compare", {semver("1.0.0-a")})), "1");
  EXPECT_EQ(print_value(method(semver("1.0.0-2"), "Compare", {semver("1.0.0-10")})), "-1");
  EXPECT_EQ(print_value(method(semver("1.0.0-a"), "Compare", {semver("1.0.0-1")})), "1");
}

TEST(SemverFunctions, SemverCompare) {
  EXPECT_EQ(compare(">=1.21-0", "v1.25.3-gke.1"), "true");
  EXPECT_EQ(compare(">=1.21", "v1.25.3-gke.1"), "false");
  EXPECT_EQ(compare("^1.2", "2.0.0"), "false");
  EXPECT_EQ(compare("^1.2", "1.9.9"), "true");
  EXPECT_EQ(compare("^0.0.1", "0.0.2"), "false");
  EXPECT_EQ(compare("~1.2.3", "v1.2.9"), "true");
  EXPECT_EQ(compare("~1.2.3", "1.3.0"), "false");
  EXPECT_EQ(compare("1.2.x", "1.2.9"), "true");
  EXPECT_EQ(compare("!=1.2.x", "1.2.9"), "false");
  EXPECT_EQ(compare("!=1.2", "1.3.0"), "true");
  EXPECT_EQ(compare("<=1.2", "1.2.9"), "true");
  EXPECT_EQ(compare(">1.2", "1.2.9"), "false");
  EXPECT_EQ(compare(">1, <3 || 5.x", "5.1.0"), "true");
  EXPECT_EQ(compare(">1, <3 || 5.x", "4.0.0"), "false");
  EXPECT_EQ(compare(">1 <2", "1.5.0"), "false");
  EXPECT_EQ(compare(">1 , <2", "1.5.0"), "false");
  EXPECT_EQ(compare(">=1.2 <=1.4", "1.3.0"), "true");
  EXPECT_EQ(compare("1.2 - 1.4||2", "2.0.0"), "true");
  EXPECT_EQ(compare("1.2 - 1.4 x", "1.3.0"), "true");
  EXPECT_EQ(compare("1.2 - 1.4 x", "9.0.0"), "false");
  EXPECT_EQ(compare("*", "0.0.1-alpha"), "false");
  EXPECT_EQ(compare("x", "3.0.0"), "true");
  EXPECT_EQ(compare(">= 1.x.3", "1.0.0"), "true");
  EXPECT_EQ(compare("=>1", "1.0.0"), "true");
  EXPECT_EQ(compare("1.2", "1.2.3"), "true");
  EXPECT_EQ(compare("=1.2.3", "v1.2.3+meta"), "true");
  EXPECT_EQ(compare("<2.0.0", "2.0.0-rc.1"), "false");
  EXPECT_EQ(compare(">1.0.0-a", "1.0.0-a.b"), "true");
  EXPECT_EQ(compare("<1.0.0-a.1", "1.0.0-a"), "true");
  EXPECT_EQ(compare(">=1.0.0-alpha.10", "1.0.0-alpha.9"), "false");
}

TEST(SemverFunctions, SemverCompareErrors) {
  auto err = [](std::string c, std::string v) {
    return error_of("semverCompare", {S(std::move(c)), S(std::move(v))});
  };
  EXPECT_EQ(err("", "1.0.0"), "improper constraint: ");
  EXPECT_EQ(err("abc", "1.0.0"), "improper constraint: abc");
  EXPECT_EQ(err(">=1.0 || ", "1.0.0"), "improper constraint:  ");
  EXPECT_EQ(err(">1 || abc", "1.5.0"), "improper constraint:  abc");
  EXPECT_EQ(err("abc || >1.0.0-01", "1.5.0"), "improper constraint: abc ");
  EXPECT_EQ(err("1.2.3.4", "1.0.0"), "improper constraint: 1.2.3.4");
  EXPECT_EQ(err(">1<2", "1.5.0"), "improper constraint: >1<2");
  EXPECT_EQ(err("1.2.3-beta.", "1.5.0"), "improper constraint: 1.2.3-beta.");
  EXPECT_EQ(err("1.2 -1.4", "1.3.0"), "improper constraint: 1.2 -1.4");
  EXPECT_EQ(err(">1.0.0-01", "1.0.0"), "constraint parser error");
  EXPECT_EQ(err(">1.0.0-01 || abc", "1.5.0"), "constraint parser error");
  EXPECT_EQ(err(">=1|2", "1.5.0"), "constraint parser error");
  EXPECT_EQ(err(">=1.x2", "1.5.0"), "constraint parser error");
  EXPECT_EQ(err("99999999999999999999", "1.5.0"), "constraint parser error");
  EXPECT_EQ(err(">=1.0", "abc"), "invalid semantic version");
}

}  // namespace
}  // namespace render::tmpl
