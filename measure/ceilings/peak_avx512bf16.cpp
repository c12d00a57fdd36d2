// AVX512_BF16 peak: vdpbf16ps, 32 bf16 pairs multiplied and accumulated into fp32.
// GCC 12 warns inside its own _mm512_set1_* (PR 105593, a false positive).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {
volatile float g_a = 0.5f, g_b = 1e-3f;
volatile float g_sink;
constexpr int kChains = 16;
}  // namespace

double peak_bf16_avx512bf16(int64_t iterations) {
  const __m512bh a = _mm512_cvtne2ps_pbh(_mm512_set1_ps(g_a), _mm512_set1_ps(g_a));
  const __m512bh b = _mm512_cvtne2ps_pbh(_mm512_set1_ps(g_b), _mm512_set1_ps(g_b));
  __m512 acc[kChains];
  for (int k = 0; k < kChains; ++k) acc[k] = _mm512_set1_ps(float(k));
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) acc[k] = _mm512_dpbf16_ps(acc[k], a, b);
  __m512 r = acc[0];
  for (int k = 1; k < kChains; ++k) r = _mm512_add_ps(r, acc[k]);
  g_sink = _mm512_reduce_add_ps(r);
  return double(iterations) * kChains * 32 * 2;
}

}  // namespace hotops::measure
