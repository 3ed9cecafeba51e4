// How the files of -f and --set-file are named: as Helm names them (a URL first) for the render
// command, as plain paths for the files the repository checks name themselves.
#include <gtest/gtest.h>

#include <string>

#include "render/chart.hpp"
#include "render/diagnostic.hpp"
#include "test_support.hpp"

namespace render::chart {
namespace {

class UserValuesTest : public render::testing::ScratchDir {
 protected:
  // The message read_user_values fails with, or "" when it reads the values.
  static std::string failure(const ValueOptions& options) {
    try {
      read_user_values(options);
      return "";
    } catch (const Error& e) {
      return e.diagnostics().front().message;
    }
  }
};

TEST_F(UserValuesTest, AFileNameNetUrlRefusesFailsAsInHelmUnlessNamesArePaths) {
  write("50%/values.yaml", "replicas: 3\n");
  write("50%/key.txt", "secret");
  const std::string file = (scratch_ / "50%/values.yaml").string();
  ValueOptions o;
  o.value_files = {file};
  EXPECT_EQ(failure(o), "parse \"" + file + "\": invalid URL escape \"%/v\"");
  o.value_files.clear();
  o.set_file = {"key=" + (scratch_ / "50%/key.txt").string()};
  EXPECT_EQ(failure(o), "failed parsing --set-file data: parse \"" +
                            (scratch_ / "50%/key.txt").string() + "\": invalid URL escape \"%/k\"");

  o.names_as_urls = false;
  o.value_files = {file};
  EXPECT_EQ(failure(o), "");
  const Value values = read_user_values(o);
  EXPECT_EQ(values.as_map().at("replicas").as_float(), 3.0);
  EXPECT_EQ(values.as_map().at("key").as_string(), "secret");
}

TEST_F(UserValuesTest, AUrlHelmWouldDownloadIsRefusedNotReadAsAPath) {
  for (const std::string url :
       {"https://charts.example.com/values.yaml", "HTTP://charts.example.com/v.yaml",
        "oci://registry.example.com/values"}) {
    ValueOptions o;
    o.value_files = {url};
    EXPECT_EQ(failure(o),
              url +
                  " is not downloaded: values are read from files on disk (fetch it first, "
                  "and give the file)");
  }
  // Other schemes are paths in Helm too.
  ValueOptions o;
  o.value_files = {"ftp://x/values.yaml"};
  EXPECT_EQ(failure(o), "open ftp://x/values.yaml: no such file or directory");
}

}  // namespace
}  // namespace render::chart
