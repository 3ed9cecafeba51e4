// The kubeconfig namespace `helm template` defaults to (kubeconfig_namespace). The parity suite
// compares the common cases with Helm; here the merging of several files and what makes Helm
// give up on them.
#include <gtest/gtest.h>

#include "render/chart.hpp"
#include "test_support.hpp"

namespace render::chart {
namespace {

class KubeConfigTest : public render::testing::ScratchDir {
 protected:
  std::string path(const std::string& name) { return (scratch_ / name).string(); }
  std::string context_file(const std::string& current,
                           std::initializer_list<std::pair<const char*, const char*>> contexts) {
    std::string text =
        "apiVersion: v1\nkind: Config\ncurrent-context: " + current + "\ncontexts:\n";
    for (const auto& [name, ns] : contexts) {
      text += std::string("- name: ") + name +
              "\n  context:\n    cluster: c\n    namespace: " + ns + "\n";
    }
    return text;
  }
  std::string of_env(const std::string& paths, const std::string& context = "") {
    KubeConfigSource s;
    s.env_paths = paths;
    s.context = context;
    return kubeconfig_namespace(s);
  }
};

TEST_F(KubeConfigTest, TheCurrentContextsNamespace) {
  write("k", context_file("one", {{"one", "ns-one"}, {"two", "ns-two"}}));
  EXPECT_EQ(of_env(path("k")), "ns-one");
  EXPECT_EQ(of_env(path("k"), "two"), "ns-two");
  EXPECT_EQ(of_env(path("k"), "three"), "");
}

TEST_F(KubeConfigTest, OfSeveralFilesTheFirstToSetAValueSetsIt) {
  write("a", context_file("one", {{"one", "a-one"}}));
  write("b", context_file("two", {{"one", "b-one"}, {"two", "b-two"}}));
  EXPECT_EQ(of_env(path("a") + ":" + path("b")), "a-one");
  EXPECT_EQ(of_env(path("b") + ":" + path("a")), "b-two");
  EXPECT_EQ(of_env(path("a") + ":" + path("b"), "two"), "b-two");
  // Missing files and empty entries of $KUBECONFIG are skipped.
  EXPECT_EQ(of_env("::" + path("missing") + ":" + path("b")), "b-two");
}

TEST_F(KubeConfigTest, AFileThatIsNotAKubeconfigLeavesNoNamespace) {
  write("good", context_file("one", {{"one", "ns-one"}}));
  write("not-yaml", "contexts: [\n");
  write("wrong-type",
        "current-context: one\ncontexts:\n- name: one\n  context:\n    namespace: 5\n");
  write("not-a-list", "current-context: one\ncontexts: {}\n");
  for (const char* bad : {"not-yaml", "wrong-type", "not-a-list"}) {
    EXPECT_EQ(of_env(path(bad)), "") << bad;
    EXPECT_EQ(of_env(path("good") + ":" + path(bad)), "") << bad;
  }
  EXPECT_EQ(of_env(scratch_.string()), "");  // a directory
}

TEST_F(KubeConfigTest, AnExplicitFileMustExistAndWinsOverTheEnvironment) {
  write("a", context_file("one", {{"one", "a-one"}}));
  write("b", context_file("two", {{"two", "b-two"}}));
  KubeConfigSource s;
  s.explicit_path = path("b");
  s.env_paths = path("a");
  EXPECT_EQ(kubeconfig_namespace(s), "b-two");
  s.explicit_path = path("missing");
  EXPECT_EQ(kubeconfig_namespace(s), "");
}

TEST_F(KubeConfigTest, TheHomeFileWhenNothingElseIsSet) {
  write(".kube/config", context_file("one", {{"one", "home-one"}}));
  KubeConfigSource s;
  s.home = scratch_.string();
  EXPECT_EQ(kubeconfig_namespace(s), "home-one");
  s.env_paths = path("missing");
  EXPECT_EQ(kubeconfig_namespace(s), "");
}

TEST_F(KubeConfigTest, FieldsOfTheWrongTypeAnywhereAreRefusedAsClientGoRefusesThem) {
  const std::string good = context_file("one", {{"one", "ns-one"}});
  write("good", good);
  ASSERT_EQ(of_env(path("good")), "ns-one");
  for (const char* extra : {
           "users:\n- name: u\n  user:\n    token: 5\n",
           "users:\n- name: u\n  user:\n    client-key-data: not base64\n",
           "users:\n- name: u\n  user:\n    exec:\n      args: x\n",
           "users:\n- name: u\n  user:\n    as-user-extra:\n      k: [a, 1]\n",
           "clusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify: \"true\"\n",
           "preferences: []\n",
           "extensions:\n- name: e\n- name: e\n",
       }) {
    write("bad", good + extra);
    EXPECT_EQ(of_env(path("bad")), "") << extra;
  }
  // Fields it does not know, of any type, and extensions of any shape are fine.
  write("fine", good + "unknown: [1, {a: b}]\nextensions:\n- name: e\n  extension: 5\n");
  EXPECT_EQ(of_env(path("fine")), "ns-one");
}

TEST_F(KubeConfigTest, TwoContextsOfOneNameInAFileAreRefused) {
  write("k", context_file("one", {{"one", "a"}, {"one", "b"}}));
  EXPECT_EQ(of_env(path("k")), "");
  // Across files, the first definition wins.
  write("a", context_file("one", {{"one", "a"}}));
  write("b", context_file("one", {{"one", "b"}}));
  EXPECT_EQ(of_env(path("a") + ":" + path("b")), "a");
}

}  // namespace
}  // namespace render::chart
