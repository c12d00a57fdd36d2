// AVX-VNNI (VEX-encoded vpdpbusd on 256-bit registers) int8 peak: 12 accumulators.
#include <immintrin.h>

#include "measure/ceilings/peak_chains.h"
#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {
volatile int g_seed = 3;
}  // namespace

double peak_int8_avxvnni(int64_t iterations) {
  const __m256i a = _mm256_set1_epi8(char(g_seed)), b = _mm256_set1_epi8(char(g_seed + 1));
  return 32 * 2 * run_chains<12>(iterations, a, [&](__m256i acc, int) { return _mm256_dpbusd_avx_epi32(acc, a, b); });
}

}  // namespace hotops::measure
