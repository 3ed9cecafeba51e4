#include "render/cpu_features.hpp"

#if defined(__x86_64__) && defined(__has_include)
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
#define RENDER_GLIBC_X86_FEATURES 1
#endif
#endif

namespace render {
namespace {

CpuFeatures ask() {
  CpuFeatures f;
#if defined(RENDER_GLIBC_X86_FEATURES)
  // "Active": the processor has it and the kernel enabled it (for AVX2, the AVX state in XCR0).
  f.avx2 = CPU_FEATURE_ACTIVE(AVX2);
  f.sha = CPU_FEATURE_ACTIVE(SHA) && CPU_FEATURE_ACTIVE(SSSE3) && CPU_FEATURE_ACTIVE(SSE4_1);
#elif defined(__x86_64__) && defined(__GNUC__)
  // (The compiler's check: its run-time library asks cpuid at start-up.)
  f.avx2 = __builtin_cpu_supports("avx2") != 0;
  f.sha = __builtin_cpu_supports("sha") != 0 && __builtin_cpu_supports("ssse3") != 0 &&
          __builtin_cpu_supports("sse4.1") != 0;
#endif
  return f;
}

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = ask();
  return features;
}

}  // namespace render
