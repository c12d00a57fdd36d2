// Baseline (SSE2) bandwidth kernels for machines without AVX2. Intrinsics keep the
// compiler from turning the loops into memset/memcpy (which use non-temporal stores).
#include <emmintrin.h>

#include "measure/ceilings/stream_kernels.h"

namespace hotops::measure {
namespace {
volatile double g_sink;
}  // namespace

double stream_sse2(StreamOp op, double* a, double* b, double* c, size_t n, int64_t sweeps) {
  const __m128d s = _mm_set1_pd(1.000001);
  for (int64_t r = 0; r < sweeps; ++r) {
    switch (op) {
      case StreamOp::read: {
        __m128d acc[4] = {_mm_setzero_pd(), _mm_setzero_pd(), _mm_setzero_pd(), _mm_setzero_pd()};
        for (size_t i = 0; i < n; i += 8)
          for (int k = 0; k < 4; ++k) acc[k] = _mm_add_pd(acc[k], _mm_load_pd(a + i + 2 * k));
        g_sink = _mm_cvtsd_f64(_mm_add_pd(_mm_add_pd(acc[0], acc[1]), _mm_add_pd(acc[2], acc[3])));
        break;
      }
      case StreamOp::write:
        for (size_t i = 0; i < n; i += 2) _mm_store_pd(a + i, s);
        break;
      case StreamOp::copy:
        for (size_t i = 0; i < n; i += 2) _mm_store_pd(b + i, _mm_load_pd(a + i));
        break;
      case StreamOp::triad:
        for (size_t i = 0; i < n; i += 2)
          _mm_store_pd(a + i, _mm_add_pd(_mm_load_pd(b + i), _mm_mul_pd(s, _mm_load_pd(c + i))));
        break;
    }
    asm volatile("" ::: "memory");
  }
  return double(sweeps) * double(n) * stream_op_info(op).counted_bytes;
}

}  // namespace hotops::measure
