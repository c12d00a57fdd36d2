// The AVX-512 vector trait the attention kernels are written against (vec_scalar.h says what a
// trait provides): the core trait and its exp (core/simd) plus the tile shapes and the
// operations attention adds. Include only from *_avx512f.cpp / *_avx512bf16.cpp files.
#pragma once
#include <immintrin.h>

#include <cstdint>

#include "core/simd/avx512.h"
#include "core/simd/exp.h"

namespace hotops::attention {
namespace {  // internal linkage: the same names are compiled per ISA (see core/simd/avx2.h)

struct Avx512 : simd::Avx512 {
  using vec = V;
  // Masked forms with a full mask where GCC 12's unmasked intrinsics warn (see simd::Avx512::max).
  static constexpr __mmask16 kAll = 0xFFFF;
  static constexpr int kR = 4, kMj = 6;  // score tile: kR·W queries × kMj keys in registers
  static constexpr int kMr = 8, kNc = 3;  // row tile: kMr rows × kNc·W columns in registers

  static vec load_part(const float* p, int64_t r) { return load_tail(p, tail_mask(r)); }
  static void store_part(float* p, vec v, int64_t r) { store_tail(p, tail_mask(r), v); }
  static vec iota() { return _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15); }
  static vec div(vec a, vec b) { return _mm512_div_ps(a, b); }
  // x with |x| clamped to c (vrangeps: min of magnitudes, sign of x).
  static vec clamp_abs(vec x, float c) { return _mm512_mask_range_ps(x, kAll, x, set1(c), 0x02); }
  // 1/x to ~1 ulp: rcp14 and one Newton step (no divider on the critical path).
  static vec rcp(vec x) {
    const vec r = _mm512_mask_rcp14_ps(x, kAll, x);
    return fmadd(r, fnmadd(x, r, set1(1.0f)), r);
  }
  // a < b ? x : y, lane by lane (false for NaN).
  static vec select_lt(vec a, vec b, vec x, vec y) {
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, b, _CMP_LT_OQ), y, x);
  }

  // exp(z) for z ≤ 0; −inf and NaN give +0, results below 2^-125 are +0.
  static vec exp_nonpos(vec z) { return simd::exp_nonpos<simd::Avx512>(z); }
  // exp(x) for any x ≤ 88 (overflow gives +inf, underflow +0): exp_split and scalef.
  static vec exp_any(vec x) {
    const auto s = simd::exp_split<simd::Avx512>(x);
    return _mm512_mask_scalef_ps(s.p, kAll, s.p, s.n);
  }
  // x = m·2^e with m in [√½, √2), for finite x > 0 (normal).
  static vec split_sqrt2(vec x, vec& e) {
    const vec m = _mm512_mask_getmant_ps(x, kAll, x, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);  // [1, 2)
    e = _mm512_mask_getexp_ps(x, kAll, x);
    const __mmask16 big = _mm512_cmp_ps_mask(m, set1(1.41421356f), _CMP_GE_OQ);
    e = _mm512_mask_add_ps(e, big, e, set1(1.0f));
    return _mm512_mask_mul_ps(m, big, m, set1(0.5f));
  }
};

}  // namespace
}  // namespace hotops::attention
