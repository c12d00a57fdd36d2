// AVX-VNNI (VEX-encoded vpdpbusd on 256-bit registers) int8 peak.
#include <immintrin.h>

#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {
volatile int g_seed = 3;
volatile int g_sink;
constexpr int kChains = 12;
}  // namespace

double peak_int8_avxvnni(int64_t iterations) {
  const __m256i a = _mm256_set1_epi8(char(g_seed)), b = _mm256_set1_epi8(char(g_seed + 1));
  __m256i acc[kChains];
  for (int k = 0; k < kChains; ++k) acc[k] = _mm256_set1_epi32(k);
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) acc[k] = _mm256_dpbusd_avx_epi32(acc[k], a, b);
  __m256i r = acc[0];
  for (int k = 1; k < kChains; ++k) r = _mm256_add_epi32(r, acc[k]);
  g_sink = _mm256_extract_epi32(r, 0);
  return double(iterations) * kChains * 32 * 2;
}

}  // namespace hotops::measure
