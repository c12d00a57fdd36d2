// f32 and fp16-storage GEMMs on AVX-512F: 12×32 tiles (24 accumulators), FMA with the A value
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

struct F16 : F32 {
  using Src = hotops::f16;
  static float convert(hotops::f16 h) { return _cvtsh_ss(h.bits); }
  static void convert_run(const hotops::f16* s, int64_t n, float* d) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
      _mm512_storeu_ps(d + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i))));
    for (; i < n; ++i) d[i] = _cvtsh_ss(s[i].bits);
  }
};

}  // namespace

void impl::float_avx512f(const FloatCall& c) {
  if (c.elem == Elem::f32) return run_float<F32, 8, 3>(c);
  run_float<F16, 8, 3>(c);  // the dispatcher sends no bf16 here
}

}  // namespace hotops::gemm
