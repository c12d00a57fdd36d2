// AVX2 building blocks (ops_impl.h) on the softmax family's vector exp and reductions.
#include <immintrin.h>

#include "softmax/exp_avx2.h"
#include "softmax/vec_avx2.h"
#include "vq_logits/ops_impl.h"

namespace hotops::vq_logits {
namespace {

struct Avx2 {
  using V = __m256;
  static constexpr int W = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V set1(float x) { return _mm256_set1_ps(x); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static V load(const bf16* p) {  // bf16 is the high half of an f32
    const __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
  }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V max(V a, V b) { return _mm256_max_ps(a, b); }
  static V exp_nonpos(V z) { return softmax::avx2::exp_nonpos(z); }
  static float hsum(V v) { return softmax::avx2::hsum(v); }
  static float hmax(V v) { return softmax::avx2::hmax(v); }
};

}  // namespace

const Ops& ops_avx2() {
  static const Ops ops = make_ops<Avx2>(softmax::two_pass__avx2);
  return ops;
}

}  // namespace hotops::vq_logits
