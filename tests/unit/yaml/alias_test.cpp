#include <gtest/gtest.h>

#include <string>

#include "render/diagnostic.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

// The message load() fails with, or "" when it loads.
std::string load_error(const std::string& text) {
  try {
    load(text, LoadOptions{});
  } catch (const Error& e) {
    return e.diagnostics().front().message;
  }
  return "";
}

std::string list_and_aliases(int items, int aliases) {
  std::string text = "base: &b [";
  for (int i = 0; i < items; ++i) text += i ? ",x" : "x";
  text += "]\nrefs: [";
  for (int i = 0; i < aliases; ++i) text += i ? ",*b" : "*b";
  return text + "]\n";
}

std::string map_and_merges(int keys, int merges) {
  std::string text = "base: &b {";
  for (int i = 0; i < keys; ++i) text += (i ? ", k" : "k") + std::to_string(i) + ": 1";
  text += "}\nrefs:\n";
  for (int i = 0; i < merges; ++i) text += "  r" + std::to_string(i) + ": {<<: *b, z: 1}\n";
  return text;
}

TEST(Aliases, AnAnchorHoldingItselfFailsAsInYamlV2) {
  EXPECT_EQ(load_error("a: &a [x, *a]\n"), "anchor 'a' value contains itself");
  EXPECT_EQ(load_error("m: &self-ref {b: {c: *self-ref}}\n"),
            "anchor 'self-ref' value contains itself");
}

// The boundaries are those helm v4.1.4 showed for the same texts.
TEST(Aliases, ExcessiveAliasingStopsWhereYamlV2Stops) {
  EXPECT_EQ(load_error(list_and_aliases(100, 3923)), "");
  EXPECT_EQ(load_error(list_and_aliases(100, 3924)), "document contains excessive aliasing");
  EXPECT_EQ(load_error(map_and_merges(30, 10095)), "");
  EXPECT_EQ(load_error(map_and_merges(30, 10096)), "document contains excessive aliasing");
}

TEST(Aliases, AliasesOfModestShareLoadInFull) {
  Loaded loaded = load(list_and_aliases(10, 50), LoadOptions{});
  const List& refs = loaded.value.as_map().at("refs").as_list();
  ASSERT_EQ(refs.size(), 50u);
  EXPECT_EQ(refs[49].as_list().size(), 10u);
  // Stars that are no aliases are text.
  EXPECT_EQ(load_error("a: &a x\nhost: '*.example.com'\ncron: '*/5 * * * *'\nb: x*y\n"), "");
}

}  // namespace
}  // namespace render::yaml
