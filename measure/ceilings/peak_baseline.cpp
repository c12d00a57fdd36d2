// Baseline x86-64 peaks (SSE2 only, no ISA flags). Separate multiply chains and add
// chains: both pipes kinds stay busy without FMA. Intrinsics pin the instruction
// choice so the compiler cannot widen the one-lane kernels.
#include <emmintrin.h>

#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {

volatile float g_one_f = 1.0f, g_zero_f = 0.0f;
volatile double g_one_d = 1.0, g_zero_d = 0.0;
volatile float g_sink_f;
volatile double g_sink_d;
constexpr int kChains = 6;  // per operation kind: latency 3-4 × 2 pipes

}  // namespace

double peak_fp32_scalar(int64_t iterations) {
  const __m128 a = _mm_set1_ps(g_one_f), b = _mm_set1_ps(g_zero_f);
  __m128 m[kChains], s[kChains];
  for (int k = 0; k < kChains; ++k) m[k] = s[k] = _mm_set1_ps(float(k + 1));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) {
      m[k] = _mm_mul_ss(m[k], a);
      s[k] = _mm_add_ss(s[k], b);
    }
  __m128 r = b;
  for (int k = 0; k < kChains; ++k) r = _mm_add_ss(r, _mm_add_ss(m[k], s[k]));
  g_sink_f = _mm_cvtss_f32(r);
  return double(iterations) * 2 * kChains;
}

double peak_fp64_scalar(int64_t iterations) {
  const __m128d a = _mm_set1_pd(g_one_d), b = _mm_set1_pd(g_zero_d);
  __m128d m[kChains], s[kChains];
  for (int k = 0; k < kChains; ++k) m[k] = s[k] = _mm_set1_pd(double(k + 1));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) {
      m[k] = _mm_mul_sd(m[k], a);
      s[k] = _mm_add_sd(s[k], b);
    }
  __m128d r = b;
  for (int k = 0; k < kChains; ++k) r = _mm_add_sd(r, _mm_add_sd(m[k], s[k]));
  g_sink_d = _mm_cvtsd_f64(r);
  return double(iterations) * 2 * kChains;
}

double peak_fp32_sse2(int64_t iterations) {
  const __m128 a = _mm_set1_ps(g_one_f), b = _mm_set1_ps(g_zero_f);
  __m128 m[kChains], s[kChains];
  for (int k = 0; k < kChains; ++k) m[k] = s[k] = _mm_set1_ps(float(k + 1));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) {
      m[k] = _mm_mul_ps(m[k], a);
      s[k] = _mm_add_ps(s[k], b);
    }
  __m128 r = b;
  for (int k = 0; k < kChains; ++k) r = _mm_add_ps(r, _mm_add_ps(m[k], s[k]));
  g_sink_f = _mm_cvtss_f32(r);
  return double(iterations) * 2 * kChains * 4;
}

double peak_fp64_sse2(int64_t iterations) {
  const __m128d a = _mm_set1_pd(g_one_d), b = _mm_set1_pd(g_zero_d);
  __m128d m[kChains], s[kChains];
  for (int k = 0; k < kChains; ++k) m[k] = s[k] = _mm_set1_pd(double(k + 1));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) {
      m[k] = _mm_mul_pd(m[k], a);
      s[k] = _mm_add_pd(s[k], b);
    }
  __m128d r = b;
  for (int k = 0; k < kChains; ++k) r = _mm_add_pd(r, _mm_add_pd(m[k], s[k]));
  g_sink_d = _mm_cvtsd_f64(r);
  return double(iterations) * 2 * kChains * 2;
}

}  // namespace hotops::measure
