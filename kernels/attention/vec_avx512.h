// The AVX-512 vector trait the attention kernels are written against (vec_scalar.h says what a
// trait provides). exp comes from the softmax family's vector exp (softmax/exp_avx512.h).
// Include only from *_avx512f.cpp / *_avx512bf16.cpp files (compiled with AVX-512 flags).
#pragma once
#include <immintrin.h>

#include <cstdint>

#include "softmax/exp_avx512.h"

namespace hotops::attention {
namespace {  // internal linkage: the same names are compiled per ISA (see softmax/exp_avx512.h)

struct Avx512 {
  using vec = __m512;
  // Masked forms with a full mask where GCC 12's unmasked intrinsics warn (see softmax::avx512::vmax).
  static constexpr __mmask16 kAll = 0xFFFF;
  static constexpr int W = 16;
  static constexpr int kR = 4, kMj = 6;  // score tile: kR·W queries × kMj keys in registers
  static constexpr int kMr = 8, kNc = 3;  // row tile: kMr rows × kNc·W columns in registers

  static vec zero() { return _mm512_setzero_ps(); }
  static vec set1(float x) { return _mm512_set1_ps(x); }
  static vec load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, vec v) { _mm512_storeu_ps(p, v); }
  static vec load_part(const float* p, int64_t r) { return _mm512_maskz_loadu_ps(__mmask16((1u << r) - 1), p); }
  static void store_part(float* p, vec v, int64_t r) { _mm512_mask_storeu_ps(p, __mmask16((1u << r) - 1), v); }
  static vec iota() { return _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15); }

  static vec add(vec a, vec b) { return _mm512_add_ps(a, b); }
  static vec sub(vec a, vec b) { return _mm512_sub_ps(a, b); }
  static vec mul(vec a, vec b) { return _mm512_mul_ps(a, b); }
  static vec fmadd(vec a, vec b, vec c) { return _mm512_fmadd_ps(a, b, c); }   // a·b + c
  static vec fnmadd(vec a, vec b, vec c) { return _mm512_fnmadd_ps(a, b, c); } // c − a·b
  static vec max(vec a, vec b) { return softmax::avx512::vmax(a, b); }
  static vec min(vec a, vec b) { return _mm512_mask_min_ps(a, kAll, a, b); }
  static vec div(vec a, vec b) { return _mm512_div_ps(a, b); }
  // x with |x| clamped to c (vrangeps: min of magnitudes, sign of x).
  static vec clamp_abs(vec x, float c) { return _mm512_mask_range_ps(x, kAll, x, set1(c), 0x02); }
  static vec abs(vec a) { return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(a), _mm512_set1_epi32(0x7fffffff))); }
  // 1/x to ~1 ulp: rcp14 and one Newton step (no divider on the critical path).
  static vec rcp(vec x) {
    const vec r = _mm512_mask_rcp14_ps(x, kAll, x);
    return fmadd(r, fnmadd(x, r, set1(1.0f)), r);
  }
  // a < b ? x : y, lane by lane (false for NaN).
  static vec select_lt(vec a, vec b, vec x, vec y) {
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, b, _CMP_LT_OQ), y, x);
  }
  static float hsum(vec v) { return softmax::avx512::hsum(v); }

  // exp(z) for z ≤ 0; −inf and NaN give +0, results below 2^-125 are +0.
  static vec exp_nonpos(vec z) { return softmax::avx512::exp_nonpos(z); }
  // exp(x) for any x ≤ 88 (overflow gives +inf, underflow +0): exp_split and scalef.
  static vec exp_any(vec x) {
    vec n;
    const vec p = softmax::avx512::exp_split(x, n);
    return _mm512_mask_scalef_ps(p, kAll, p, n);
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
