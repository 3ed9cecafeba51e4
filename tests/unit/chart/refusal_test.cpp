// Refused functions (random, clock) in a chart: a file that calls one renders with a stand-in,
// and the refusal holds only when one of its documents would be printed. Helm's own output for
// these charts is random, so the parity suite cannot show the failing side.
#include <gtest/gtest.h>

#include "render/chart.hpp"
#include "test_support.hpp"

namespace render::chart {
namespace {

class RefusalTest : public render::testing::ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
    write("templates/cm.yaml",
          "kind: ConfigMap\nmetadata:\n  name: cm\nleak: {{ .Values.leak }}\n");
  }
  void test_hook(const std::string& body) {
    write("templates/tests/t.yaml",
          "kind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n" + body);
  }
  RenderResult render(bool skip_tests, unsigned jobs = 1) {
    RenderOptions o;
    o.chart_dir = scratch_.string();
    o.skip_tests = skip_tests;
    o.jobs = jobs;
    return render_chart(o);
  }
};

TEST_F(RefusalTest, ASkippedTestHookMayUseRandomValues) {
  test_hook("x: {{ randAlphaNum 5 }}\n");
  for (unsigned jobs : {1u, 2u}) {
    RenderResult r = render(true, jobs);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_NE(r.output.find("name: cm"), std::string::npos);
    EXPECT_EQ(r.output.find("kind: Pod"), std::string::npos);
  }
}

TEST_F(RefusalTest, APrintedDocumentWithARandomValueIsRefusedAtTheCall) {
  test_hook("x: {{ randAlphaNum 5 }}\n");
  RenderResult r = render(false);
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.output.empty());
  EXPECT_NE(r.error.find("c/templates/tests/t.yaml:6:6: function \"randAlphaNum\" is refused"),
            std::string::npos)
      << r.error;
}

// A clock value that is a whole document: Helm's document is its text (which fails to read as
// an object there), so the stand-in's must not be empty, or the document and with it the
// refusal would vanish. A layout that is empty formats to nothing in Go as here.
TEST_F(RefusalTest, AClockValueAloneInAFileIsRefusedNotDropped) {
  for (const char* call :
       {"now", "now | date \"2006\"", "ago (now)", "htmlDate (now)",
        "toDate \"2006-01-02\" \"2024-05-01\"", "dateInZone \"15:04\" (now) \"UTC\""}) {
    write("templates/stamp.yaml", std::string("{{ ") + call + " }}\n");
    RenderResult r = render(false);
    EXPECT_FALSE(r.ok) << call << ": " << r.output;
    EXPECT_NE(r.error.find("is refused"), std::string::npos) << call << ": " << r.error;
  }
  write("templates/stamp.yaml", "{{ now | date \"\" }}\n");
  RenderResult r = render(false);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_NE(r.output.find("name: cm"), std::string::npos);
}

TEST_F(RefusalTest, AStandInThatCouldReachOtherFilesIsRefused) {
  // tests/t.yaml executes before cm.yaml: a random value set into .Values would be printed.
  test_hook("{{ $r := randAlphaNum 5 }}{{ $_ := set .Values \"leak\" $r }}\n");
  RenderResult r = render(true);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("\"randAlphaNum\" is refused"), std::string::npos) << r.error;
}

TEST_F(RefusalTest, AStandInStoredIntoValuesLeavesTheOtherValuesUsable) {
  // The test hook runs first and keeps a generated password in .Values; cm.yaml reads another
  // value, as Helm's output does not change then.
  write("values.yaml", "leak: fixed\n");
  test_hook("{{ $_ := set .Values \"generated\" (randAlphaNum 5) }}\n");
  for (unsigned jobs : {1u, 2u}) {
    RenderResult r = render(false, jobs);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_NE(r.output.find("leak: fixed"), std::string::npos) << r.output;
  }
  // Printed whole by another file, .Values holds the random value: refused there.
  write("templates/cm.yaml", "kind: ConfigMap\nmetadata:\n  name: cm\nv: {{ toJson .Values }}\n");
  RenderResult r = render(false);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("\"randAlphaNum\" is refused"), std::string::npos) << r.error;
}

TEST_F(RefusalTest, AFailureAfterAStandInIsTheRefusal) {
  // The stand-in may be what failed: the refusal is what is known for sure.
  test_hook("{{ $r := randAlphaNum 5 }}{{ if eq $r \"xxxxx\" }}{{ fail \"stand-in\" }}{{ end }}\n");
  RenderResult r = render(true);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("\"randAlphaNum\" is refused"), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find("stand-in"), std::string::npos) << r.error;
}

TEST_F(RefusalTest, KeyMakersGoOnWithAStandInUnlessTheirResultIsUsed) {
  // A certificate made whatever the values say, used only when no secret is given (harbor's
  // core secret); a key in a skipped test hook.
  write("templates/cm.yaml",
        "{{- $ca := genCA \"ca\" 365 }}\n"
        "{{- $cert := genSignedCert \"svc\" (list \"10.0.0.1\") (list \"svc.ns\") 365 $ca }}\n"
        "kind: Secret\nmetadata:\n  name: tls\ndata:\n"
        "{{- if not .Values.secretName }}\n  tls.crt: {{ $cert.Cert | b64enc }}\n{{- end }}\n"
        "  user: {{ htpasswd \"a:b\" \"pw\" | b64enc }}\n");
  test_hook("x: {{ genPrivateKey \"rsa\" | b64enc }}\n");
  write("values.yaml", "secretName: given\n");
  RenderResult r = render(true);
  ASSERT_TRUE(r.ok) << r.error;
  // Sprig's own text for a user name with a colon is no secret.
  EXPECT_NE(r.output.find("user: aW52YWxpZCB1c2VybmFtZTogYTpi\n"), std::string::npos) << r.output;
  write("values.yaml", "secretName: \"\"\n");
  r = render(true);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("c/templates/cm.yaml:1:11: function \"genCA\" is refused"),
            std::string::npos)
      << r.error;
  // The hook printed: refused there.
  write("values.yaml", "secretName: given\n");
  r = render(false);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("\"genPrivateKey\" is refused"), std::string::npos) << r.error;
}

TEST_F(RefusalTest, KeyMakersThatReadKeysAreRefusedAtTheCall) {
  test_hook("{{ $c := buildCustomCert \"YQ==\" \"Yg==\" }}x: 1\n");
  RenderResult r = render(true);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("\"buildCustomCert\" is refused"), std::string::npos) << r.error;
}

// Go prints a pointer below the top of a value as its memory address (.Capabilities inside the
// root object, a dict or a list): refused where it is printed, by an action or a function.
TEST_F(RefusalTest, APointerPrintedBelowTheTopIsRefused) {
  for (const char* action :
       {"{{ . | quote }}", "{{ print . }}", "{{ printf \"%v\" $ | quote }}",
        "{{ list .Capabilities | toString | quote }}", "{{ dict \"c\" .Capabilities | quote }}",
        "{{ html . }}", "{{ printf \"%#v\" (list .Capabilities) | quote }}"}) {
    write("templates/cm.yaml",
          std::string("kind: ConfigMap\nmetadata:\n  name: cm\nv: ") + action + "\n");
    for (unsigned jobs : {1u, 2u}) {
      RenderResult r = render(false, jobs);
      ASSERT_FALSE(r.ok) << action;
      EXPECT_NE(r.error.find("c/templates/cm.yaml:4:"), std::string::npos) << r.error;
      EXPECT_NE(r.error.find("printing a value that holds *common.Capabilities below its top is "
                             "refused"),
                std::string::npos)
          << r.error;
    }
  }
  // On its own it prints as Helm prints it, and its parts and its JSON are fine.
  write("templates/cm.yaml",
        "kind: ConfigMap\nmetadata:\n  name: cm\nv: {{ .Capabilities.KubeVersion | quote }}\n"
        "w: {{ hasPrefix \"&{{v1.35.0 v1.35.0 1 35} [v1 \" (.Capabilities | toString) }}\n"
        "j: {{ list .Capabilities | toJson | len | lt 100 }}\n");
  RenderResult r = render(false);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_NE(r.output.find("v: \"{v1.35.0 v1.35.0 1 35}\"\nw: true\nj: true\n"), std::string::npos)
      << r.output;
}

// %p prints the address of a map, a list or a pointer: refused; of anything else it is Go's bad
// verb text, as in Helm.
TEST_F(RefusalTest, PercentPIsRefusedWhereItPrintsAnAddress) {
  for (const char* arg :
       {".Values", "(list 1)", ".Capabilities", ".Files", ".Capabilities.APIVersions"}) {
    write("templates/cm.yaml", std::string("kind: ConfigMap\nmetadata:\n  name: cm\nv: {{ printf "
                                           "\"%p\" ") +
                                   arg + " | quote }}\n");
    RenderResult r = render(false);
    ASSERT_FALSE(r.ok) << arg;
    EXPECT_NE(r.error.find("c/templates/cm.yaml:4:6: %p is refused: for a value of type "),
              std::string::npos)
        << r.error;
  }
  write("templates/cm.yaml",
        "kind: ConfigMap\nmetadata:\n  name: cm\nv: {{ printf \"%p %p\" 5 "
        ".Capabilities.KubeVersion | quote }}\n");
  RenderResult r = render(false);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_NE(r.output.find("v: \"%!p(int=5) %!p(common.KubeVersion={v1.35.0 v1.35.0 1 35})\""),
            std::string::npos)
      << r.output;
}

// Inside the text tpl executes ("gotpl:<line>:<col>") a refusal or a limit names the tpl call's
// place in the file first, also when the refusal is raised later, where the document prints.
TEST_F(RefusalTest, InsideTplTheFilesPlaceComesFirst) {
  for (const char* action : {"{{ tpl \"{{ randAlpha 3 }}\" . }}",
                             "{{ tpl \"{{ tpl \\\"{{ randAlpha 3 }}\\\" . }}\" . }}",
                             "{{ tpl \"{{ . | quote }}\" . }}"}) {
    write("templates/cm.yaml",
          std::string("kind: ConfigMap\nmetadata:\n  name: cm\nv: ") + action + "\n");
    RenderResult r = render(false);
    ASSERT_FALSE(r.ok) << action;
    EXPECT_EQ(r.error.find("Error: c/templates/cm.yaml:4:6: in the text tpl executes, gotpl:1:"),
              0u)
        << r.error;
    EXPECT_EQ(r.diagnostics.front().location.file, "c/templates/cm.yaml") << action;
  }
  write("templates/cm.yaml",
        "kind: ConfigMap\nmetadata:\n  name: cm\nv: {{ tpl \"a\\n{{ until 20000000 }}\" . }}\n");
  RenderResult r = render(false);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.find("Error: c/templates/cm.yaml:4:6: in the text tpl executes, gotpl:2:3: "
                         "the list would be larger than 10000000 items (the limit)"),
            0u)
      << r.error;
}

}  // namespace
}  // namespace render::chart
