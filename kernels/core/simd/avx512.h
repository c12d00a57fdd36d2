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
#include <cstdlib>

#include "core/bf16.h"

namespace hotops::simd {
// Internal linkage on purpose, see core/simd/avx2.h.
namespace {

struct Avx512 {
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int W = 16;
  static constexpr bool kScalef = true;  // exp applies 2^n with vscalefps (exp.h)

  static V zero() { return _mm512_setzero_ps(); }
  static V set1(float v) { return _mm512_set1_ps(v); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V fnmadd(V a, V b, V c) { return _mm512_fnmadd_ps(a, b, c); }
  // vmaxps (b where either is NaN), in the masked form with a full mask: it compiles to the
  // same instruction, without the undefined pass-through operand GCC 12 warns about.
  static V max(V a, V b) { return _mm512_mask_max_ps(a, __mmask16(0xFFFF), a, b); }
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

  static void prefetch(const void* p) { _mm_prefetch(static_cast<const char*>(p), _MM_HINT_T0); }
  static float to_f32(float v) { return v; }
  static float to_f32(bf16 h) { return std::bit_cast<float>(uint32_t(h.bits) << 16); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static V load(const bf16* p) {
    const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
  }
  static V load(const int8_t* p) {
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
  }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static void store(bf16* p, V v) {
    const __m512i u = _mm512_castps_si512(v);
    const __m512i odd = _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1));
    __m512i r = _mm512_add_epi32(u, _mm512_add_epi32(_mm512_set1_epi32(0x7fff), odd));  // nearest even
    const __mmask16 nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
    r = _mm512_mask_mov_epi32(r, nan, _mm512_or_si512(u, _mm512_set1_epi32(0x400000)));  // NaN stays NaN
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtepi32_epi16(_mm512_srli_epi32(r, 16)));
  }
  // Round to nearest even (cvtps2dq in the default mode), saturate to int8.
  static void store(int8_t* p, V v) {
    v = _mm512_min_ps(max(v, set1(-128.0f)), set1(127.0f));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtsepi32_epi8(_mm512_cvtps_epi32(v)));
  }
  static void store2(int8_t* p, V lo, V hi) { store(p, lo), store(p + W, hi); }

  // Integer sums of int8 rows: see core/simd/avx2.h (psadbw on q ^ 0x80 = q + 128).
  static int64_t i8_sum(const int8_t* p, int64_t n) {
    const __m512i bias = _mm512_set1_epi8(char(0x80));
    __m512i acc = _mm512_setzero_si512();
    int64_t j = 0;
    for (; j + 64 <= n; j += 64) {
      const __m512i u = _mm512_xor_si512(_mm512_loadu_si512(p + j), bias);
      acc = _mm512_add_epi64(acc, _mm512_sad_epu8(u, _mm512_setzero_si512()));
    }
    int64_t s = _mm512_reduce_add_epi64(acc) - 128 * j;
    for (; j < n; ++j) s += p[j];
    return s;
  }
  static int64_t i8_sad(const int8_t* p, int64_t n, int mu) {
    const __m512i bias = _mm512_set1_epi8(char(0x80));
    const __m512i m = _mm512_set1_epi8(char(uint8_t(mu + 128)));
    __m512i acc = _mm512_setzero_si512();
    int64_t j = 0;
    for (; j + 64 <= n; j += 64) {
      const __m512i u = _mm512_xor_si512(_mm512_loadu_si512(p + j), bias);
      acc = _mm512_add_epi64(acc, _mm512_sad_epu8(u, m));
    }
    int64_t s = _mm512_reduce_add_epi64(acc);
    for (; j < n; ++j) s += std::abs(p[j] - mu);
    return s;
  }
  static void i8_sum_sumsq(const int8_t* p, int64_t n, int64_t& sum, int64_t& sumsq) {
    const __m512i bias = _mm512_set1_epi8(char(0x80));
    __m512i acc_s = _mm512_setzero_si512();
    int64_t q = 0, j = 0;
    while (j + 64 <= n) {
      const int64_t end = j + 65536 < n ? j + 65536 : n;
      __m512i acc_q = _mm512_setzero_si512();
      for (; j + 64 <= end; j += 64) {
        const __m512i b = _mm512_loadu_si512(p + j);
        acc_s = _mm512_add_epi64(acc_s, _mm512_sad_epu8(_mm512_xor_si512(b, bias), _mm512_setzero_si512()));
        const __m512i lo = _mm512_cvtepi8_epi16(_mm512_castsi512_si256(b));
        const __m512i hi = _mm512_cvtepi8_epi16(_mm512_extracti64x4_epi64(b, 1));
        acc_q = _mm512_add_epi32(acc_q, _mm512_add_epi32(_mm512_madd_epi16(lo, lo), _mm512_madd_epi16(hi, hi)));
      }
      q += _mm512_reduce_add_epi64(_mm512_add_epi64(_mm512_cvtepu32_epi64(_mm512_castsi512_si256(acc_q)),
                                                    _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(acc_q, 1))));
    }
    int64_t s = _mm512_reduce_add_epi64(acc_s) - 128 * j;
    for (; j < n; ++j) s += p[j], q += p[j] * p[j];
    sum = s, sumsq = q;
  }
};

}  // namespace
}  // namespace hotops::simd
