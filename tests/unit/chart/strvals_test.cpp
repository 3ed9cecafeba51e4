// --set syntax (Helm's strvals). Expected values and messages were observed with helm v4.1.4
// (helm template ... --set X, values printed with toJson).
#include <gtest/gtest.h>

#include "chart/strvals.hpp"
#include "render/yaml.hpp"

namespace render::chart {
namespace {

std::string set(const std::string& arg, SetMode mode = SetMode::kTyped, Value base = Value::map()) {
  std::string error;
  if (!parse_set(arg, base, mode, error)) return "error: " + error;
  return yaml::to_json(base);
}

TEST(Strvals, TypedValues) {
  EXPECT_EQ(set("i=1,f=1.5,b=true,s=str,n=null,neg=-3,z=0,e="),
            R"({"b":true,"e":"","f":"1.5","i":1,"n":null,"neg":-3,"s":"str","z":0})");
  EXPECT_EQ(set("x=+5,y=-0,z=1_0,w=0x1,lz=007,T=TRUE"),
            R"({"T":true,"lz":"007","w":"0x1","x":5,"y":0,"z":"1_0"})");
  EXPECT_EQ(set("big=12345678901234567890"), R"({"big":"12345678901234567890"})");
  EXPECT_EQ(set("n=1,t=true", SetMode::kString), R"({"n":"1","t":"true"})");
}

TEST(Strvals, NestingListsAndEscapes) {
  EXPECT_EQ(set("a.b.c=1"), R"({"a":{"b":{"c":1}}})");
  EXPECT_EQ(set("list={a,b,c}"), R"({"list":["a","b","c"]})");
  EXPECT_EQ(set("a={}"), R"({"a":[""]})");
  EXPECT_EQ(set("esc=a\\,b"), R"({"esc":"a,b"})");
  EXPECT_EQ(set("e=\\"), R"({"e":""})");
  EXPECT_EQ(set("x.y[1]=second"), R"({"x":{"y":[null,"second"]}})");
  EXPECT_EQ(set("objs[0].port=2,objs[2].name=z"), R"({"objs":[{"port":2},null,{"name":"z"}]})");
  EXPECT_EQ(set("l[0]"), R"({"l":[]})");
  EXPECT_EQ(set("m[0][1]=x"), R"({"m":[[null,"x"]]})");
}

TEST(Strvals, MergesIntoExistingValues) {
  Value base = Value::map();
  std::string error;
  ASSERT_TRUE(parse_set("a.b=1", base, SetMode::kTyped, error));
  ASSERT_TRUE(parse_set("a.c=2,l={1,2}", base, SetMode::kTyped, error));
  ASSERT_TRUE(parse_set("l[3]=4", base, SetMode::kTyped, error));
  EXPECT_EQ(yaml::to_json(base), R"({"a":{"b":1,"c":2},"l":[1,2,null,4]})");
}

TEST(Strvals, HelmErrorMessages) {
  EXPECT_EQ(set("a"), "error: key \"a\" has no value");
  EXPECT_EQ(set("a,b=1"), "error: key \"a\" has no value (cannot end with ,)");
  EXPECT_EQ(set("x[70000]=1"),
            "error: index of 70000 is greater than maximum supported index of 65536");
  EXPECT_EQ(set("x[-1]=1"), "error: negative -1 index not allowed");
  EXPECT_EQ(set("x={1,2"), "error: list must terminate with '}'");
  EXPECT_EQ(set("q.=1"), "error: key map \"q\" has no value");
  EXPECT_EQ(set("x[a]=1"),
            "error: error parsing index: strconv.Atoi: parsing \"a\": invalid syntax");
  EXPECT_EQ(set("a=1,a.b=2"),
            "error: unable to parse key: interface conversion: interface {} is int64, not "
            "map[string]interface {}");
}

TEST(Strvals, NestingDepthIsLimited) {
  std::string deep;
  for (int i = 0; i < 31; ++i) deep += "k.";
  EXPECT_EQ(set(deep + "x=1"),
            "error: value name nested level is greater than maximum supported nested level of 30");
}

TEST(Strvals, JsonValues) {
  EXPECT_EQ(set(R"(m={"b":[1,2],"c":{"d":null}},n=1.5,s="str",e=)", SetMode::kJson),
            R"({"e":null,"m":{"b":[1,2],"c":{"d":null}},"n":1.5,"s":"str"})");
  EXPECT_EQ(set("a={bad", SetMode::kJson).substr(0, 7), "error: ");
}

TEST(Strvals, LiteralValuesTakeTheRestVerbatim) {
  EXPECT_EQ(set("a.b=x,y=\\z", SetMode::kLiteral), R"({"a":{"b":"x,y=\\z"}})");
}

TEST(Strvals, FileValuesReadTheNamedFile) {
  Value base = Value::map();
  std::string error;
  FileReader reader = [](const std::string& path, std::string& content, std::string& err) {
    if (path == "cert.pem") {
      content = "PEM\n";
      return true;
    }
    err = "open " + path + ": no such file or directory";
    return false;
  };
  ASSERT_TRUE(parse_set("c=cert.pem", base, SetMode::kFile, error, reader)) << error;
  EXPECT_EQ(yaml::to_json(base), R"({"c":"PEM\n"})");
  EXPECT_FALSE(parse_set("q=nofile", base, SetMode::kFile, error, reader));
  EXPECT_EQ(error, "open nofile: no such file or directory");
}

}  // namespace
}  // namespace render::chart
