// Baseline x86-64 peaks (SSE2 only, no ISA flags). Separate multiply chains and add
// chains: both pipes kinds stay busy without FMA. Intrinsics pin the instruction
// choice so the compiler cannot widen the one-lane kernels.
#include <emmintrin.h>

#include "measure/ceilings/peak_chains.h"
#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {

volatile float g_one_f = 1.0f, g_zero_f = 0.0f;
volatile double g_one_d = 1.0, g_zero_d = 0.0;
// 6 chains per operation kind (latency 3-4 × 2 pipes), interleaved: even ones multiply by 1,
// odd ones add 0.
constexpr int kChains = 2 * 6;

}  // namespace

double peak_fp32_scalar(int64_t iterations) {
  const __m128 a = _mm_set1_ps(g_one_f), b = _mm_set1_ps(g_zero_f);
  return run_chains<kChains>(iterations, a, [&](__m128 x, int k) { return k % 2 ? _mm_add_ss(x, b) : _mm_mul_ss(x, a); });
}

double peak_fp64_scalar(int64_t iterations) {
  const __m128d a = _mm_set1_pd(g_one_d), b = _mm_set1_pd(g_zero_d);
  return run_chains<kChains>(iterations, a, [&](__m128d x, int k) { return k % 2 ? _mm_add_sd(x, b) : _mm_mul_sd(x, a); });
}

double peak_fp32_sse2(int64_t iterations) {
  const __m128 a = _mm_set1_ps(g_one_f), b = _mm_set1_ps(g_zero_f);
  return 4 * run_chains<kChains>(iterations, a, [&](__m128 x, int k) { return k % 2 ? _mm_add_ps(x, b) : _mm_mul_ps(x, a); });
}

double peak_fp64_sse2(int64_t iterations) {
  const __m128d a = _mm_set1_pd(g_one_d), b = _mm_set1_pd(g_zero_d);
  return 2 * run_chains<kChains>(iterations, a, [&](__m128d x, int k) { return k % 2 ? _mm_add_pd(x, b) : _mm_mul_pd(x, a); });
}

}  // namespace hotops::measure
