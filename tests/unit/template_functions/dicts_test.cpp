// Sprig's dict functions, merge/mergeOverwrite (mergo) and dig/deepCopy. Expected results, result
// types (typeOf) and error messages were observed with helm v4.1.4.
#include <gtest/gtest.h>

#include "call_function.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

const FunctionList& dict_functions() {
  return family<add_dict_functions>();
}

Value run(std::string_view name, std::vector<Value> args) {
  return call_function(dict_functions(), name, std::move(args));
}

// "<type>|<%v>", as `printf "%T|%v"` shows a result.
std::string call(std::string_view name, std::vector<Value> args) {
  Value r = run(name, std::move(args));
  return std::string(r.type_name()) + "|" + print_value(r);
}

std::string error_of(std::string_view name, std::vector<Value> args) {
  return call_error(dict_functions(), name, std::move(args));
}

// `dict k v ...`
Value D(std::vector<Value> kv) {
  return run("dict", std::move(kv));
}

TEST(DictFunctions, DictStringifiesKeys) {
  EXPECT_EQ(call("dict", {}), "map[string]interface {}|map[]");
  EXPECT_EQ(call("dict", {S("a"), I(1), S("b")}), "map[string]interface {}|map[a:1 b:]");
  EXPECT_EQ(call("dict", {I(1), I(2), Value(), I(3), F(1.5), I(4), L({I(1)}), I(5), B(true), I(6)}),
            "map[string]interface {}|map[1:2 1.5:4 <nil>:3 [1]:5 true:6]");
  EXPECT_EQ(call("dict", {S("a"), I(1), S("a"), I(2)}), "map[string]interface {}|map[a:2]");
  EXPECT_EQ(call("dict", {Value::bytes("hi"), I(1)}), "map[string]interface {}|map[hi:1]");
}

TEST(DictFunctions, GetHasKeyPluck) {
  Value d = D({S("a"), I(1), S("n"), Value()});
  EXPECT_EQ(call("get", {d, S("a")}), "int|1");
  EXPECT_EQ(call("get", {d, S("n")}), "<nil>|<nil>");
  EXPECT_EQ(call("get", {d, S("b")}), "string|");
  EXPECT_EQ(call("get", {Value(), S("b")}), "string|");
  EXPECT_EQ(call("hasKey", {d, S("n")}), "bool|true");
  EXPECT_EQ(call("hasKey", {d, S("b")}), "bool|false");
  EXPECT_EQ(call("hasKey", {Value(), S("a")}), "bool|false");
  EXPECT_EQ(call("pluck", {S("a"), D({S("a"), I(1)}), D({S("b"), I(2)}), D({S("a"), Value()})}),
            "[]interface {}|[1 <nil>]");
  EXPECT_EQ(call("pluck", {S("a"), Value(), D({S("a"), I(3)})}), "[]interface {}|[3]");
}

TEST(DictFunctions, SetAndUnsetMutateTheirArgument) {
  Value d = D({S("a"), I(1)});
  Value alias = d;
  Value r = run("set", {d, S("b"), I(2)});
  EXPECT_EQ(print_value(alias), "map[a:1 b:2]");
  EXPECT_EQ(&r.as_map(), &d.as_map());
  run("unset", {d, S("a")});
  EXPECT_EQ(print_value(alias), "map[b:2]");
  EXPECT_EQ(error_of("set", {Value(), S("a"), I(1)}), "assignment to entry in nil map");
  EXPECT_EQ(call("unset", {Value(), S("a")}), "map[string]interface {}|map[]");
}

TEST(DictFunctions, KeysValuesPickOmit) {
  // Go's order within a map is random; ours is sorted, map by map in the arguments' order.
  EXPECT_EQ(
      print_value(run("keys", {D({S("b"), I(1), S("a"), I(2)}), D({S("c"), I(3), S("a"), I(4)})})),
      "[a b a c]");
  EXPECT_EQ(print_value(run("keys", {D({S("z"), I(1)}), D({S("b"), I(3), S("a"), I(4)})})),
            "[z a b]");
  EXPECT_EQ(print_value(run("keys", {})), "[]");
  EXPECT_EQ(print_value(run("keys", {Value()})), "[]");
  EXPECT_EQ(call("values", {D({S("b"), I(1), S("a"), S("x")})}), "[]interface {}|[x 1]");
  EXPECT_EQ(call("values", {Value()}), "[]interface {}|[]");
  Value d = D({S("a"), I(1), S("b"), I(2)});
  EXPECT_EQ(call("pick", {d, S("a"), S("z")}), "map[string]interface {}|map[a:1]");
  EXPECT_EQ(call("pick", {Value(), S("a")}), "map[string]interface {}|map[]");
  EXPECT_EQ(call("omit", {d, S("a"), S("z")}), "map[string]interface {}|map[b:2]");
  EXPECT_EQ(call("omit", {Value()}), "map[string]interface {}|map[]");
  EXPECT_EQ(print_value(d), "map[a:1 b:2]");  // pick and omit build new maps
}

TEST(DictFunctions, MergeKeepsDestinationValues) {
  Value dst = D({S("a"), D({S("x"), I(1), S("y"), I(2)}), S("l"), L({I(1)})});
  Value src = D({S("a"), D({S("y"), I(3), S("z"), I(4)}), S("l"), L({I(2), I(3)}), S("n"), I(5)});
  Value r = run("merge", {dst, src});
  EXPECT_EQ(print_value(r), "map[a:map[x:1 y:2 z:4] l:[1] n:5]");
  EXPECT_EQ(&r.as_map(), &dst.as_map());  // dst is changed and returned
  // Empty destination values (false, 0, "", [], {}, nil) are replaced.
  EXPECT_EQ(
      print_value(run("merge", {D({S("a"), B(false), S("b"), I(0), S("c"), S(""), S("d"), L({}),
                                   S("e"), D({}), S("f"), Value(), S("g"), I(1)}),
                                D({S("a"), B(true), S("b"), I(5), S("c"), S("x"), S("d"), L({I(1)}),
                                   S("e"), D({S("k"), I(1)}), S("f"), I(2), S("g"), I(3)})})),
      "map[a:true b:5 c:x d:[1] e:map[k:1] f:2 g:1]");
  // A map does not replace a scalar or the other way round.
  EXPECT_EQ(
      print_value(run("merge",
                      {D({S("a"), S("x"), S("b"), D({S("k"), I(1)}), S("c"), L({I(1)})}),
                       D({S("a"), D({S("k"), I(2)}), S("b"), S("y"), S("c"), D({S("z"), I(1)})})})),
      "map[a:x b:map[k:1] c:[1]]");
  // nil source values are never added.
  EXPECT_EQ(print_value(run("merge", {D({}), D({S("a"), Value()})})), "map[]");
  EXPECT_EQ(print_value(run(
                "merge", {D({S("a"), I(1)}), D({S("b"), I(2)}), D({S("a"), I(3), S("c"), I(4)})})),
            "map[a:1 b:2 c:4]");
  EXPECT_EQ(
      print_value(run("merge", {D({S("a"), D({S("b"), D({S("c"), I(1), S("d"), B(false)})})}),
                                D({S("a"), D({S("b"), D({S("d"), B(true), S("e"), Value()})})})})),
      "map[a:map[b:map[c:1 d:true]]]");
}

TEST(DictFunctions, MergeOverwriteTakesSourceValues) {
  Value dst = D({S("a"), D({S("x"), I(1), S("y"), I(2)}), S("l"), L({I(1)}), S("e"), S("x")});
  Value src = D({S("a"), D({S("y"), I(3), S("z"), I(4)}), S("l"), L({I(2), I(3)}), S("n"), I(5),
                 S("e"), S("")});
  EXPECT_EQ(print_value(run("mergeOverwrite", {dst, src})),
            "map[a:map[x:1 y:3 z:4] e: l:[2 3] n:5]");
  EXPECT_EQ(print_value(run("mergeOverwrite", {D({}), D({S("a"), Value()})})), "map[a:<nil>]");
  EXPECT_EQ(print_value(run("mergeOverwrite", {D({S("a"), I(1)}), D({S("a"), Value()})})),
            "map[a:<nil>]");
  // Empty lists replace, empty maps merge (and so keep the destination map).
  EXPECT_EQ(print_value(run("mustMergeOverwrite",
                            {D({S("a"), S("x"), S("b"), D({S("k"), I(1)}), S("c"), L({I(1)}),
                                S("d"), L({I(1)}), S("e"), D({S("k"), I(1)})}),
                             D({S("a"), D({S("k"), I(2)}), S("b"), S("y"), S("c"),
                                D({S("z"), I(1)}), S("d"), L({}), S("e"), D({})})})),
            "map[a:map[k:2] b:y c:map[z:1] d:[] e:map[k:1]]");
  EXPECT_EQ(print_value(run("mergeOverwrite", {D({S("a"), I(1)}), D({S("b"), I(2)}),
                                               D({S("a"), I(3), S("c"), I(4)})})),
            "map[a:3 b:2 c:4]");
}

TEST(DictFunctions, MergeSharesSourceContainersAndHandlesNil) {
  // A map added from src is src's own map, as in Go: changing it later shows in the result.
  Value s = D({S("x"), I(1)});
  Value r = run("merge", {D({S("q"), I(1)}), D({S("a"), s})});
  run("set", {s, S("y"), I(2)});
  EXPECT_EQ(print_value(r), "map[a:map[x:1 y:2] q:1]");
  EXPECT_EQ(call("merge", {Value(), D({S("a"), I(1)})}), "map[string]interface {}|map[a:1]");
  EXPECT_EQ(call("mustMerge", {D({S("a"), I(1)}), Value()}), "map[string]interface {}|map[a:1]");
  EXPECT_EQ(call("merge", {Value(), Value()}), "map[string]interface {}|map[]");
  EXPECT_EQ(call("mergeOverwrite", {Value(), D({})}), "map[string]interface {}|map[]");
}

TEST(DictFunctions, Dig) {
  Value nested = D({S("a"), D({S("b"), I(3)})});
  EXPECT_EQ(call("dig", {S("a"), S("b"), S("dflt"), nested}), "int|3");
  EXPECT_EQ(call("dig", {S("a"), S("c"), S("dflt"), nested}), "string|dflt");
  EXPECT_EQ(call("dig", {S("z"), S("c"), S("dflt"), nested}), "string|dflt");
  EXPECT_EQ(call("dig", {S("a"), S("dflt"), nested}), "map[string]interface {}|map[b:3]");
  EXPECT_EQ(call("dig", {S("a"), S("b"), S("dflt"), D({S("a"), D({S("b"), Value()})})}),
            "<nil>|<nil>");
  EXPECT_EQ(error_of("dig", {S("dflt"), D({})}), "dig needs at least three arguments");
  EXPECT_EQ(error_of("dig", {D({})}), "dig needs at least three arguments");
  EXPECT_EQ(error_of("dig", {S("a"), S("b"), S("dflt"), D({S("a"), I(3)})}),
            "interface conversion: interface {} is int, not map[string]interface {}");
  EXPECT_EQ(error_of("dig", {S("a"), S("b"), S("dflt"), Value()}),
            "interface conversion: interface {} is nil, not map[string]interface {}");
  EXPECT_EQ(error_of("dig", {S("a"), S("dflt"), S("x")}),
            "interface conversion: interface {} is string, not map[string]interface {}");
  EXPECT_EQ(error_of("dig", {S("a"), I(1), S("dflt"), D({})}),
            "interface conversion: interface {} is int, not string");
}

TEST(DictFunctions, DeepCopy) {
  Value inner = D({S("a"), I(2)});
  Value l = L({I(1), inner});
  Value c = run("deepCopy", {l});
  EXPECT_EQ(print_value(c), "[1 map[a:2]]");
  run("set", {inner, S("b"), I(3)});
  EXPECT_EQ(print_value(c), "[1 map[a:2]]");  // the copy does not share the nested map
  EXPECT_EQ(call("deepCopy", {F(1.5)}), "float64|1.5");
  EXPECT_EQ(call("mustDeepCopy", {S("x")}), "string|x");
  EXPECT_EQ(error_of("deepCopy", {Value()}), "reflect: call of reflect.Value.Type on zero Value");
  EXPECT_EQ(error_of("mustDeepCopy", {Value()}),
            "reflect: call of reflect.Value.Type on zero Value");
}

}  // namespace
}  // namespace render::tmpl
