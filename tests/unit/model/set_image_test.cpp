// The image roll: services[].image, or one environment's override, edited and validated.
#include <gtest/gtest.h>

#include <filesystem>

#include "render/model.hpp"
#include "test_support.hpp"

namespace render::model {
namespace {

namespace fs = std::filesystem;

std::string shop_config() {
  return render::testing::read_file(
      (fs::path(RENDER_SOURCE_DIR) / "tests/golden/shop/expected/config/app-config.yaml").string());
}

const Value& service(const Value& values, const std::string& name) {
  for (const Value& s : values.as_map().at("services").as_list()) {
    if (s.as_map().at("name").as_string() == name) return s;
  }
  throw std::runtime_error("no service " + name);
}

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.diagnostics().front().code;
  }
  return "no error";
}

TEST(SetImage, RollsTheServiceImageAndDropsAnOldDigest) {
  ImageChange c = set_image(shop_config(), "app-config.yaml", "api", "1.9.0", "");
  EXPECT_EQ(c.old_image,
            "ghcr.io/acme/shop-api:1.8.0@sha256:"
            "3f1e6c2a9b0d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab");
  EXPECT_EQ(c.new_image, "ghcr.io/acme/shop-api:1.9.0");
  const Map& image = service(c.values, "api").as_map().at("image").as_map();
  EXPECT_EQ(image.at("tag").as_string(), "1.9.0");
  EXPECT_EQ(image.at("digest").as_string(), "");
  // Nothing else moved: the rest of the file is as it was.
  EXPECT_EQ(load_app_config(c.yaml, "x").as_map().at("environments").as_map().size(), 2u);
}

TEST(SetImage, AnEnvironmentRollLeavesTheServiceAndTheOtherEnvironmentsAlone) {
  const std::string before = shop_config();
  ImageChange c = set_image(before, "app-config.yaml", "api", "1.9.0", "", "staging");
  EXPECT_EQ(c.new_image, "ghcr.io/acme/shop-api:1.9.0");
  EXPECT_EQ(service(c.values, "api").as_map().at("image").as_map().at("tag").as_string(), "1.8.0");
  const Map& envs = c.values.as_map().at("environments").as_map();
  const Map& override_ = envs.at("staging").as_map().at("images").as_map().at("api").as_map();
  EXPECT_EQ(override_.at("tag").as_string(), "1.9.0");
  EXPECT_EQ(override_.at("digest").as_string(), "");
  EXPECT_EQ(envs.at("prod").as_map().count("images"), 0u);
  // A second roll of the environment starts from what it runs now.
  ImageChange again = set_image(c.yaml, "app-config.yaml", "api", "1.9.1", "", "staging");
  EXPECT_EQ(again.old_image, "ghcr.io/acme/shop-api:1.9.0");
  EXPECT_EQ(again.new_image, "ghcr.io/acme/shop-api:1.9.1");
}

TEST(SetImage, RefusesUnknownNamesAndValuesTheSchemaRejects) {
  const std::string text = shop_config();
  EXPECT_EQ(code_of([&] { set_image(text, "f", "nope", "1.0.0", ""); }), code::kSemantic);
  EXPECT_EQ(code_of([&] { set_image(text, "f", "api", "1.0.0", "", "qa"); }), code::kSemantic);
  EXPECT_EQ(code_of([&] { set_image(text, "f", "api", "bad tag", ""); }), code::kSchema);
  EXPECT_EQ(code_of([&] { set_image(text, "f", "api", "1.0.0", "sha256:xyz", "prod"); }),
            code::kSchema);
}

}  // namespace
}  // namespace render::model
