// AVX512_VNNI peak: vpdpbusd zmm, 64 u8×s8 pairs multiplied and accumulated into int32.
// GCC 12 warns inside its own _mm512_set1_* (PR 105593, a false positive).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "measure/ceilings/peak_chains.h"
#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {
volatile int g_seed = 3;
}  // namespace

double peak_int8_avx512vnni(int64_t iterations) {
  const __m512i a = _mm512_set1_epi8(char(g_seed)), b = _mm512_set1_epi8(char(g_seed + 1));
  return 64 * 2 * run_chains<16>(iterations, a, [&](__m512i acc, int) { return _mm512_dpbusd_epi32(acc, a, b); });
}

}  // namespace hotops::measure
