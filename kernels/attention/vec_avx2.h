// The AVX2+FMA vector trait of the attention kernels (vec_scalar.h says what a trait provides).
// exp comes from the softmax family's vector exp (softmax/exp_avx2.h).
// Include only from *_avx2.cpp files (compiled with AVX2 flags).
#pragma once
#include <immintrin.h>

#include <cstdint>

#include "softmax/exp_avx2.h"
#include "softmax/vec_avx2.h"

namespace hotops::attention {
namespace {  // internal linkage: the same names are compiled per ISA (see softmax/exp_avx2.h)

struct Avx2 {
  using vec = __m256;
  static constexpr int W = 8;
  static constexpr int kR = 2, kMj = 6;  // 12 accumulators of 16 ymm registers
  static constexpr int kMr = 6, kNc = 2;

  static vec zero() { return _mm256_setzero_ps(); }
  static vec set1(float x) { return _mm256_set1_ps(x); }
  static vec load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, vec v) { _mm256_storeu_ps(p, v); }
  static vec load_part(const float* p, int64_t r) { return _mm256_maskload_ps(p, softmax::avx2::tail_mask(r)); }
  static void store_part(float* p, vec v, int64_t r) { _mm256_maskstore_ps(p, softmax::avx2::tail_mask(r), v); }
  static vec iota() { return _mm256_setr_ps(0, 1, 2, 3, 4, 5, 6, 7); }

  static vec add(vec a, vec b) { return _mm256_add_ps(a, b); }
  static vec sub(vec a, vec b) { return _mm256_sub_ps(a, b); }
  static vec mul(vec a, vec b) { return _mm256_mul_ps(a, b); }
  static vec fmadd(vec a, vec b, vec c) { return _mm256_fmadd_ps(a, b, c); }
  static vec fnmadd(vec a, vec b, vec c) { return _mm256_fnmadd_ps(a, b, c); }
  static vec max(vec a, vec b) { return _mm256_max_ps(a, b); }
  static vec min(vec a, vec b) { return _mm256_min_ps(a, b); }
  static vec div(vec a, vec b) { return _mm256_div_ps(a, b); }
  static vec clamp_abs(vec x, float c) { return min(max(x, set1(-c)), set1(c)); }
  static vec abs(vec a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a); }
  static vec rcp(vec x) {  // rcpps (12 bits) and one Newton step
    const vec r = _mm256_rcp_ps(x);
    return fmadd(r, fnmadd(x, r, set1(1.0f)), r);
  }
  static vec select_lt(vec a, vec b, vec x, vec y) { return _mm256_blendv_ps(y, x, _mm256_cmp_ps(a, b, _CMP_LT_OQ)); }
  static float hsum(vec v) { return softmax::avx2::hsum(v); }

  static vec exp_nonpos(vec z) { return softmax::avx2::exp_nonpos(z); }
  // exp(x) for x ≤ 88: exp_split, then 2^n built in the exponent field (n ≥ −127 → 0 below).
  static vec exp_any(vec x) {
    x = min(x, set1(88.3f));
    vec n_magic;
    const vec p = softmax::avx2::exp_split(max(x, set1(-88.0f)), n_magic);
    const vec n = sub(n_magic, set1(softmax::expc::kRoundMagic));
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    const vec r = mul(p, _mm256_castsi256_ps(bits));
    return select_lt(x, set1(-87.3f), zero(), r);
  }
  static vec split_sqrt2(vec x, vec& e) {
    const __m256i xi = _mm256_castps_si256(x);
    // m in [√½, √2): subtract the exponent of √½·2^k with the integer trick on the bits.
    const __m256i off = _mm256_sub_epi32(xi, _mm256_set1_epi32(0x3f3504f3));  // bits of √½
    const __m256i k = _mm256_srai_epi32(off, 23);
    e = _mm256_cvtepi32_ps(k);
    return _mm256_castsi256_ps(_mm256_sub_epi32(xi, _mm256_slli_epi32(k, 23)));
  }
};

}  // namespace
}  // namespace hotops::attention
