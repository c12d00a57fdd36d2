// AVX-512F FMA peaks: 16 accumulators (32 zmm registers available).
// GCC 12 warns inside its own _mm512_set1_* (PR 105593, a false positive).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "measure/ceilings/peak_chains.h"
#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {
volatile float g_a = 0.999999f, g_b = 1e-6f;
volatile double g_ad = 0.999999, g_bd = 1e-6;
constexpr int kChains = 16;
}  // namespace

double peak_fp32_avx512f_fma(int64_t iterations) {
  const __m512 a = _mm512_set1_ps(g_a), b = _mm512_set1_ps(g_b);
  return 16 * 2 * run_chains<kChains>(iterations, b, [&](__m512 x, int) { return _mm512_fmadd_ps(x, a, b); });
}

double peak_fp64_avx512f_fma(int64_t iterations) {
  const __m512d a = _mm512_set1_pd(g_ad), b = _mm512_set1_pd(g_bd);
  return 8 * 2 * run_chains<kChains>(iterations, b, [&](__m512d x, int) { return _mm512_fmadd_pd(x, a, b); });
}

}  // namespace hotops::measure
