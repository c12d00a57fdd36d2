// f32 and fp16-storage GEMMs on AVX-512F: 8×48 tiles (24 accumulators), FMA with the A value
// broadcast. fp16 operands are widened with F16C (vcvtph2ps) while packing, so the microkernel
// is the f32 one: these CPUs have no fp16 arithmetic.
#include <immintrin.h>

#include <cstring>

#include "gemm/float_job.h"

namespace hotops::gemm {
namespace {

struct F32 {
  using Src = float;
  using PA = float;
  using PB = float;
  using Acc = __m512;
  using A = __m512;
  using B = __m512;
  static constexpr int KU = 1, kAStep = 1, kBStep = 16, kLanes = 16;

  static Acc zero() { return _mm512_setzero_ps(); }
  static A load_a(const float* p) { return _mm512_set1_ps(*p); }
  static B load_b(const float* p) { return _mm512_load_ps(p); }
  static void step(Acc& c, A a, B b) { c = _mm512_fmadd_ps(a, b, c); }
  static void store(float* p, Acc v) { _mm512_store_ps(p, v); }
  static Acc loadu(const float* p) { return _mm512_loadu_ps(p); }
  static void storeu(float* p, Acc v) { _mm512_storeu_ps(p, v); }
  static float convert(float x) { return x; }
  static void convert_run(const float* s, int64_t n, float* d) { std::memcpy(d, s, size_t(n) * sizeof(float)); }
};


}  // namespace

void impl::float_avx512f(const FloatCall& c) {
  if (c.elem == Elem::f32) return run_float<F32, 8, 3>(c);
  run_float<F16Source<F32>, 8, 3>(c);  // the dispatcher sends no bf16 here
}

}  // namespace hotops::gemm
