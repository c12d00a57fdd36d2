// AVX-512F FMA peaks: 16 accumulators (32 zmm registers available).
// GCC 12 warns inside its own _mm512_set1_* (PR 105593, a false positive).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {
volatile float g_a = 0.999999f, g_b = 1e-6f;
volatile double g_ad = 0.999999, g_bd = 1e-6;
volatile double g_sink;
constexpr int kChains = 16;
}  // namespace

double peak_fp32_avx512f_fma(int64_t iterations) {
  const __m512 a = _mm512_set1_ps(g_a), b = _mm512_set1_ps(g_b);
  __m512 x[kChains];
  for (int k = 0; k < kChains; ++k) x[k] = _mm512_set1_ps(float(k));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) x[k] = _mm512_fmadd_ps(x[k], a, b);
  __m512 r = x[0];
  for (int k = 1; k < kChains; ++k) r = _mm512_add_ps(r, x[k]);
  g_sink = _mm512_reduce_add_ps(r);
  return double(iterations) * kChains * 16 * 2;
}

double peak_fp64_avx512f_fma(int64_t iterations) {
  const __m512d a = _mm512_set1_pd(g_ad), b = _mm512_set1_pd(g_bd);
  __m512d x[kChains];
  for (int k = 0; k < kChains; ++k) x[k] = _mm512_set1_pd(double(k));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) x[k] = _mm512_fmadd_pd(x[k], a, b);
  __m512d r = x[0];
  for (int k = 1; k < kChains; ++k) r = _mm512_add_pd(r, x[k]);
  g_sink = _mm512_reduce_add_pd(r);
  return double(iterations) * kChains * 8 * 2;
}

}  // namespace hotops::measure
