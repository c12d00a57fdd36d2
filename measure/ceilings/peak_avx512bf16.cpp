// AVX512_BF16 peak: vdpbf16ps, 32 bf16 pairs multiplied and accumulated into fp32.
// GCC 12 warns inside its own _mm512_set1_* (PR 105593, a false positive).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "measure/ceilings/peak_chains.h"
#include "measure/ceilings/peak_kernels.h"

namespace hotops::measure {
namespace {
volatile float g_a = 0.5f, g_b = 1e-3f;
}  // namespace

double peak_bf16_avx512bf16(int64_t iterations) {
  const __m512bh a = _mm512_cvtne2ps_pbh(_mm512_set1_ps(g_a), _mm512_set1_ps(g_a));
  const __m512bh b = _mm512_cvtne2ps_pbh(_mm512_set1_ps(g_b), _mm512_set1_ps(g_b));
  return 32 * 2 * run_chains<16>(iterations, _mm512_set1_ps(g_b), [&](__m512 acc, int) { return _mm512_dpbf16_ps(acc, a, b); });
}

}  // namespace hotops::measure
