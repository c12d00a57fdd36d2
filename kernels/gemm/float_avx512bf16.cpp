// bf16 GEMM on AVX512-BF16: vdpbf16ps multiplies pairs of bf16 along the reduction and adds both
// products to an f32 lane; panels hold (k, k+1) pairs (KU = 2), 8×48 tiles.
#include <immintrin.h>

#include <cstring>

#include "gemm/float_job.h"

namespace hotops::gemm {
namespace {

struct Bf16 {
  using Src = hotops::bf16;
  using PA = uint16_t;
  using PB = uint16_t;
  using Acc = __m512;
  using A = __m512bh;
  using B = __m512bh;
  static constexpr int KU = 2, kAStep = 2, kBStep = 32, kLanes = 16;

  static Acc zero() { return _mm512_setzero_ps(); }
  static A load_a(const uint16_t* p) {
    int32_t pair;
    std::memcpy(&pair, p, 4);
    return (__m512bh)_mm512_set1_epi32(pair);
  }
  static B load_b(const uint16_t* p) { return (__m512bh)_mm512_load_si512(p); }
  static void step(Acc& c, A a, B b) { c = _mm512_dpbf16_ps(c, a, b); }
  static void store(float* p, Acc v) { _mm512_store_ps(p, v); }
  static Acc loadu(const float* p) { return _mm512_loadu_ps(p); }
  static void storeu(float* p, Acc v) { _mm512_storeu_ps(p, v); }
  static uint16_t convert(hotops::bf16 h) { return h.bits; }
  static void convert_run(const hotops::bf16* s, int64_t n, uint16_t* d) { std::memcpy(d, s, size_t(n) * 2); }
};

}  // namespace

void impl::float_avx512bf16(const FloatCall& c) { run_float<Bf16, 8, 3>(c); }

}  // namespace hotops::gemm
