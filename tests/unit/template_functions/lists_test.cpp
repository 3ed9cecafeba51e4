// Sprig's list functions. Expected results, result types (typeOf) and error messages were
// observed with helm v4.1.4 (`helm template` of one-line templates).
#include <gtest/gtest.h>

#include "call_function.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

const FunctionList& list_functions() {
  return family<add_list_functions>();
}

// "<type>|<%v>", as `printf "%T|%v"` shows a result.
std::string call(std::string_view name, std::vector<Value> args) {
  Value r = call_function(list_functions(), name, std::move(args));
  return std::string(r.type_name()) + "|" + print_value(r);
}

std::string error_of(std::string_view name, std::vector<Value> args) {
  return call_error(list_functions(), name, std::move(args));
}

TEST(ListFunctions, ListBuildsFromArguments) {
  EXPECT_EQ(call("list", {}), "[]interface {}|[]");
  EXPECT_EQ(call("list", {I(1), S("a"), Value(), F(1.5)}), "[]interface {}|[1 a <nil> 1.5]");
}

TEST(ListFunctions, AppendCopiesAndPrepend) {
  Value l = L({I(1), I(2)});
  EXPECT_EQ(call("append", {l, I(3)}), "[]interface {}|[1 2 3]");
  EXPECT_EQ(print_value(l), "[1 2]");  // the argument is unchanged
  EXPECT_EQ(call("push", {L({I(1)}), L({I(2)})}), "[]interface {}|[1 [2]]");
  EXPECT_EQ(call("mustAppend", {L({}), Value()}), "[]interface {}|[<nil>]");
  EXPECT_EQ(call("prepend", {L({I(1)}), I(0)}), "[]interface {}|[0 1]");
  EXPECT_EQ(error_of("push", {S("abc"), I(1)}), "Cannot push on type string");
  EXPECT_EQ(error_of("mustPrepend", {F(1), I(1)}), "Cannot prepend on type float64");
}

TEST(ListFunctions, FirstLastRestInitial) {
  Value l = L({I(1), I(2), I(3)});
  EXPECT_EQ(call("first", {l}), "int|1");
  EXPECT_EQ(call("last", {l}), "int|3");
  EXPECT_EQ(call("rest", {l}), "[]interface {}|[2 3]");
  EXPECT_EQ(call("initial", {l}), "[]interface {}|[1 2]");
  // Empty lists: nil elements and (nil) empty lists.
  EXPECT_EQ(call("first", {L({})}), "<nil>|<nil>");
  EXPECT_EQ(call("mustLast", {L({})}), "<nil>|<nil>");
  EXPECT_EQ(call("rest", {L({})}), "[]interface {}|[]");
  EXPECT_EQ(call("initial", {L({})}), "[]interface {}|[]");
}

TEST(ListFunctions, NonListsAreErrorsNamingTheirKind) {
  EXPECT_EQ(error_of("first", {S("abc")}), "Cannot find first on type string");
  EXPECT_EQ(error_of("mustFirst", {S("abc")}), "Cannot find first on type string");
  EXPECT_EQ(error_of("first", {F(1.5)}), "Cannot find first on type float64");
  EXPECT_EQ(error_of("last", {Value::map()}), "Cannot find last on type map");
  EXPECT_EQ(error_of("rest", {Value::boolean(true)}), "Cannot find rest on type bool");
  EXPECT_EQ(error_of("initial", {I(1)}), "Cannot find initial on type int");
  EXPECT_EQ(error_of("reverse", {Value::int64(1)}), "Cannot find reverse on type int64");
  EXPECT_EQ(error_of("uniq", {S("")}), "Cannot find uniq on type string");
  EXPECT_EQ(error_of("compact", {S("")}), "Cannot compact on type string");
  EXPECT_EQ(error_of("without", {S("abc"), I(1)}), "Cannot find without on type string");
  EXPECT_EQ(error_of("chunk", {I(2), S("ab")}), "Cannot chunk type string");
  EXPECT_EQ(error_of("concat", {L({I(1)}), S("a")}), "Cannot concat type string as list");
  EXPECT_EQ(error_of("slice", {S("abc"), I(1)}),
            "list should be type of slice or array but string");
  EXPECT_EQ(error_of("mustSlice", {I(3), I(1)}), "list should be type of slice or array but int");
}

TEST(ListFunctions, NilListIsANilDereference) {
  const std::string nil_deref = "runtime error: invalid memory address or nil pointer dereference";
  for (std::string_view name : {"first", "last", "rest", "initial", "reverse", "uniq", "compact"}) {
    EXPECT_EQ(error_of(name, {Value()}), nil_deref) << name;
  }
  EXPECT_EQ(error_of("append", {Value(), I(1)}), nil_deref);
  EXPECT_EQ(error_of("concat", {L({I(1)}), Value()}), nil_deref);
  EXPECT_EQ(error_of("chunk", {I(2), Value()}), nil_deref);
  EXPECT_EQ(error_of("slice", {Value()}), nil_deref);
  // has treats a nil haystack as empty.
  EXPECT_EQ(call("has", {I(1), Value()}), "bool|false");
}

TEST(ListFunctions, ReverseCompactUniqWithout) {
  EXPECT_EQ(call("reverse", {L({I(1), S("a"), Value()})}), "[]interface {}|[<nil> a 1]");
  EXPECT_EQ(call("reverse", {L({})}), "[]interface {}|[]");
  EXPECT_EQ(call("compact", {L({I(0), I(1), S(""), Value(), Value::boolean(false), L({}),
                                Value::map(), S("a"), F(0)})}),
            "[]interface {}|[1 a]");
  // Deep equality: int 1, float64 1 and "1" are all different.
  EXPECT_EQ(call("uniq", {L({I(1), F(1), S("1"), I(1), L({I(1)}), L({I(1)}), Value(), Value()})}),
            "[]interface {}|[1 1 1 [1] <nil>]");
  EXPECT_EQ(call("without", {L({I(1), I(2), I(1), I(3)}), I(1), I(3)}), "[]interface {}|[2]");
  EXPECT_EQ(call("mustWithout", {L({I(1), F(1)}), F(1)}), "[]interface {}|[1]");
}

TEST(ListFunctions, HasUsesDeepEquality) {
  EXPECT_EQ(call("has", {F(2), L({I(1), I(2)})}), "bool|false");  // float64 vs int
  EXPECT_EQ(call("has", {I(2), L({I(1), I(2)})}), "bool|true");
  EXPECT_EQ(call("has", {Value(), L({Value()})}), "bool|true");
  EXPECT_EQ(call("has", {L({I(1)}), L({L({I(1)})})}), "bool|true");
  EXPECT_EQ(error_of("has", {I(1), S("abc")}), "Cannot find has on type string");
  EXPECT_EQ(error_of("mustHas", {I(1), S("abc")}), "Cannot find has on type string");
}

TEST(ListFunctions, SliceCastsIndices) {
  Value l = L({I(1), I(2), I(3)});
  EXPECT_EQ(call("slice", {l}), "[]interface {}|[1 2 3]");
  EXPECT_EQ(call("slice", {l, I(1)}), "[]interface {}|[2 3]");
  EXPECT_EQ(call("slice", {l, S("1"), F(2.7)}), "[]interface {}|[2]");
  EXPECT_EQ(call("slice", {l, I(3)}), "[]interface {}|[]");
  // An empty list gives nil, whatever the indices.
  EXPECT_EQ(call("slice", {L({}), I(1), I(5)}), "<nil>|<nil>");
  const std::string bounds = "reflect.Value.Slice: slice index out of bounds";
  EXPECT_EQ(error_of("slice", {l, I(2), I(1)}), bounds);
  EXPECT_EQ(error_of("slice", {l, I(1), I(5)}), bounds);
  EXPECT_EQ(error_of("slice", {l, I(-1)}), bounds);
}

TEST(ListFunctions, ConcatAndChunk) {
  EXPECT_EQ(call("concat", {}), "[]interface {}|[]");
  EXPECT_EQ(call("concat", {L({I(1)}), L({}), L({S("a"), L({I(2)})})}), "[]interface {}|[1 a [2]]");
  Value five = L({I(1), I(2), I(3), I(4), I(5)});
  // Go's [][]interface{}, of []interface{} chunks.
  EXPECT_EQ(call("chunk", {I(2), five}), "[][]interface {}|[[1 2] [3 4] [5]]");
  EXPECT_EQ(call("chunk", {I(10), L({I(1), I(2), I(3)})}), "[][]interface {}|[[1 2 3]]");
  EXPECT_EQ(call("chunk", {I(2), L({})}), "[][]interface {}|[]");
  // Sprig's float arithmetic with non-positive sizes.
  EXPECT_EQ(call("chunk", {I(-5), L({I(1)})}), "[][]interface {}|[[1]]");
  EXPECT_EQ(call("chunk", {I(-5), L({I(1), I(2), I(3)})}), "[][]interface {}|[]");
  const std::string makeslice = "runtime error: makeslice: len out of range";
  EXPECT_EQ(error_of("chunk", {I(0), L({I(1), I(2)})}), makeslice);
  EXPECT_EQ(error_of("chunk", {I(0), L({})}), makeslice);
  EXPECT_EQ(error_of("mustChunk", {I(-1), L({I(1)})}), makeslice);
  EXPECT_EQ(error_of("chunk", {I(-5), L({})}), makeslice);
}

TEST(ListFunctions, BytesAreSlices) {
  // A []byte (e.g. .Files.GetBytes) is a slice of uint8 elements (held here as ints).
  EXPECT_EQ(print_value(call_function(list_functions(), "first", {Value::bytes("hi")})), "104");
  EXPECT_EQ(print_value(call_function(list_functions(), "reverse", {Value::bytes("hi")})),
            "[105 104]");
}

}  // namespace
}  // namespace render::tmpl
