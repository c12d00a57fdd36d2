// AVX2 + FMA SIMD trait: 8 f32 lanes (core/simd/scalar.h lists what every trait offers).
// Include only from files compiled with AVX2 flags (*__avx2.cpp).
#pragma once
#include <immintrin.h>

#include <bit>
#include <cstdint>

#include "core/bf16.h"
#include "core/simd/common.h"
#include "core/simd/convert.h"

namespace hotops::simd {
// Internal linkage on purpose: an inline function with external linkage used by files of
// different ISAs could be merged by the linker into one copy built with the wrong flags.
namespace {

struct Avx2 : Common, Convert<Avx2> {
  using V = __m256;
  using Mask = __m256i;  // the lanes of a partial vector
  static constexpr int W = 8;
  static constexpr bool kScalef = false;  // exp builds 2^n in the exponent bits

  static V zero() { return _mm256_setzero_ps(); }
  static V set1(float v) { return _mm256_set1_ps(v); }
  static V broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V fnmadd(V a, V b, V c) { return _mm256_fnmadd_ps(a, b, c); }
  static V max(V a, V b) { return _mm256_max_ps(a, b); }
  static V min(V a, V b) { return _mm256_min_ps(a, b); }
  static V abs(V a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a); }
  static V sign(V a) {
    const V one = set1(1.0f);
    const V pos = _mm256_and_ps(_mm256_cmp_ps(a, zero(), _CMP_GT_OQ), one);
    const V neg = _mm256_and_ps(_mm256_cmp_ps(a, zero(), _CMP_LT_OQ), one);
    return sub(pos, neg);
  }
  static V mul_where_ge(V v, V f, V min) {  // v·f where v ≥ min, else +0
    return _mm256_and_ps(_mm256_mul_ps(v, f), _mm256_cmp_ps(v, min, _CMP_GE_OQ));
  }
  static float hsum(V v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
  }
  static float hmax(V v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_max_ss(s, _mm_movehdup_ps(s)));
  }

  // Partial vectors: lanes [0, n) for 0 < n < W; masked-off lanes are neither read nor written.
  static Mask tail_mask(int64_t n) {
    static const int32_t bits[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bits + 8 - n));
  }
  static V load_tail(const float* p, Mask m) { return _mm256_maskload_ps(p, m); }  // zeros elsewhere
  static V load_tail(const float* p, Mask m, V fill) {
    return _mm256_blendv_ps(fill, _mm256_maskload_ps(p, m), _mm256_castsi256_ps(m));
  }
  static void store_tail(float* p, Mask m, V v) { _mm256_maskstore_ps(p, m, v); }
  static V keep(V v, Mask m) { return _mm256_and_ps(v, _mm256_castsi256_ps(m)); }  // zeros elsewhere

  // 2^k from v = k + 127 + kRoundMagic (exp.h): v's low mantissa bits are the biased exponent.
  static V pow2_biased(V v) { return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_castps_si256(v), 23)); }

  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  using Convert::load, Convert::store;  // bf16 and int8 (convert.h)

  // The integer vector: int8 sums (int8.h) and conversions (convert.h).
  using B = __m256i;
  static constexpr int64_t kBytes = 32;
  static B bytes(const int8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static B set1_u8(uint8_t v) { return _mm256_set1_epi8(char(v)); }
  static B zero_i() { return _mm256_setzero_si256(); }
  static B xor_i(B a, B b) { return _mm256_xor_si256(a, b); }
  static B sad(B a, B b) { return _mm256_sad_epu8(a, b); }
  static B add_i32(B a, B b) { return _mm256_add_epi32(a, b); }
  static B add_i64(B a, B b) { return _mm256_add_epi64(a, b); }
  static B squares(B b) {  // q² of the signed bytes, summed in pairs into int32 lanes
    const __m256i lo = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(b));
    const __m256i hi = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(b, 1));
    return _mm256_add_epi32(_mm256_madd_epi16(lo, lo), _mm256_madd_epi16(hi, hi));
  }
  static B bits(V v) { return _mm256_castps_si256(v); }
  static V from_bits(B b) { return _mm256_castsi256_ps(b); }
  static B slli_i32(B b, int k) { return _mm256_slli_epi32(b, k); }
  static B srli_i32(B b, int k) { return _mm256_srli_epi32(b, k); }
  static B and_i(B a, B b) { return _mm256_and_si256(a, b); }
  static B or_i(B a, B b) { return _mm256_or_si256(a, b); }
  static B set1_i32(int32_t v) { return _mm256_set1_epi32(v); }
  static B nan_select(V v, B a, B b) { return _mm256_blendv_epi8(b, a, bits(_mm256_cmp_ps(v, v, _CMP_UNORD_Q))); }
  static B widen_u16(const bf16* p) { return _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }
  static B widen_i8(const int8_t* p) { return _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))); }
  static V to_float(B b) { return _mm256_cvtepi32_ps(b); }
  static B to_int(V v) { return _mm256_cvtps_epi32(v); }
  static void narrow_u16(bf16* p, B b) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm_packus_epi32(_mm256_castsi256_si128(b), _mm256_extracti128_si256(b, 1)));
  }
  static void narrow_i8(int8_t* p, B b) {
    const __m128i w = _mm_packs_epi32(_mm256_castsi256_si128(b), _mm256_extracti128_si256(b, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packs_epi16(w, w));
  }
  static void narrow_i8(int8_t* p, B lo, B hi) {  // one 256-bit pack, one lane fix-up, one store
    const __m256i w = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);  // 16 × int16 in order
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm_packs_epi16(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1)));
  }
  static int64_t hsum_i64(B v) {
    const __m128i s = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    return _mm_cvtsi128_si64(s) + _mm_extract_epi64(s, 1);
  }
  static int64_t hsum_u32(B v) {
    return hsum_i64(_mm256_add_epi64(_mm256_cvtepu32_epi64(_mm256_castsi256_si128(v)),
                                     _mm256_cvtepu32_epi64(_mm256_extracti128_si256(v, 1))));
  }
};

}  // namespace
}  // namespace hotops::simd
