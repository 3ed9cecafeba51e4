// The fast head reader against the full YAML path: whenever it accepts a document it must give
// the same head, and it must hand anything outside its subset to the full path.
#include <gtest/gtest.h>

#include "chart/fast_head.hpp"
#include "chart/manifests.hpp"

namespace render::chart {
namespace {

struct Case {
  const char* name;
  const char* yaml;
  bool fast;  // the fast reader takes it
};

const Case kCases[] = {
    {"plain", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n", true},
    {"comments_and_blank",
     "# Source: x\napiVersion: v1\n\nkind: Secret # trailing\nmetadata:\n  name: \"q\"\n", true},
    {"hook",
     "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n"
     "    helm.sh/hook: pre-install,post-upgrade\n    other: 'x''y'\n",
     true},
    {"lists",
     "kind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n"
     "        - name: c\n          args:\n          - a\n          - \"b\"\n        -\n"
     "          name: second\n      volumes: []\n",
     true},
    {"block_scalar",
     "kind: ConfigMap\nmetadata:\n  name: c\ndata:\n  f: |-\n    line one\n\n    # not a comment\n"
     "  g: >\n    folded\n",
     true},
    {"indentless_under_key", "kind: List\nitems:\n- a\n- b\nmetadata:\n  name: l\n", true},
    {"empty", "# only a comment\n", true},
    {"flow_words",
     "kind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  policyTypes: [Ingress, Egress]\n", true},
    {"flow_nested", "kind: x\nspec:\n  a: [b, [c]]\n", false},
    {"flow_quoted", "kind: x\nspec:\n  a: [\"b\"]\n", false},
    {"numeric_kind", "kind: 1\n", false},
    {"bool_name", "kind: x\nmetadata:\n  name: yes\n", false},
    {"case_insensitive_key", "Kind: Service\n", false},
    {"flow_map", "kind: x\nmetadata: {name: a}\n", false},
    {"anchor", "kind: &k x\n", false},
    {"multi_line_plain", "kind: x\ndata:\n  a: one\n    two\n", false},
    {"bad_indent", "kind: x\nmetadata:\n    name: a\n  other: b\n", false},
    {"mapping_in_plain", "kind: a: b\n", false},
    // A value after more than one space is checked as one after a single space.
    {"spaces_before_value", "kind:   x\nmetadata:\n  name:  a\ndata:\n  b:    c d\n", true},
    {"spaces_before_flow", "kind: x\ndata:\n  a:  [\n", false},
    {"spaces_before_nan", "kind: x\ndata:\n  a:  .nan\n", false},
    {"unterminated_quote", "kind: \"abc\n", false},
    {"tab", "kind: x\n\tname: y\n", false},
    // Lines are scanned sixteen bytes at a time, then byte by byte at the end of the document.
    {"cr_in_long_line", "kind: ConfigMap\nmetadata:\n  name: a-rather-long-name-here\r\n", false},
    {"tab_in_tail", "kind: x\nmetadata:\n  name: a\tb", false},
    {"crlf", "kind: x\r\nmetadata:\r\n  name: a\r\n", false},
    {"long_lines",
     "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n"
     "  name: a-name-that-is-longer-than-sixteen-bytes\n  annotations:\n"
     "    helm.sh/hook: pre-install\n",
     true},
    {"list_document", "- a\n- b\n", false},
    {"empty_entry_then_parent_key", "kind: x\nitems:\n-\nname: y\n", false},
    {"empty_entry_then_key", "kind: x\nitems:\n  -\n  name: y\n", false},
    {"duplicate_kind", "kind: a\nkind: b\n", false},
    {"escaped_name", "kind: x\nmetadata:\n  name: \"a\\tb\"\n", false},
    // UTF-8 text is read here; what yaml.v2's reader refuses goes to the full path.
    {"utf8_text",
     "kind: ConfigMap\nmetadata:\n  name: caf\xc3\xa9\ndata:\n  k: \xe2\x98\x95 \xf0\x9f\x98\x80\n",
     true},
    {"control_char",
     "kind: x\ndata:\n  k: a\x01"
     "b\n",
     false},
    {"invalid_utf8",
     "kind: x\ndata:\n  k: a\xff"
     "b\n",
     false},
    {"del_in_long_line", "kind: ConfigMap\nmetadata:\n  name: a-rather-long-name-here\x7f\n",
     false},
    // Keys and values longer than sixteen bytes, spaces and comments in them, and a last line
    // without a line break, shorter than sixteen bytes.
    {"long_keys_and_spaced_values",
     "kind: x\nmetadata:\n  name: nm\n  annotations:\n"
     "    a-very-long-annotation-key.example.com/with-path: some words and more # c\n"
     "    helm.sh/hook: pre-install\ndata:\n  k: ab",
     true},
    {"colon_space_in_long_value", "kind: x\ndata:\n  k: a fairly long value that has: a colon\n",
     false},
    {"hash_without_space_in_value", "kind: x\nmetadata:\n  name: a#b\n", true},
    // What the one-loop reader leaves to the exact one: keys that are numbers, odd bytes.
    // Blank lines before a block scalar's text count for its indentation: text indented less
    // than one of them ends the scalar (an error), more is fine.
    {"blank_line_deeper_than_block_text", "kind: x\ndata:\n  k: |\n      \n    x\n", false},
    {"blank_line_shallower_than_block_text", "kind: x\ndata:\n  k: |\n   \n    x\n", true},
    {"number_key", "kind: x\ndata:\n  1: v\n  2: w\n", true},
    {"null_key", "kind: x\ndata:\n  null: v\n", false},
    {"keyless_line_then_tab", "kind: x\nfoo\n\tbar: y\n", false},
    {"item_maps_and_scalars",
     "kind: x\nmetadata:\n  name: m\nspec:\n  - a: b\n    c:\n      - d\n      - 'e'\n  - f\n"
     "  -   g: h\nitems:\n- i\nother: [j, k]\n",
     true},
};

class FastHead : public ::testing::TestWithParam<Case> {};

TEST_P(FastHead, AgreesWithTheFullPath) {
  const Case& c = GetParam();
  ManifestHead fast, full;
  bool took = fast_manifest_head(c.yaml, fast);
  EXPECT_EQ(took, c.fast);
  std::string error;
  bool full_ok = full_manifest_head(c.yaml, full, error);
  if (took) {
    ASSERT_TRUE(full_ok) << error;
    EXPECT_EQ(fast.kind, full.kind);
    EXPECT_EQ(fast.name, full.name);
    EXPECT_EQ(fast.has_hook, full.has_hook);
    EXPECT_EQ(fast.hook_types, full.hook_types);
  }
}

INSTANTIATE_TEST_SUITE_P(Documents, FastHead, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// A mapping nested deeper than the one-loop reader keeps track of is read by the exact reader.
TEST(FastHeadDepth, DeepNestingIsReadAllTheSame) {
  std::string doc = "kind: Deep\nmetadata:\n  name: d\nspec:\n";
  for (int level = 1; level <= 80; ++level) {
    doc +=
        std::string(2 * static_cast<std::size_t>(level), ' ') + "k" + std::to_string(level) + ":\n";
  }
  doc += std::string(162, ' ') + "leaf: v\n";
  ManifestHead fast, full;
  ASSERT_TRUE(fast_manifest_head(doc, fast));
  std::string error;
  ASSERT_TRUE(full_manifest_head(doc, full, error)) << error;
  EXPECT_EQ(fast.kind, "Deep");
  EXPECT_EQ(fast.name, full.name);
}

// Keys are scanned sixteen bytes at a time: every byte, at every place of a long key, must be
// judged as the character table judges it (letters, digits, _ . / - make up a plain key; the
// reader leaves any other key to the full path).
TEST(FastHeadKeys, EveryByteAtEveryPlaceOfALongKey) {
  auto key_char = [](int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' ||
           b == '.' || b == '/' || b == '-';
  };
  for (int b = 1; b < 256; ++b) {
    if (b == '\n') continue;
    for (std::size_t at = 1; at < 40; ++at) {
      std::string key(40, 'k');
      key[at] = static_cast<char>(b);
      std::string doc = "kind: x\nmetadata:\n  name: nm\n  " + key + ": v\n";
      ManifestHead head;
      EXPECT_EQ(fast_manifest_head(doc, head), key_char(b)) << "byte " << b << " at " << at;
    }
  }
}

// yaml.v2's reader refuses these before it parses anything; yaml-cpp would read them.
TEST(ManifestHead, RefusesWhatYamlV2ReadsNot) {
  const std::pair<const char*, const char*> cases[] = {
      {"kind: x\ndata:\n  k: a\x01"
       "b\n",
       "control characters are not allowed"},
      {"kind: x\ndata:\n  k: \"\x7f\"\n", "control characters are not allowed"},
      {"kind: x\ndata:\n  k: a\xff"
       "b\n",
       "invalid leading UTF-8 octet"},
      {"kind: x\ndata:\n  k: \"\xc3\"\n", "invalid trailing UTF-8 octet"},
      {"kind: x\ndata:\n  k: \xed\xa0\x80\n", "invalid Unicode character"},
  };
  for (const auto& [doc, message] : cases) {
    ManifestHead head;
    std::string error;
    EXPECT_FALSE(parse_manifest_head(doc, head, error)) << doc;
    EXPECT_EQ(error, std::string("error converting YAML to JSON: yaml: ") + message) << doc;
  }
}

// A "-" alone on a line of a block scalar is text, not an empty sequence entry: the document
// reads (the empty entry yaml.v2 refuses is refused outside block scalars all the same), also
// past a part the fast readers leave to the full path (the flow mapping here).
TEST(ManifestHead, DashLinesInBlockScalarsAreText) {
  const char* const docs[] = {
      "kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  f: |\n    -\n    foo\n",
      "kind: ConfigMap\nmetadata:\n  name: b\n  labels: {x: \"1\"}\ndata:\n  f: |\n    -\n"
      "    foo: 1\n  g: >-\n    - \n    bar\nlist:\n  - key: |\n      -\n      k: v\n  - |\n"
      "    -\n    k: v\n",
      // Quoted keys holding ": " themselves.
      "kind: ConfigMap\nmetadata:\n  name: c\n  labels: {x: \"1\"}\ndata:\n  \"a: b\": |\n    -\n"
      "    foo\n  'it''s: x': >\n    -\n    bar\n",
  };
  for (const char* doc : docs) {
    ManifestHead head;
    std::string error;
    EXPECT_TRUE(parse_manifest_head(doc, head, error)) << doc << error;
    EXPECT_EQ(head.kind, "ConfigMap") << doc;
  }
  ManifestHead head;
  std::string error;
  EXPECT_FALSE(parse_manifest_head(
      "kind: List\nx: {a: 1}\nitems:\n  - |\n    -\n    foo: 1\n  -\n  bar: 2\n", head, error));
  EXPECT_EQ(error,
            "error converting YAML to JSON: yaml: line 7: did not find expected node content");
}

}  // namespace
}  // namespace render::chart
