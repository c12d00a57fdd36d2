// AVX-512 (F/BW/VL/DQ) "ISA" for the norm kernel templates: 16 f32 lanes. Include only
// from files compiled with AVX-512 flags (*_avx512f.cpp); internal linkage.
#pragma once
// GCC 12 reports false (maybe-)uninitialized warnings inside avx512fintrin.h (its _mm512_undefined_*
// self-initializations); the pragma must precede the intrinsics header to cover it.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

#include <bit>
#include <cstdint>
#include <cstdlib>

#include "core/bf16.h"

namespace hotops::norm {
namespace {

struct Avx512 {
  using V = __m512;
  static constexpr int W = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V set1(float v) { return _mm512_set1_ps(v); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V abs(V a) { return _mm512_abs_ps(a); }
  static V sign(V a) {
    const V one = set1(1.0f);
    const V pos = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(a, zero(), _CMP_GT_OQ), one);
    const V neg = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(a, zero(), _CMP_LT_OQ), one);
    return sub(pos, neg);
  }
  static float hsum(V v) { return _mm512_reduce_add_ps(v); }
  static V keep_first(V v, int n) { return _mm512_maskz_mov_ps(__mmask16((1u << n) - 1u), v); }
  // The first n < W floats (masked lanes are neither read nor written).
  static V load_n(const float* p, int n) { return _mm512_maskz_loadu_ps(__mmask16((1u << n) - 1u), p); }
  static void store_n(float* p, V v, int n) { _mm512_mask_storeu_ps(p, __mmask16((1u << n) - 1u), v); }

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
    v = _mm512_min_ps(_mm512_max_ps(v, set1(-128.0f)), set1(127.0f));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtsepi32_epi8(_mm512_cvtps_epi32(v)));
  }

  static void store2(int8_t* p, V lo, V hi) { store(p, lo), store(p + W, hi); }

  // Integer row statistics: see simd_avx2.h (psadbw on q ^ 0x80 = q + 128).
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
}  // namespace hotops::norm
