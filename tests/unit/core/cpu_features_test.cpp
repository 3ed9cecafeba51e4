#include "render/cpu_features.hpp"

#include <gtest/gtest.h>

namespace render {
namespace {

#if defined(__x86_64__) && defined(__GNUC__)
// The answer read from the C library is the one the compiler's own check gives (which asks
// cpuid itself, and the operating system for the AVX state).
TEST(CpuFeatures, AgreeWithTheCompilersCheck) {
  __builtin_cpu_init();
  EXPECT_EQ(cpu_features().avx2, __builtin_cpu_supports("avx2") != 0);
  const bool sha = __builtin_cpu_supports("sha") != 0 && __builtin_cpu_supports("ssse3") != 0 &&
                   __builtin_cpu_supports("sse4.1") != 0;
  EXPECT_EQ(cpu_features().sha, sha);
}
#endif

}  // namespace
}  // namespace render
