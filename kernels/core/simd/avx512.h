// AVX-512 (F/BW/VL/DQ) SIMD trait: 16 f32 lanes, mask registers for partial vectors
// (core/simd/scalar.h lists what every trait offers). Include only from files compiled with
// AVX-512 flags (*__avx512f.cpp).
#pragma once
// GCC 12 reports false (maybe-)uninitialized warnings at its own _mm512_undefined_*
// self-initializations inside avx512fintrin.h (GCC bug 105593); they are silenced for that
// header alone, which is why the pragmas must enclose its first inclusion.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <bit>
#include <cstdint>

#include "core/bf16.h"
#include "core/simd/common.h"
#include "core/simd/convert.h"

namespace hotops::simd {
// Internal linkage on purpose, see core/simd/avx2.h.
namespace {

struct Avx512 : Common, Convert<Avx512> {
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int W = 16;
  static constexpr bool kScalef = true;  // exp applies 2^n with vscalefps (exp.h)

  static V zero() { return _mm512_setzero_ps(); }
  static V set1(float v) { return _mm512_set1_ps(v); }
  static V broadcast(const float* p) { return _mm512_set1_ps(*p); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V fnmadd(V a, V b, V c) { return _mm512_fnmadd_ps(a, b, c); }
  // vmaxps (b where either is NaN), in the masked form with a full mask: it compiles to the
  // same instruction, without the undefined pass-through operand GCC 12 warns about.
  static V max(V a, V b) { return _mm512_mask_max_ps(a, __mmask16(0xFFFF), a, b); }
  static V min(V a, V b) { return _mm512_mask_min_ps(a, __mmask16(0xFFFF), a, b); }
  static V abs(V a) { return _mm512_abs_ps(a); }
  static V sign(V a) {
    const V one = set1(1.0f);
    const V pos = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(a, zero(), _CMP_GT_OQ), one);
    const V neg = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(a, zero(), _CMP_LT_OQ), one);
    return sub(pos, neg);
  }
  static V mul_where_ge(V v, V f, V min) {  // v·f where v ≥ min, else +0 (never computed there)
    return _mm512_maskz_mul_ps(_mm512_cmp_ps_mask(v, min, _CMP_GE_OQ), v, f);
  }
  static float hsum(V v) {
    const __m256 h = _mm256_add_ps(_mm512_extractf32x8_ps(v, 0), _mm512_extractf32x8_ps(v, 1));
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
  }
  static float hmax(V v) {
    const __m256 h = _mm256_max_ps(_mm512_extractf32x8_ps(v, 0), _mm512_extractf32x8_ps(v, 1));
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_max_ss(s, _mm_movehdup_ps(s)));
  }

  // Partial vectors: lanes [0, n) for 0 < n < W; masked-off lanes are neither read nor written.
  static Mask tail_mask(int64_t n) { return Mask((1u << n) - 1u); }
  static V load_tail(const float* p, Mask m) { return _mm512_maskz_loadu_ps(m, p); }
  static V load_tail(const float* p, Mask m, V fill) { return _mm512_mask_loadu_ps(fill, m, p); }
  static void store_tail(float* p, Mask m, V v) { _mm512_mask_storeu_ps(p, m, v); }
  static V keep(V v, Mask m) { return _mm512_maskz_mov_ps(m, v); }

  // v·2^d for integer-valued d ≤ 0 (−inf and NaN allowed) and v = 0 or v ≥ 0.5: lanes with
  // d < −125 (or NaN) become +0 without being computed, so the result is never denormal
  // (denormal results cost microcode assists on Intel cores without FTZ).
  static V scale_nonpos(V v, V d) {
    const __mmask16 keep = _mm512_cmp_ps_mask(d, _mm512_set1_ps(-125.0f), _CMP_GE_OQ);
    return _mm512_maskz_scalef_ps(keep, v, d);
  }

  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  using Convert::load, Convert::store;  // bf16 and int8 (convert.h)

  // The integer vector: int8 sums (int8.h) and conversions (convert.h).
  using B = __m512i;
  static constexpr int64_t kBytes = 64;
  static B bytes(const int8_t* p) { return _mm512_loadu_si512(p); }
  static B set1_u8(uint8_t v) { return _mm512_set1_epi8(char(v)); }
  static B zero_i() { return _mm512_setzero_si512(); }
  static B xor_i(B a, B b) { return _mm512_xor_si512(a, b); }
  static B sad(B a, B b) { return _mm512_sad_epu8(a, b); }
  static B add_i32(B a, B b) { return _mm512_add_epi32(a, b); }
  static B add_i64(B a, B b) { return _mm512_add_epi64(a, b); }
  static B squares(B b) {  // q² of the signed bytes, summed in pairs into int32 lanes
    const __m512i lo = _mm512_cvtepi8_epi16(_mm512_castsi512_si256(b));
    const __m512i hi = _mm512_cvtepi8_epi16(_mm512_extracti64x4_epi64(b, 1));
    return _mm512_add_epi32(_mm512_madd_epi16(lo, lo), _mm512_madd_epi16(hi, hi));
  }
  static B bits(V v) { return _mm512_castps_si512(v); }
  static V from_bits(B b) { return _mm512_castsi512_ps(b); }
  static B slli_i32(B b, int k) { return _mm512_slli_epi32(b, k); }
  static B srli_i32(B b, int k) { return _mm512_srli_epi32(b, k); }
  static B and_i(B a, B b) { return _mm512_and_si512(a, b); }
  static B or_i(B a, B b) { return _mm512_or_si512(a, b); }
  static B set1_i32(int32_t v) { return _mm512_set1_epi32(v); }
  static B nan_select(V v, B a, B b) { return _mm512_mask_mov_epi32(b, _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q), a); }
  static B widen_u16(const bf16* p) { return _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))); }
  static B widen_i8(const int8_t* p) { return _mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }
  static V to_float(B b) { return _mm512_cvtepi32_ps(b); }
  static B to_int(V v) { return _mm512_cvtps_epi32(v); }
  static void narrow_u16(bf16* p, B b) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtepi32_epi16(b)); }
  static void narrow_i8(int8_t* p, B b) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtsepi32_epi8(b)); }
  static void narrow_i8(int8_t* p, B lo, B hi) { narrow_i8(p, lo), narrow_i8(p + W, hi); }
  static int64_t hsum_i64(B v) { return _mm512_reduce_add_epi64(v); }
  static int64_t hsum_u32(B v) {
    return hsum_i64(_mm512_add_epi64(_mm512_cvtepu32_epi64(_mm512_castsi512_si256(v)),
                                     _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(v, 1))));
  }
};

}  // namespace
}  // namespace hotops::simd
