// AVX2 + FMA peaks: 12 independent accumulators (FMA latency 4-5 × 2 pipes).
#include <immintrin.h>

#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {

volatile float g_a = 0.999999f, g_b = 1e-6f;  // x ← a·x + b converges to 1: no denormals
volatile double g_ad = 0.999999, g_bd = 1e-6;
volatile int g_seed = 3;
volatile int g_sink;
constexpr int kChains = 12;

}  // namespace

double peak_fp32_avx2_fma(int64_t iterations) {
  const __m256 a = _mm256_set1_ps(g_a), b = _mm256_set1_ps(g_b);
  __m256 x[kChains];
  for (int k = 0; k < kChains; ++k) x[k] = _mm256_set1_ps(float(k));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) x[k] = _mm256_fmadd_ps(x[k], a, b);
  __m256 r = x[0];
  for (int k = 1; k < kChains; ++k) r = _mm256_add_ps(r, x[k]);
  g_sink = int(_mm256_cvtss_f32(r));
  return double(iterations) * kChains * 8 * 2;
}

double peak_fp64_avx2_fma(int64_t iterations) {
  const __m256d a = _mm256_set1_pd(g_ad), b = _mm256_set1_pd(g_bd);
  __m256d x[kChains];
  for (int k = 0; k < kChains; ++k) x[k] = _mm256_set1_pd(double(k));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) x[k] = _mm256_fmadd_pd(x[k], a, b);
  __m256d r = x[0];
  for (int k = 1; k < kChains; ++k) r = _mm256_add_pd(r, x[k]);
  g_sink = int(_mm256_cvtsd_f64(r));
  return double(iterations) * kChains * 4 * 2;
}

// u8×s8 dot of 32 byte pairs per step, as AVX2 int8 GEMMs do it. An empty asm makes
// the u8 operand opaque at every step so the products are neither hoisted nor shared,
// and only the final add sits on each accumulator's dependency chain.
double peak_int8_avx2(int64_t iterations) {
  constexpr int kAcc = 8;  // 16 ymm registers: 8 accumulators + operands + temporaries
  const __m256i w = _mm256_set1_epi8(char(g_seed)), ones = _mm256_set1_epi16(1);
  __m256i x = _mm256_set1_epi8(char(g_seed + 1));
  __m256i acc[kAcc];
  for (int k = 0; k < kAcc; ++k) acc[k] = _mm256_set1_epi32(k);
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kAcc; ++k) {
      asm volatile("" : "+x"(x));
      acc[k] = _mm256_add_epi32(acc[k], _mm256_madd_epi16(_mm256_maddubs_epi16(x, w), ones));
    }
  __m256i r = acc[0];
  for (int k = 1; k < kAcc; ++k) r = _mm256_add_epi32(r, acc[k]);
  g_sink = _mm256_extract_epi32(r, 0);
  return double(iterations) * kAcc * 32 * 2;
}

}  // namespace hotops::measure
