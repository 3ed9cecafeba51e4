// Input nested deeper than the stack holds (templates, values, YAML, values made by a template)
// fails with a limit error naming what was too deep, never with a crash; Go's own parser limit
// on parentheses is Helm's error.
#include <gtest/gtest.h>

#include "render/chart.hpp"
#include "render/threads.hpp"
#include "test_support.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace render::chart {
namespace {

class DeepInputTest : public render::testing::ScratchDir {
 protected:
  RenderResult render(const std::string& template_text, const std::string& values = "") {
    write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
    write("values.yaml", values);
    write("templates/a.yaml", template_text);
    RenderOptions o;
    o.chart_dir = scratch_.string();
    return render_chart(o);
  }
  static std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  }
};

TEST_F(DeepInputTest, ParenthesesStopAtGosLimitOrTheStack) {
  // Helm's text for the limit is checked by the parity case err_parse_paren_depth; a build with
  // bigger frames (sanitizers) may reach the stack's end first.
  RenderResult r = render("a: {{ " + repeat("(", 10001) + "1" + repeat(")", 10001) + " }}");
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.error.find("max expression depth exceeded") != std::string::npos ||
              r.error.find("nested too deeply for the stack") != std::string::npos)
      << r.error;
}

TEST_F(DeepInputTest, BlocksAndElseIfChainsBeyondTheStackAreAnError) {
  for (const std::string& text : {repeat("{{ if true }}", 100000) + repeat("{{ end }}", 100000),
                                  "{{ if 0 }}" + repeat("{{ else if 0 }}", 100000) + "{{ end }}"}) {
    RenderResult r = render(text);
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.error.find("nested too deeply for the stack"), std::string::npos) << r.error;
  }
}

// Helm nests template calls 100000 deep, more than a usual stack holds: a render whose calls
// took the whole stack runs again with a deeper one, and renders, or fails, where Helm does.
// (Rendered from a thread with the usual 8 MiB stack, so that the first try runs out of it
// whatever the stack limit the tests run with; with sanitizers' larger frames that still holds
// the thousand calls that count as having taken the stack.)
TEST_F(DeepInputTest, TemplateCallsNestAsDeepAsInHelm) {
  auto on_usual_stack = [&](const std::string& text) {
    RenderResult r;
    EXPECT_TRUE(run_with_stack(8u << 20, [&] { r = render(text); }));
    return r;
  };
#if defined(__SANITIZE_ADDRESS__)
  const std::string depth = "3000";  // (its frames are larger, its deeper stack smaller)
#else
  const std::string depth = "15000";
#endif
  RenderResult deep = on_usual_stack("{{- define \"a\" }}{{ if lt . " + depth +
                                     " }}{{ template \"a\" (add1 .) }}{{ else }}n: {{ . }}"
                                     "{{ end }}{{- end }}\n{{ template \"a\" 0 }}\n");
  ASSERT_TRUE(deep.ok) << deep.error;
  EXPECT_NE(deep.output.find("\nn: " + depth + "\n"), std::string::npos) << deep.output;

  RenderResult endless = on_usual_stack(
      "{{- define \"a\" }}{{ template \"a\" . }}{{- end }}\n{{ template \"a\" . }}\n");
  ASSERT_FALSE(endless.ok);
#if defined(__SANITIZE_ADDRESS__)
  // (With AddressSanitizer the deeper stack runs out first.)
  if (endless.error.find("nested too deeply for the stack") != std::string::npos) return;
#endif
  EXPECT_NE(endless.error.find("exceeded maximum template depth (100000)"), std::string::npos)
      << endless.error;
}

TEST_F(DeepInputTest, ACyclicDictIsAnErrorWhereverItIsWritten) {
#if defined(__SANITIZE_ADDRESS__)
  // Values are reference counted: a dict that holds itself is never freed (the process's end
  // returns it). That is the cost of this input, not a leak of the renderer's own.
  __lsan::ScopedDisabler cycles_are_not_freed;
#endif
  // (toToml's text grows as the square of the depth and meets its size limit first.)
  for (const char* use :
       {"toJson $d", "toYaml $d", "$d", "deepCopy $d", "merge $d $d", "printf \"%v\" $d"}) {
    RenderResult r =
        render(std::string("{{ $d := dict }}{{ $_ := set $d \"a\" $d }}{{ ") + use + " }}");
    ASSERT_FALSE(r.ok) << use;
    EXPECT_NE(r.error.find("nested too deeply for the stack"), std::string::npos)
        << use << ": " << r.error;
  }
}

TEST_F(DeepInputTest, AnAnchorHoldingItselfInTheOutputIsAnError) {
  RenderResult r = render("x: &a {k: *a}\n");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("yaml: anchor 'a' value contains itself"), std::string::npos) << r.error;
}

TEST_F(DeepInputTest, ValuesNestMoreThanSixtyFourLevels) {
  std::string values;
  for (int i = 0; i < 100; ++i) values += std::string(2 * i, ' ') + "k:\n";
  values += std::string(200, ' ') + "v: 1\n";
  RenderResult r = render("n: {{ len (toJson .Values) }}", values);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_NE(r.output.find("n: 607"), std::string::npos) << r.output;  // as helm prints
}

TEST_F(DeepInputTest, ResultsTooLargeToBuildAreAnErrorBeforeTheMemoryIsTaken) {
  const std::pair<const char*, const char*> cases[] = {
      {"{{ repeat 1000000000 \"x\" }}", "repeat's result would be larger than"},
      {"{{ nindent 500000000 \"x\" }}", "indent's result would be larger than"},
      {"{{ $s := \"x\" }}{{ range until 40 }}{{ $s = printf \"%s%s\" $s $s }}{{ end }}",
       "printf's result would be larger than"},
      // A dict holding the level below twice, 30 levels: a billion parts once written out.
      {"{{ $d := dict }}{{ range until 30 }}{{ $d = dict \"a\" $d \"b\" $d }}{{ end }}"
       "{{ toJson $d }}",
       "parts once its shared parts are counted"},
      {"{{ $d := dict }}{{ range until 30 }}{{ $d = dict \"a\" $d \"b\" $d }}{{ end }}"
       "{{ toString $d }}",
       "a printed value would be larger than"},
  };
  for (const auto& [text, message] : cases) {
    RenderResult r = render(text);
    ASSERT_FALSE(r.ok) << text;
    EXPECT_NE(r.error.find(message), std::string::npos) << text << ": " << r.error;
  }
}

}  // namespace
}  // namespace render::chart
