#include <gtest/gtest.h>

#include <string>

#include "render/diagnostic.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

Value loaded(std::string_view text) {
  return load(text, LoadOptions{}).value;
}

std::string load_error(std::string_view text) {
  try {
    load(text, LoadOptions{});
  } catch (const Error& e) {
    return e.diagnostics().front().message;
  }
  return "(loaded)";
}

// An indented root after comment lines ends at the first line further left; yaml.v2 reads a
// '}' or ']' there and nothing after it.
TEST(IgnoredTail, FlowEndLeftOfAnIndentedRootEndsTheText) {
  std::string json = "# {\n  \"a\": 1,\n  \"b\": \"one\"\n}\nkind: Ignored\n";
  Value v = loaded(json);
  ASSERT_TRUE(v.is_map());
  EXPECT_EQ(v.as_map().size(), 2u);
  EXPECT_EQ(v.as_map().find("b")->second.as_string(), "one");
  EXPECT_EQ(loaded("# c\n    a: 1\n  ] @ [\n").as_map().size(), 1u);
  EXPECT_EQ(loaded("# c\n  a: |\n    x\n}\n").as_map().find("a")->second.as_string(), "x\n");
  EXPECT_EQ(ignored_tail(json, "illegal flow end", 3, 0), json.find("}\nkind"));
}

TEST(IgnoredTail, OnlyThereAndOnlyWhenTheTextBeforeReads) {
  // Not indented: the '}' stands among the root's keys.
  EXPECT_NE(load_error("a: 1\n}\n"), "(loaded)");
  // Inside a flow collection, or its text before unreadable: yaml-cpp's error stands.
  EXPECT_NE(load_error("# c\n  a: [1,\n}\n"), "(loaded)");
  EXPECT_NE(load_error("# c\n  a: \"x\n}"), "(loaded)");
  std::string text = "# c\n  a: 1\n}\n";
  EXPECT_EQ(ignored_tail(text, "illegal flow end", 2, 0), text.find('}'));
  EXPECT_EQ(ignored_tail(text, "end of map not found", 2, 0), std::nullopt);
  EXPECT_EQ(ignored_tail("# c\n  a: 1\n x }\n", "illegal flow end", 2, 3), std::nullopt);
  EXPECT_EQ(ignored_tail("# c\n  a: 1\n  }\n", "illegal flow end", 2, 2), std::nullopt);
  EXPECT_EQ(ignored_tail("%YAML 1.1\n  a: 1\n}\n", "illegal flow end", 2, 0), std::nullopt);
}

}  // namespace
}  // namespace render::yaml
