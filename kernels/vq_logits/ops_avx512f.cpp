// AVX-512 building blocks (ops_impl.h) on the softmax family's vector exp and reductions.
#include <immintrin.h>

#include "softmax/exp_avx512.h"
#include "softmax/vec_avx512.h"
#include "vq_logits/ops_impl.h"

namespace hotops::vq_logits {
namespace {

// Full-mask forms of widen and shift: GCC 12's plain intrinsics pass an "undefined" vector that
// sets off false -Wmaybe-uninitialized warnings (see vmax in vec_avx512.h).
constexpr __mmask16 kAll = 0xFFFF;

struct Avx512 {
  using V = __m512;
  static constexpr int W = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V set1(float x) { return _mm512_set1_ps(x); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static V load(const bf16* p) {  // bf16 is the high half of an f32
    const __m512i w = _mm512_maskz_cvtepu16_epi32(kAll, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
    return _mm512_castsi512_ps(_mm512_maskz_slli_epi32(kAll, w, 16));
  }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V max(V a, V b) { return softmax::avx512::vmax(a, b); }
  static V exp_nonpos(V z) { return softmax::avx512::exp_nonpos(z); }
  static float hsum(V v) { return softmax::avx512::hsum(v); }
  static float hmax(V v) { return softmax::avx512::hmax(v); }
};

}  // namespace

const Ops& ops_avx512f() {
  static const Ops ops = make_ops<Avx512>(softmax::two_pass__avx512f);
  return ops;
}

}  // namespace hotops::vq_logits
