// AVX512_VNNI peak: vpdpbusd zmm, 64 u8×s8 pairs multiplied and accumulated into int32.
// GCC 12 warns inside its own _mm512_set1_* (PR 105593, a false positive).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {
volatile int g_seed = 3;
volatile int g_sink;
constexpr int kChains = 16;
}  // namespace

double peak_int8_avx512vnni(int64_t iterations) {
  const __m512i a = _mm512_set1_epi8(char(g_seed)), b = _mm512_set1_epi8(char(g_seed + 1));
  __m512i acc[kChains];
  for (int k = 0; k < kChains; ++k) acc[k] = _mm512_set1_epi32(k);
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) acc[k] = _mm512_dpbusd_epi32(acc[k], a, b);
  __m512i r = acc[0];
  for (int k = 1; k < kChains; ++k) r = _mm512_add_epi32(r, acc[k]);
  g_sink = _mm512_reduce_add_epi32(r);
  return double(iterations) * kChains * 64 * 2;
}

}  // namespace hotops::measure
