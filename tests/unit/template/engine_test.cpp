// The engine's own rules, beyond what the parity suite compares with Helm: limits, refused
// functions, where errors point, and parse-once/execute-many use of a set.
#include <gtest/gtest.h>

#include "render/template.hpp"

namespace render::tmpl {
namespace {

std::string render(TemplateSet& set, std::string_view name, const Value& data = Value::map()) {
  std::string out;
  set.execute(name, data, out);
  return out;
}

TEST(TemplateEngine, ParsesOnceExecutesManyTimes) {
  TemplateSet set;
  set.parse("c/templates/a.yaml", "{{ define \"x\" }}[{{ . }}]{{ end }}{{ include \"x\" .n }}");
  Map m;
  m["n"] = Value::integer(1);
  EXPECT_EQ(render(set, "c/templates/a.yaml", Value::map(m)), "[1]");
  m["n"] = Value::string("two");
  EXPECT_EQ(render(set, "c/templates/a.yaml", Value::map(m)), "[two]");
  EXPECT_TRUE(set.has("x"));
}

TEST(TemplateEngine, RefusesNondeterministicFunctionsWithTheirLocation) {
  TemplateSet set;
  set.parse("c/templates/s.yaml", "a: 1\nb: {{ randAlphaNum 8 }}\n");
  try {
    render(set, "c/templates/s.yaml");
    FAIL() << "randAlphaNum was not refused";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.kind(), TemplateError::Kind::kRefused);
    EXPECT_EQ(e.file(), "c/templates/s.yaml");
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.column(), 6);
    EXPECT_NE(std::string(e.what()).find("\"randAlphaNum\" is refused"), std::string::npos)
        << e.what();
  }
}

TEST(TemplateEngine, RefusedFunctionsInDeadBranchesDoNotMatter) {
  TemplateSet set;
  set.parse("t", "{{ if false }}{{ now }}{{ end }}ok");
  EXPECT_EQ(render(set, "t"), "ok");
}

TEST(TemplateEngine, LimitsRangeLength) {
  Options o;
  o.limits.max_range_iterations = 10;
  TemplateSet set(o);
  set.parse("t", "{{ range until 11 }}.{{ end }}");
  try {
    render(set, "t");
    FAIL() << "no limit";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.kind(), TemplateError::Kind::kLimit);
  }
  TemplateSet ok(o);
  ok.parse("t", "{{ range until 10 }}.{{ end }}");
  EXPECT_EQ(render(ok, "t"), "..........");
}

TEST(TemplateEngine, LimitsOutputSize) {
  Options o;
  o.limits.max_output_bytes = 1000;
  TemplateSet set(o);
  set.parse("t", "{{ range until 200 }}0123456789{{ end }}");
  EXPECT_THROW(render(set, "t"), TemplateError);
}

TEST(TemplateEngine, LimitsTplNesting) {
  Options o;
  o.limits.max_tpl_depth = 3;
  TemplateSet set(o);
  set.parse("t",
            "{{ define \"d\" }}{{ tpl \"{{ include \\\"d\\\" . }}\" . }}{{ end }}"
            "{{ include \"d\" . }}");
  try {
    render(set, "t");
    FAIL() << "no limit";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.kind(), TemplateError::Kind::kLimit);
  }
}

TEST(TemplateEngine, ParseErrorsNameFileAndLine) {
  TemplateSet set;
  try {
    set.parse("c/templates/p.yaml", "a\nb {{ if }}\n");
    FAIL() << "parsed";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.kind(), TemplateError::Kind::kParse);
    EXPECT_EQ(std::string(e.what()), "parse error at (c/templates/p.yaml:2): missing value for if");
    EXPECT_EQ(e.line(), 2);
  }
}

TEST(TemplateEngine, BreakAndContinueStopOnlyTheirLoop) {
  TemplateSet set;
  set.parse("t",
            "{{ range $i := until 3 }}{{ range until 5 }}{{ if eq . 2 }}{{ break }}{{ end }}"
            "{{ . }}{{ end }}{{ if eq $i 1 }}{{ continue }}{{ end }}|{{ end }}");
  EXPECT_EQ(render(set, "t"), "01|0101|");
}

}  // namespace
}  // namespace render::tmpl
