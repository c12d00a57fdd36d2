// AVX2 bandwidth kernels: 4 ymm per step, aligned loads, ordinary stores.
#include <immintrin.h>

#include "measure/ceilings/stream_kernels.h"

namespace hotops::measure {
namespace {

volatile double g_sink;

double read(const double* a, size_t n, int64_t sweeps) {
  __m256d s[8];
  for (auto& v : s) v = _mm256_setzero_pd();
  for (int64_t r = 0; r < sweeps; ++r) {
    for (size_t i = 0; i < n; i += 32)  // 8 accumulators: 2 loads/cycle × add latency 3-4
      for (int k = 0; k < 8; ++k) s[k] = _mm256_add_pd(s[k], _mm256_load_pd(a + i + 4 * k));
    asm volatile("" ::: "memory");
  }
  for (int k = 1; k < 8; ++k) s[0] = _mm256_add_pd(s[0], s[k]);
  g_sink = _mm256_cvtsd_f64(s[0]);
  return double(sweeps) * double(n) * 8;
}

}  // namespace

double stream_avx2(StreamOp op, double* a, double* b, double* c, size_t n, int64_t sweeps) {
  const __m256d s = _mm256_set1_pd(1.000001);
  switch (op) {
    case StreamOp::read:
      return read(a, n, sweeps);
    case StreamOp::write:
      for (int64_t r = 0; r < sweeps; ++r) {
        for (size_t i = 0; i < n; i += 16)
          for (int k = 0; k < 4; ++k) _mm256_store_pd(a + i + 4 * k, s);
        asm volatile("" ::: "memory");
      }
      break;
    case StreamOp::copy:
      for (int64_t r = 0; r < sweeps; ++r) {
        for (size_t i = 0; i < n; i += 16)
          for (int k = 0; k < 4; ++k) _mm256_store_pd(b + i + 4 * k, _mm256_load_pd(a + i + 4 * k));
        asm volatile("" ::: "memory");
      }
      break;
    case StreamOp::triad:
      for (int64_t r = 0; r < sweeps; ++r) {
        for (size_t i = 0; i < n; i += 16)
          for (int k = 0; k < 4; ++k)
            _mm256_store_pd(a + i + 4 * k,
                            _mm256_fmadd_pd(s, _mm256_load_pd(c + i + 4 * k), _mm256_load_pd(b + i + 4 * k)));
        asm volatile("" ::: "memory");
      }
      break;
  }
  return double(sweeps) * double(n) * stream_op_info(op).counted_bytes;
}

}  // namespace hotops::measure
