#include "render/diagnostic.hpp"

#include <gtest/gtest.h>

namespace render {
namespace {

std::vector<Diagnostic> sample() {
  Diagnostic b{Severity::kError,
               code::kSchema,
               {"in.json", 9, 3, "/deployed_apps/1/replica"},
               "unknown field `replica`",
               "did you mean `replicas`?"};
  Diagnostic a{
      Severity::kError, code::kSemantic, {"in.json", 2, 5, "/project"}, "bad, really: bad", ""};
  return {b, a};
}

TEST(Diagnostics, TextIsSortedByPlaceWithHints) {
  EXPECT_EQ(format_diagnostics(sample(), DiagnosticFormat::kText),
            "in.json:2:5: error[E_SEMANTIC]: bad, really: bad (at /project)\n"
            "in.json:9:3: error[E_SCHEMA]: unknown field `replica` (at /deployed_apps/1/replica)\n"
            "  hint: did you mean `replicas`?\n");
}

TEST(Diagnostics, GithubAnnotationsEscapeWorkflowCommandCharacters) {
  auto d = sample();
  d[1].message = "50% done\nnext";
  d[1].location.file = "a,b:c.json";
  EXPECT_EQ(format_diagnostics({d[1]}, DiagnosticFormat::kGithub),
            "::error file=a%2Cb%3Ac.json,line=2,col=5,title=E_SEMANTIC::50%25 done%0Anext (at "
            "/project)\n");
}

TEST(Diagnostics, JsonHasStableKeys) {
  std::string json = format_diagnostics({sample()[0]}, DiagnosticFormat::kJson);
  EXPECT_EQ(json,
            "{\n  \"diagnostics\": [\n    {\n      \"severity\": \"error\",\n      \"code\": "
            "\"E_SCHEMA\",\n      \"file\": \"in.json\",\n      \"line\": 9,\n      \"col\": 3,\n"
            "      \"pointer\": \"/deployed_apps/1/replica\",\n      \"message\": \"unknown field "
            "`replica`\",\n      \"hint\": \"did you mean `replicas`?\"\n    }\n  ]\n}\n");
}

TEST(Diagnostics, ExitCodeIsTheMostSeriousKind) {
  EXPECT_EQ(exit_code_for({}), ExitCode::kOk);
  EXPECT_EQ(exit_code_for(sample()), ExitCode::kInvalidInput);
  Diagnostic io{Severity::kError, code::kIo, {}, "disk full", ""};
  Diagnostic race{Severity::kError, code::kRace, {}, "moved", ""};
  Diagnostic warn{Severity::kWarning, code::kRace, {}, "only a warning", ""};
  EXPECT_EQ(exit_code_for({sample()[0], io}), ExitCode::kIoError);
  EXPECT_EQ(exit_code_for({io, race}), ExitCode::kLostRace);
  EXPECT_EQ(exit_code_for({warn}), ExitCode::kOk);
  EXPECT_THROW(parse_diagnostic_format("xml"), std::invalid_argument);
}

}  // namespace
}  // namespace render
