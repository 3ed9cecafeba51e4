// Output assembly: the document-splitting regex and its consequences (helm-template-semantics.md
// section 4.3), hooks, the kind order and the `# Source:` framing (section 4.7). Expected texts
// are what helm v4.1.4 printed for the same rendered files.
#include <gtest/gtest.h>

#include <random>

#include "chart/manifests.hpp"
#include "render/diagnostic.hpp"

namespace render::chart {
namespace {

using Docs = std::vector<std::string_view>;

TEST(TrimSpace, UnicodeWhiteSpace) {
  EXPECT_EQ(trim_space(" \t\r\n\v\fa b\n"), "a b");
  EXPECT_EQ(trim_space("\xC2\xA0x\xC2\x85"), "x");          // NBSP, NEL
  EXPECT_EQ(trim_space("\xE2\x80\x83y\xE3\x80\x80"), "y");  // EM SPACE, IDEOGRAPHIC SPACE
  EXPECT_EQ(trim_space("\xEF\xBB\xBFz"), "\xEF\xBB\xBFz");  // BOM is not white space
  EXPECT_EQ(trim_space(""), "");
}

// The separator search looks at pairs of dashes, sixty-four and sixteen bytes at a time: it must
// find what find() finds from every start, in texts of line breaks, dashes and letters where
// separators fall at every offset, straddle the steps and sit at the very end.
TEST(SplitManifests, FindsEverySeparatorFindFinds) {
  std::mt19937 rng(7);
  const char alphabet[] = {'\n', '-', '-', 'a', ' '};
  for (int round = 0; round < 2000; ++round) {
    std::string text(rng() % 200, 'x');
    for (char& c : text) c = alphabet[rng() % sizeof alphabet];
    for (std::size_t from = 0; from <= text.size(); ++from) {
      ASSERT_EQ(find_separator(text, from), std::string_view(text).find("\n---", from))
          << "from " << from << " in " << testing::PrintToString(text);
    }
  }
  EXPECT_EQ(find_separator("", 0), std::string_view::npos);
  EXPECT_EQ(find_separator(std::string(40, 'a') + "\n---", 0), 40u);
}

// Each kind of Helm's install order is found at its place, by one comparison; any other text,
// however close to one of them, is no kind of the list.
TEST(InstallOrder, KnownKindsOnly) {
  // (The order itself is checked against helm by the parity case out_kind_order_full.)
  std::span<const std::string_view> kinds = install_order_kinds();
  ASSERT_EQ(kinds.size(), 38u);
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(install_order(kinds[i]), static_cast<int>(i)) << kinds[i];
  }
  for (const char* other : {"", "deployment", "Deploymen", "Deployments", "DeploymenT", "Jab",
                            "Pad", "R", "Rolf", "SecretLisT", "Foo", "Secret\n"}) {
    EXPECT_EQ(install_order(other), -1) << other;
  }
}

TEST(SplitManifests, SeparatorsAndTrimming) {
  EXPECT_EQ(split_manifests("a: 1\n---\nb: 2\n"), (Docs{"a: 1", "b: 2"}));
  EXPECT_EQ(split_manifests("---\na: 1\n---\n\n\n---\nb: 2"), (Docs{"a: 1", "---\nb: 2"}));
  EXPECT_EQ(split_manifests("  \n  a: 1  \n\n"), (Docs{"a: 1"}));
  EXPECT_EQ(split_manifests("# only a comment\n"), (Docs{"# only a comment"}));
}

TEST(SplitManifests, TextAfterTheDashesStartsTheNextDocument) {
  EXPECT_EQ(split_manifests("a: 1\n---foo: 1\n"), (Docs{"a: 1", "foo: 1"}));
  EXPECT_EQ(split_manifests("a: 1\n---   \nb: 2"), (Docs{"a: 1", "b: 2"}));
  EXPECT_EQ(split_manifests("a: 1\n--- # c\nb: 2"), (Docs{"a: 1", "# c\nb: 2"}));
  EXPECT_EQ(split_manifests("a: 1\n----\nb: 2"), (Docs{"a: 1", "-\nb: 2"}));
}

TEST(SplitManifests, IndentedDashesAndDotsDoNotSplit) {
  EXPECT_EQ(split_manifests("a: |\n  ---\n  x\n"), (Docs{"a: |\n  ---\n  x"}));
  EXPECT_EQ(split_manifests("a: 1\n...\nb: 2\n"), (Docs{"a: 1\n...\nb: 2"}));
}

TEST(SplitManifests, ConsecutiveSeparatorsKeepTheSecondAsText) {
  // The first match swallows the newline the second separator would need.
  EXPECT_EQ(split_manifests("a: 1\n---\n---\nb: 2"), (Docs{"a: 1", "---\nb: 2"}));
  EXPECT_EQ(split_manifests("---\n---\n"), (Docs{"---"}));
}

TEST(SplitManifests, WhitespaceBeforeTheNewlineBelongsToTheSeparator) {
  EXPECT_EQ(split_manifests("a: 1   \n\t\n---\nb: 2"), (Docs{"a: 1", "b: 2"}));
}

TEST(SplitManifests, APieceThatOnlyTrimsToEmptyIsKept) {
  // \v is not in RE2's \s, so the piece "\v" survives the split and trims to "".
  EXPECT_EQ(split_manifests("a: 1\n---\n\v\n---\nb: 2"), (Docs{"a: 1", "", "b: 2"}));
}

TEST(ManifestHead, KindNameAndHookAnnotation) {
  ManifestHead h;
  std::string error;
  ASSERT_TRUE(
      parse_manifest_head("apiVersion: v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    "
                          "helm.sh/hook: pre-install\n",
                          h, error))
      << error;
  EXPECT_EQ(h.kind, "Job");
  EXPECT_EQ(h.name, "j");
  EXPECT_TRUE(h.has_hook);
  EXPECT_EQ(h.hook_types, "pre-install");
}

TEST(ManifestHead, ScalarsBecomeStringsAndKeysMatchCaseInsensitively) {
  ManifestHead h;
  std::string error;
  ASSERT_TRUE(parse_manifest_head("kind: 5\n", h, error)) << error;
  EXPECT_EQ(h.kind, "5");
  ManifestHead k;
  ASSERT_TRUE(parse_manifest_head("Kind: Secret\n", k, error)) << error;
  EXPECT_EQ(k.kind, "Secret");
  ManifestHead empty;
  EXPECT_TRUE(parse_manifest_head("", empty, error));
  EXPECT_TRUE(parse_manifest_head("# only a comment", empty, error));
}

TEST(ManifestHead, HelmTypeErrors) {
  ManifestHead h;
  std::string error;
  EXPECT_FALSE(parse_manifest_head("just a string", h, error));
  EXPECT_EQ(error,
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go "
            "value of type util.SimpleHead");
  EXPECT_FALSE(parse_manifest_head("metadata:\n  name: [1]\n", h, error));
  EXPECT_EQ(error,
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go "
            "struct field .metadata.name of type string");
  EXPECT_FALSE(parse_manifest_head("metadata:\n  annotations: [1]\n", h, error));
  EXPECT_EQ(error,
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go "
            "struct field .metadata.annotations of type map[string]string");
}

// yaml.v2 refuses an empty entry followed by a key at its column only in a sequence indented past
// its owner; under "key:" at the key's own column the next line goes on with the mapping.
TEST(ManifestHead, EmptyEntryThenKeyOnlyInAnIndentedSequence) {
  ManifestHead h;
  std::string error;
  for (const char* refused : {"kind: L\nitems:\n  -\n  name: y\n", "-\nname: y\n",
                              "kind: L\nitems:\n- - a\n  -\n  name: y\n",
                              "kind: L\nitems:\n- args:\n    -\n    name: y\n"}) {
    EXPECT_FALSE(parse_manifest_head(refused, h, error)) << refused;
    EXPECT_NE(error.find("did not find expected node content"), std::string::npos) << error;
  }
  EXPECT_FALSE(parse_manifest_head("kind: L\nitems:\n  -\n  name: y\n", h, error));
  EXPECT_EQ(error,
            "error converting YAML to JSON: yaml: line 3: did not find expected node content");
  for (const char* accepted :
       {"kind: L\nitems:\n-\nname: y\n", "kind: L\nitems:\n- args:\n  -\n  name: y\n",
        "kind: L\nitems:\n  - args:\n    -\n    name: y\n",
        "kind: L\nspec:\n  items:\n  -\n  # c\n  name: y\n"}) {
    ManifestHead a;
    EXPECT_TRUE(parse_manifest_head(accepted, a, error)) << accepted << ": " << error;
    EXPECT_EQ(a.kind, "L");
  }
}

// A plain scalar where a mapping needs a key: yaml.v2's scanner misses the ':' on the next line.
// yaml-cpp would read the first two as part of the block scalar or let them pass.
TEST(ManifestHead, PlainScalarWhereAKeyIsNeeded) {
  ManifestHead h;
  std::string error;
  EXPECT_FALSE(parse_manifest_head("kind: A\ndata:\n  k: |\n  bad\n", h, error));
  EXPECT_EQ(error, "error converting YAML to JSON: yaml: line 5: could not find expected ':'");
  EXPECT_FALSE(parse_manifest_head("kind: A\ndata:\n  k: v\n  bad words # c\n  j: w\n", h, error));
  EXPECT_EQ(error, "error converting YAML to JSON: yaml: line 5: could not find expected ':'");
  // The first error in the document is the one reported.
  EXPECT_FALSE(parse_manifest_head("kind: A\nbad\nitems:\n  -\n  name: y\n", h, error));
  EXPECT_EQ(error, "error converting YAML to JSON: yaml: line 3: could not find expected ':'");
  EXPECT_FALSE(parse_manifest_head("kind: A\nitems:\n  -\n  name: y\nbad\n", h, error));
  EXPECT_EQ(error,
            "error converting YAML to JSON: yaml: line 3: did not find expected node content");
  for (const char* accepted : {"kind: A\ndata:\n  my key: v\n  a b: c\n", "kind: A\n...\n",
                               "kind: A\ndata:\n  k: v\n  \"q\": w\n"}) {
    EXPECT_TRUE(parse_manifest_head(accepted, h, error)) << accepted << ": " << error;
  }
}

std::string render(const std::vector<RenderedTemplate>& files, OutputOptions options = {},
                   const std::vector<CrdFile>& crds = {}) {
  return assemble_output(sort_manifests(files), crds, options);
}

TEST(Output, KindOrderThenFileOrderThenPosition) {
  // helm-cases/kind_order (templates without actions render to themselves)
  std::vector<RenderedTemplate> files = {
      {"kind_order/templates/z.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n"},
      {"kind_order/templates/a.yaml",
       "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n---\napiVersion: v1\nkind: "
       "Service\nmetadata:\n  name: s\n---\napiVersion: x.io/v1\nkind: Widget\nmetadata:\n  name: "
       "w\n"},
      {"kind_order/templates/B.yaml",
       "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\napiVersion: "
       "x.io/v1\nkind: Alpha\nmetadata:\n  name: al\n"},
      {"kind_order/templates/c.yaml",
       "# no kind at all\nfoo: bar\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
       "cm2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\n"},
  };
  EXPECT_EQ(
      render(files),
      "---\n# Source: kind_order/templates/z.yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  "
      "name: ns\n---\n# Source: kind_order/templates/B.yaml\napiVersion: v1\nkind: "
      "ServiceAccount\nmetadata:\n  name: sa\n---\n# Source: "
      "kind_order/templates/c.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
      "cm2\n---\n# Source: kind_order/templates/c.yaml\napiVersion: v1\nkind: "
      "ConfigMap\nmetadata:\n  name: cm1\n---\n# Source: kind_order/templates/a.yaml\napiVersion: "
      "v1\nkind: Service\nmetadata:\n  name: s\n---\n# Source: "
      "kind_order/templates/a.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "
      "d\n---\n# Source: kind_order/templates/c.yaml\n# no kind at all\nfoo: bar\n---\n# Source: "
      "kind_order/templates/B.yaml\napiVersion: x.io/v1\nkind: Alpha\nmetadata:\n  name: "
      "al\n---\n# Source: kind_order/templates/a.yaml\napiVersion: x.io/v1\nkind: "
      "Widget\nmetadata:\n  name: w\n");
}

TEST(Output, EmptyDocumentsAndSeparatorQuirks) {
  // helm-cases/empty_docs; a.yaml renders to nothing
  std::vector<RenderedTemplate> files = {
      {"empty_docs/templates/a.yaml", ""},
      {"empty_docs/templates/b.yaml", "\n\n  \n"},
      {"empty_docs/templates/c.yaml", "# only a comment\n"},
      {"empty_docs/templates/d.yaml",
       "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d1\n---\n---\napiVersion: "
       "v1\nkind: ConfigMap\nmetadata:\n  name: d2\n...\n---   \napiVersion: v1\nkind: "
       "ConfigMap\nmetadata:\n  name: d3\n---kind: Secret\n"},
  };
  EXPECT_EQ(render(files),
            "---\n# Source: empty_docs/templates/d.yaml\nkind: Secret\n---\n# Source: "
            "empty_docs/templates/d.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
            "d1\n---\n# Source: empty_docs/templates/d.yaml\n---\napiVersion: v1\nkind: "
            "ConfigMap\nmetadata:\n  name: d2\n...\n---\n# Source: "
            "empty_docs/templates/d.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
            "d3\n---\n# Source: empty_docs/templates/c.yaml\n# only a comment\n");
}

TEST(Output, HooksAfterManifestsWeightsIgnoredUnknownDropped) {
  // helm-cases/hooks
  std::vector<RenderedTemplate> files = {
      {"hooks/templates/a.yaml",
       "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j-w10\n  annotations:\n    "
       "helm.sh/hook: pre-install\n    helm.sh/hook-weight: \"10\"\n"},
      {"hooks/templates/b.yaml",
       "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j-w-5\n  annotations:\n    "
       "helm.sh/hook: pre-install\n    helm.sh/hook-weight: \"-5\"\n"},
      {"hooks/templates/c.yaml",
       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hook-cm\n  annotations:\n    "
       "helm.sh/hook: post-install\n"},
      {"hooks/templates/d.yaml",
       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bogus\n  annotations:\n    "
       "helm.sh/hook: not-a-hook\n"},
      {"hooks/templates/e.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n"},
  };
  EXPECT_EQ(
      render(files),
      "---\n# Source: hooks/templates/e.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
      "plain\n---\n# Source: hooks/templates/c.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  "
      "name: hook-cm\n  annotations:\n    helm.sh/hook: post-install\n---\n# Source: "
      "hooks/templates/a.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j-w10\n  "
      "annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: \"10\"\n---\n# "
      "Source: hooks/templates/b.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j-w-5\n "
      " annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: \"-5\"\n");
}

TEST(Output, NothingRenderedPrintsOneNewline) {
  EXPECT_EQ(render({{"c/templates/a.yaml", "  \n\n"}}), "\n");
  EXPECT_EQ(render({}), "\n");
}

TEST(Output, PartialsAndBlankFilesAreSkipped) {
  EXPECT_EQ(render({{"c/templates/_h.tpl", "kind: X"}, {"c/templates/a.yaml", "\n"}}), "\n");
}

TEST(Output, HooksComeLastSortedByKindAndUnknownHooksAreDropped) {
  std::vector<RenderedTemplate> files = {
      {"c/templates/a.yaml",
       "kind: Job\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: post-install\n"},
      {"c/templates/b.yaml",
       "kind: Pod\nmetadata:\n  name: b\n  annotations:\n    helm.sh/hook: test\n"},
      {"c/templates/c.yaml",
       "kind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    helm.sh/hook: \" Pre-Install , "
       "post-upgrade\"\n"},
      {"c/templates/d.yaml",
       "kind: Secret\nmetadata:\n  name: d\n  annotations:\n    helm.sh/hook: not-a-hook\n"},
      {"c/templates/e.yaml", "kind: Service\nmetadata:\n  name: e\n"},
  };
  std::string e = "---\n# Source: c/templates/e.yaml\nkind: Service\nmetadata:\n  name: e\n";
  std::string c =
      "---\n# Source: c/templates/c.yaml\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n  "
      "  helm.sh/hook: \" Pre-Install , post-upgrade\"\n";
  std::string b =
      "---\n# Source: c/templates/b.yaml\nkind: Pod\nmetadata:\n  name: b\n  annotations:\n    "
      "helm.sh/hook: test\n";
  std::string a =
      "---\n# Source: c/templates/a.yaml\nkind: Job\nmetadata:\n  name: a\n  annotations:\n    "
      "helm.sh/hook: post-install\n";
  EXPECT_EQ(render(files), e + c + b + a);
  OutputOptions skip;
  skip.skip_tests = true;
  EXPECT_EQ(render(files, skip), e + c + a);
  OutputOptions none;
  none.no_hooks = true;
  EXPECT_EQ(render(files, none), e);
}

TEST(Output, OnlyHooksStartWithAnEmptyLine) {
  std::vector<RenderedTemplate> files = {
      {"c/templates/t.yaml", "kind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: test\n"}};
  EXPECT_EQ(render(files),
            "\n---\n# Source: c/templates/t.yaml\nkind: Pod\nmetadata:\n  annotations:\n    "
            "helm.sh/hook: test\n");
}

TEST(Output, CrdsComeFirstRawAndUntrimmed) {
  // helm-cases/crds: a CRD file ending in a newline leaves an empty line before the next ---.
  std::string crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n";
  std::vector<CrdFile> crds = {{"crds/crds/foo.yaml", crd}};
  EXPECT_EQ(render({{"crds/templates/cm.yaml", "kind: ConfigMap\n"}}, {}, crds),
            "---\n# Source: crds/crds/foo.yaml\n" + crd +
                "\n---\n# Source: crds/templates/cm.yaml\nkind: ConfigMap\n");
}

TEST(Output, TheTrimOfTheJoinedTextReachesBackOverBlankFiles) {
  // A last CRD of white space only (a no-break space among it) trims away, with the newline
  // after its Source line.
  std::vector<CrdFile> crds = {{"c/crds/a.yaml", "kind: A\n\n"}, {"c/crds/b.yaml", " \n\u00a0\n"}};
  EXPECT_EQ(render({}, {}, crds),
            "---\n# Source: c/crds/a.yaml\nkind: A\n\n\n---\n# Source: c/crds/b.yaml\n");
}

// A sink that keeps each piece it is given apart.
struct Pieces final : OutputSink {
  std::vector<std::string> got;
  void write(std::string_view p) override { got.emplace_back(p); }
  std::string joined() const {
    std::string all;
    for (const auto& p : got) all += p;
    return all;
  }
};

TEST(Output, TheSinkReceivesWhatTheStringHolds) {
  std::vector<RenderedTemplate> files = {
      {"c/templates/a.yaml",
       "kind: Service\n---\nkind: Pod\nmetadata:\n  annotations:\n"
       "    helm.sh/hook: pre-install\n"},
      {"c/templates/b.yaml", "kind: Deployment\n"}};
  std::vector<CrdFile> crds = {{"c/crds/x.yaml", "kind: CustomResourceDefinition\n"}};
  Pieces sink;
  assemble_output(sort_manifests(files), crds, {}, sink);
  EXPECT_GT(sink.got.size(), 1u);
  EXPECT_EQ(sink.joined(), render(files, {}, crds));
}

// Documents copied as they are printed (append_framed, as files executed side by side are):
// the same output, and those that follow each other both there and in the output are one piece.
TEST(Output, FramedDocumentsPrintTheSameAndRunTogether) {
  std::vector<RenderedTemplate> files = {
      {"c/templates/a.yaml",
       "kind: ConfigMap\n---\nkind: ConfigMap\nmetadata: {name: x}\n---\nkind: Pod\nmetadata:\n"
       "  annotations:\n    helm.sh/hook: pre-install\n"},
      {"c/templates/b.yaml", "kind: Service\n---\nkind: Service\n"}};
  std::vector<CrdFile> crds = {{"c/crds/x.yaml", "kind: CustomResourceDefinition\n"}};
  std::vector<std::vector<TemplateManifests>> split;
  std::string buffer;
  buffer.reserve(4096);
  const char* const start = buffer.data();
  for (const auto& f : files) {
    split.emplace_back().push_back(split_template(f));
    append_framed(buffer, split.back().back(), f.name);
  }
  ASSERT_EQ(buffer.data(), start);
  SortedManifests sorted = sort_manifests(files, std::move(split));
  for (const Manifest* m : sorted.manifests) EXPECT_TRUE(m->framed);
  Pieces sink;
  assemble_output(sorted, crds, {}, sink);
  EXPECT_EQ(sink.joined(), render(files, {}, crds));
  // The CRD's frame and text, the "\n" after it; the ConfigMaps of a.yaml then the Services of
  // b.yaml, one piece (a.yaml's hook was copied between them: two); the "\n" before the hooks,
  // and the hook.
  EXPECT_EQ(sink.got.size(), 7u);
  EXPECT_EQ(sink.got[3],
            "---\n# Source: c/templates/a.yaml\nkind: ConfigMap\n---\n# Source: "
            "c/templates/a.yaml\nkind: ConfigMap\nmetadata: {name: x}\n");
}

TEST(Output, WriteBatchesKeepOrderAndBounds) {
  const std::string big(10, 'x');
  std::vector<std::string_view> pieces = {"ab", "", "cdef", big, "g"};
  auto batches = write_batches(pieces, 3, 8);
  std::vector<std::vector<std::string_view>> want = {{"ab", "cdef", "xx"}, {"xxxxxxxx"}, {"g"}};
  EXPECT_EQ(batches, want);
  batches = write_batches(pieces, 2, 100);
  want = {{"ab", "cdef"}, {big, "g"}};
  EXPECT_EQ(batches, want);
  EXPECT_TRUE(write_batches({}, 2, 100).empty());
  want = {{"ab"}, {"cd"}, {"ef"}};
  EXPECT_EQ(write_batches(std::vector<std::string_view>{"ab", "cdef"}, 0, 2), want);
}

TEST(Output, ShowOnlySelectsBySourcePath) {
  std::vector<RenderedTemplate> files = {{"c/templates/a.yaml", "kind: Service\n---\nkind: Pod\n"},
                                         {"c/templates/b.yaml", "kind: ConfigMap\n"}};
  OutputOptions o;
  o.show_only = {"templates/a.yaml"};
  EXPECT_EQ(render(files, o),
            "---\n# Source: c/templates/a.yaml\nkind: Service\n---\n# Source: "
            "c/templates/a.yaml\nkind: Pod\n");
  o.show_only = {"templates/*.yaml"};
  EXPECT_EQ(render(files, o),
            "---\n# Source: c/templates/b.yaml\nkind: ConfigMap\n---\n# Source: "
            "c/templates/a.yaml\nkind: Service\n"
            "---\n# Source: c/templates/a.yaml\nkind: Pod\n");
  o.show_only = {"templates/nope.yaml"};
  try {
    render(files, o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.diagnostics().front().message,
              "could not find template templates/nope.yaml in chart");
  }
}

TEST(Output, UnparsableDocumentIsAYamlParseErrorWithTheDebugHint) {
  try {
    render({{"c/templates/a.yaml", "just a string"}});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const Diagnostic& d = e.diagnostics().front();
    EXPECT_EQ(d.code, code::kTemplate);
    EXPECT_EQ(
        d.message,
        "YAML parse error on c/templates/a.yaml: error unmarshaling JSON: while decoding JSON: "
        "json: cannot unmarshal string into Go value of type util.SimpleHead");
    EXPECT_EQ(d.hint, "Use --debug flag to render out invalid YAML");
  }
}

}  // namespace
}  // namespace render::chart
