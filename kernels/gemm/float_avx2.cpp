// f32 and fp16-storage GEMMs on AVX2 + FMA: 6×16 tiles (12 accumulators in 16 registers). fp16 is
// widened with F16C while packing; the microkernel is the f32 one.
#include <immintrin.h>

#include <cstring>

#include "gemm/float_job.h"

namespace hotops::gemm {
namespace {

struct F32 {
  using Src = float;
  using PA = float;
  using PB = float;
  using Acc = __m256;
  using A = __m256;
  using B = __m256;
  static constexpr int KU = 1, kAStep = 1, kBStep = 8, kLanes = 8;

  static Acc zero() { return _mm256_setzero_ps(); }
  static A load_a(const float* p) { return _mm256_broadcast_ss(p); }
  static B load_b(const float* p) { return _mm256_load_ps(p); }
  static void step(Acc& c, A a, B b) { c = _mm256_fmadd_ps(a, b, c); }
  static void store(float* p, Acc v) { _mm256_store_ps(p, v); }
  static Acc loadu(const float* p) { return _mm256_loadu_ps(p); }
  static void storeu(float* p, Acc v) { _mm256_storeu_ps(p, v); }
  static float convert(float x) { return x; }
  static void convert_run(const float* s, int64_t n, float* d) { std::memcpy(d, s, size_t(n) * sizeof(float)); }
};


}  // namespace

void impl::float_avx2(const FloatCall& c) {
  if (c.elem == Elem::f32) return run_float<F32, 6, 2>(c);
  run_float<F16Source<F32>, 6, 2>(c);
}

}  // namespace hotops::gemm
