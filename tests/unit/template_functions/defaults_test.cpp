// Sprig's default, empty, coalesce, all, any and ternary. Expected results and result types
// (typeOf) were observed with helm v4.1.4.
#include <gtest/gtest.h>

#include "call_function.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

const FunctionList& default_functions() {
  return family<add_default_functions>();
}

// "<type>|<%v>", as `printf "%T|%v"` shows a result.
std::string call(std::string_view name, std::vector<Value> args) {
  Value r = call_function(default_functions(), name, std::move(args));
  return std::string(r.type_name()) + "|" + print_value(r);
}

// The empty values of templates: false, 0, 0.0, "", nil, [], {}.
std::vector<Value> empties() {
  return {B(false),      I(0),         Value::int64(0), F(0), S(""), Value(),
          Value::list(), Value::map(), Value::bytes("")};
}

TEST(DefaultFunctions, DefaultReplacesMissingAndEmpty) {
  EXPECT_EQ(call("default", {I(1)}), "int|1");
  for (const Value& e : empties()) {
    EXPECT_EQ(call("default", {I(1), e}), "int|1") << print_value(e);
  }
  EXPECT_EQ(call("default", {B(true), B(false)}), "bool|true");
  EXPECT_EQ(call("default", {I(1), S("0")}), "string|0");
  EXPECT_EQ(call("default", {I(1), F(2.5)}), "float64|2.5");
  EXPECT_EQ(call("default", {I(1), Value::list({Value()})}), "[]interface {}|[<nil>]");
}

TEST(DefaultFunctions, EmptyIsNotTruthy) {
  for (const Value& e : empties()) {
    EXPECT_EQ(call("empty", {e}), "bool|true") << print_value(e);
  }
  EXPECT_EQ(call("empty", {S(" ")}), "bool|false");
  EXPECT_EQ(call("empty", {S("false")}), "bool|false");
  EXPECT_EQ(call("empty", {F(-0.5)}), "bool|false");
  EXPECT_EQ(call("empty", {Value::map({{"a", Value()}})}), "bool|false");
}

TEST(DefaultFunctions, CoalesceAllAny) {
  EXPECT_EQ(call("coalesce", {}), "<nil>|<nil>");
  EXPECT_EQ(call("coalesce", {I(0), S(""), Value()}), "<nil>|<nil>");
  EXPECT_EQ(call("coalesce", {I(0), S(""), S("x"), I(1)}), "string|x");
  EXPECT_EQ(call("all", {}), "bool|true");
  EXPECT_EQ(call("any", {}), "bool|false");
  EXPECT_EQ(call("all", {I(1), S("a"), Value::list()}), "bool|false");
  EXPECT_EQ(call("all", {I(1), S("a"), Value::list({I(0)})}), "bool|true");
  EXPECT_EQ(call("any", {I(0), S(""), Value::list({I(0)})}), "bool|true");
  EXPECT_EQ(call("any", {I(0), S(""), Value()}), "bool|false");
}

TEST(DefaultFunctions, Ternary) {
  EXPECT_EQ(call("ternary", {I(1), S("b"), B(true)}), "int|1");
  EXPECT_EQ(call("ternary", {I(1), S("b"), B(false)}), "string|b");
  EXPECT_EQ(call("ternary", {Value(), I(2), B(true)}), "<nil>|<nil>");
}

}  // namespace
}  // namespace render::tmpl
