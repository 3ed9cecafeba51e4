// check renders the repository's chart with the project's engine and checks every object.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "render/model.hpp"
#include "render/repo.hpp"
#include "test_support.hpp"

namespace render::repo {
namespace {

namespace fs = std::filesystem;

class CheckRender : public render::testing::ScratchDir {
 protected:
  // A copy of a golden repository, and its app-config as template data.
  Value copy_golden(const std::string& name) {
    fs::copy(fs::path(RENDER_SOURCE_DIR) / "tests/golden" / name / "expected", scratch_,
             fs::copy_options::recursive);
    return model::load_app_config(
        render::testing::read_file((scratch_ / "config/app-config.yaml").string()),
        "config/app-config.yaml");
  }
  void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = render::testing::read_file(file.string());
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::binary) << text;
  }
};

TEST_F(CheckRender, GeneratedRepositoriesRenderCleanly) {
  for (const char* name : {"minimal", "shop", "staging-prod"}) {
    fs::remove_all(scratch_);
    Value values = copy_golden(name);
    auto problems = check_rendered_chart(scratch_, values);
    for (const auto& d : problems) ADD_FAILURE() << name << ": " << d.message;
  }
}

TEST_F(CheckRender, AnObjectThatBreaksTheChecksIsReported) {
  Value values = copy_golden("minimal");
  replace_in(scratch_ / "charts/app/templates/service.yaml", "name: {{ $svc.name | quote }}",
             "name: {{ $svc.name | upper | quote }}");
  auto problems = check_rendered_chart(scratch_, values);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.front().code, code::kCheck);
  EXPECT_NE(problems.front().message.find("name"), std::string::npos) << problems.front().message;
}

TEST_F(CheckRender, ATemplateErrorNamesItsPlace) {
  Value values = copy_golden("minimal");
  replace_in(scratch_ / "charts/app/templates/service.yaml", "{{ $svc.name | quote }}",
             "{{ $svc.name | nosuchfunction }}");
  auto problems = check_rendered_chart(scratch_, values);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems.front().code, code::kTemplate);
  EXPECT_NE(problems.front().message.find("function \"nosuchfunction\" not defined"),
            std::string::npos)
      << problems.front().message;
  EXPECT_NE(problems.front().message.find("app/templates/service.yaml:8"), std::string::npos)
      << problems.front().message;
}

}  // namespace
}  // namespace render::repo
