// The processor's instruction-set extensions the engine's faster paths use.
#pragma once

namespace render {

struct CpuFeatures {
  bool avx2 = false;  // and the operating system saves the AVX registers
  bool sha = false;   // the SHA extensions, with SSSE3 and SSE4.1 (what sha256's path needs)
};

// Read once, on first use, from what glibc found at start-up (<sys/platform/x86.h>); elsewhere
// from the compiler's __builtin_cpu_supports. Not asked of the processor again: under a hypervisor
// each cpuid instruction leaves the virtual machine (about 6 us on the machines measured), and
// the compiler's check asks about ten of them at every start, whether or not it is used (0.09 ms
// of the 1.1 ms a `gitops-render --version` took).
const CpuFeatures& cpu_features();

}  // namespace render
