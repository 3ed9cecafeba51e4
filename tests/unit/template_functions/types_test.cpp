// Sprig's typeOf, typeIs, typeIsLike, kindOf, kindIs and deepEqual. Expected results were observed
// with helm v4.1.4 (including .Capabilities / .Files / semver objects, whose type names the
// objects themselves give).
#include <gtest/gtest.h>

#include <memory>

#include "call_function.hpp"
#include "template/functions/semver.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

const FunctionList& type_functions() {
  return family<add_type_functions>();
}

std::string call(std::string_view name, std::vector<Value> args) {
  return print_value(call_function(type_functions(), name, std::move(args)));
}

// A stand-in for Helm's native objects, with their Go type names.
class FakeObject : public Object {
 public:
  explicit FakeObject(std::string type) : type_(std::move(type)) {}
  std::string_view type_name() const override { return type_; }
  bool field(std::string_view, Value&) const override { return false; }
  std::string print() const override { return "{}"; }

 private:
  std::string type_;
};

Value O(std::string type) {
  return Value::object(std::make_shared<FakeObject>(std::move(type)));
}

TEST(TypeFunctions, TypeOfUsesGoTypeNames) {
  EXPECT_EQ(call("typeOf", {Value()}), "<nil>");
  EXPECT_EQ(call("typeOf", {Value::boolean(true)}), "bool");
  EXPECT_EQ(call("typeOf", {I(1)}), "int");
  EXPECT_EQ(call("typeOf", {Value::int64(1)}), "int64");
  EXPECT_EQ(call("typeOf", {F(1)}), "float64");
  EXPECT_EQ(call("typeOf", {S("")}), "string");
  EXPECT_EQ(call("typeOf", {Value::bytes("x")}), "[]uint8");
  EXPECT_EQ(call("typeOf", {L({})}), "[]interface {}");
  EXPECT_EQ(call("typeOf", {Value::map()}), "map[string]interface {}");
  EXPECT_EQ(call("typeOf", {semver_object(*SemVersion::parse("1.2.3"), "1.2.3")}),
            "*semver.Version");
  EXPECT_EQ(call("typeOf", {O("common.VersionSet")}), "common.VersionSet");
}

TEST(TypeFunctions, KindOfUsesReflectKinds) {
  EXPECT_EQ(call("kindOf", {Value()}), "invalid");
  EXPECT_EQ(call("kindOf", {Value::boolean(false)}), "bool");
  EXPECT_EQ(call("kindOf", {I(1)}), "int");
  EXPECT_EQ(call("kindOf", {Value::int64(1)}), "int64");
  EXPECT_EQ(call("kindOf", {F(1)}), "float64");
  EXPECT_EQ(call("kindOf", {S("x")}), "string");
  EXPECT_EQ(call("kindOf", {Value::bytes("x")}), "slice");
  EXPECT_EQ(call("kindOf", {L({})}), "slice");
  EXPECT_EQ(call("kindOf", {Value::map()}), "map");
  EXPECT_EQ(call("kindOf", {O("*common.Capabilities")}), "ptr");
  EXPECT_EQ(call("kindOf", {O("common.VersionSet")}), "slice");
  EXPECT_EQ(call("kindOf", {O("engine.files")}), "map");
  EXPECT_EQ(call("kindOf", {O("common.KubeVersion")}), "struct");
  EXPECT_EQ(call("kindOf", {semver_object(SemVersion{}, "", false)}), "struct");
  EXPECT_EQ(call("kindIs", {S("invalid"), Value()}), "true");
  EXPECT_EQ(call("kindIs", {S("map"), Value::map()}), "true");
  EXPECT_EQ(call("kindIs", {S("int"), F(1)}), "false");
}

TEST(TypeFunctions, TypeIsAndTypeIsLike) {
  EXPECT_EQ(call("typeIs", {S("float64"), F(1)}), "true");
  EXPECT_EQ(call("typeIs", {S("int"), F(1)}), "false");
  EXPECT_EQ(call("typeIs", {S("<nil>"), Value()}), "true");
  EXPECT_EQ(call("typeIsLike", {S("common.Capabilities"), O("*common.Capabilities")}), "true");
  EXPECT_EQ(call("typeIsLike", {S("*common.Capabilities"), O("*common.Capabilities")}), "true");
  EXPECT_EQ(call("typeIsLike", {S("semver.Version"), semver_object(SemVersion{}, "")}), "true");
  EXPECT_EQ(call("typeIsLike", {S("string"), S("x")}), "true");
  EXPECT_EQ(call("typeIsLike", {S("interface {}"), L({})}), "false");
}

TEST(TypeFunctions, DeepEqual) {
  EXPECT_EQ(call("deepEqual", {L({I(1), I(2)}), L({I(1), I(2)})}), "true");
  EXPECT_EQ(call("deepEqual", {I(1), F(1)}), "false");
  EXPECT_EQ(call("deepEqual", {I(1), Value::int64(1)}), "false");
  EXPECT_EQ(call("deepEqual", {Value::map({{"a", Value()}}), Value::map({{"a", Value()}})}),
            "true");
  EXPECT_EQ(call("deepEqual", {Value(), Value()}), "true");
  EXPECT_EQ(call("deepEqual", {Value(), S("")}), "false");
  // Two versions parsed separately are equal (DeepEqual follows pointers).
  EXPECT_EQ(call("deepEqual", {semver_object(*SemVersion::parse("1.2.3"), "1.2.3"),
                               semver_object(*SemVersion::parse("1.2.3"), "1.2.3")}),
            "true");
  EXPECT_EQ(call("deepEqual", {semver_object(*SemVersion::parse("v1.2"), "v1.2"),
                               semver_object(*SemVersion::parse("1.2.0"), "1.2.0")}),
            "false");  // Original differs
  Value caps = O("*common.Capabilities");
  EXPECT_EQ(call("deepEqual", {caps, caps}), "true");
}

}  // namespace
}  // namespace render::tmpl
