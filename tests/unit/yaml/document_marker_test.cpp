#include <gtest/gtest.h>

#include "render/yaml.hpp"

namespace render::yaml {
namespace {

// A marker is three dashes or dots at the line's start, then a blank, a line break or the end.
TEST(DocumentMarker, ThreeDashesOrDotsThenABlankOrTheEnd) {
  for (const char* line : {"---", "...", "--- x", "---\t", "...\r", "---\n", "... # c"}) {
    EXPECT_TRUE(is_document_marker(line)) << line;
  }
  for (const char* line : {"", "--", "..", "---x", "....", "-.-", "--.", " ---", "-- -", "..x"}) {
    EXPECT_FALSE(is_document_marker(line)) << line;
  }
}

TEST(DocumentMarker, OneKindAsked) {
  EXPECT_TRUE(is_document_marker("--- a", '-'));
  EXPECT_FALSE(is_document_marker("... a", '-'));
  EXPECT_TRUE(is_document_marker("...", '.'));
  EXPECT_FALSE(is_document_marker("---", '.'));
}

}  // namespace
}  // namespace render::yaml
