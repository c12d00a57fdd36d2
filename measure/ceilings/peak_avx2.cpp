// AVX2 + FMA peaks: 12 independent accumulators (FMA latency 4-5 × 2 pipes).
#include <immintrin.h>

#include "measure/ceilings/peak_chains.h"
#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {

volatile float g_a = 0.999999f, g_b = 1e-6f;  // x ← a·x + b converges to 1: no denormals
volatile double g_ad = 0.999999, g_bd = 1e-6;
volatile int g_seed = 3;
constexpr int kChains = 12;

}  // namespace

double peak_fp32_avx2_fma(int64_t iterations) {
  const __m256 a = _mm256_set1_ps(g_a), b = _mm256_set1_ps(g_b);
  return 8 * 2 * run_chains<kChains>(iterations, b, [&](__m256 x, int) { return _mm256_fmadd_ps(x, a, b); });
}

double peak_fp64_avx2_fma(int64_t iterations) {
  const __m256d a = _mm256_set1_pd(g_ad), b = _mm256_set1_pd(g_bd);
  return 4 * 2 * run_chains<kChains>(iterations, b, [&](__m256d x, int) { return _mm256_fmadd_pd(x, a, b); });
}

// u8×s8 dot of 32 byte pairs per step, as AVX2 int8 GEMMs do it. An empty asm makes
// the u8 operand opaque at every step so the products are neither hoisted nor shared,
// and only the final add sits on each accumulator's dependency chain.
double peak_int8_avx2(int64_t iterations) {
  constexpr int kAcc = 8;  // 16 ymm registers: 8 accumulators + operands + temporaries
  const __m256i w = _mm256_set1_epi8(char(g_seed)), ones = _mm256_set1_epi16(1);
  __m256i x = _mm256_set1_epi8(char(g_seed + 1));
  return 32 * 2 * run_chains<kAcc>(iterations, ones, [&](__m256i acc, int) {
           asm volatile("" : "+x"(x));
           return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(x, w), ones));
         });
}

}  // namespace hotops::measure
