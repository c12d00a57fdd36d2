// The AVX2+FMA vector trait of the attention kernels (vec_scalar.h says what a trait provides):
// the core trait and its exp (core/simd) plus the tile shapes and the operations attention adds.
// Include only from *_avx2.cpp files (compiled with AVX2 flags).
#pragma once
#include <immintrin.h>

#include <cstdint>

#include "core/simd/avx2.h"
#include "core/simd/exp.h"

namespace hotops::attention {
namespace {  // internal linkage: the same names are compiled per ISA (see core/simd/avx2.h)

struct Avx2 : simd::Avx2 {
  using vec = V;
  static constexpr int kR = 2, kMj = 6;  // 12 accumulators of 16 ymm registers
  static constexpr int kMr = 6, kNc = 2;

  static vec load_part(const float* p, int64_t r) { return load_tail(p, tail_mask(r)); }
  static void store_part(float* p, vec v, int64_t r) { store_tail(p, tail_mask(r), v); }
  static vec iota() { return _mm256_setr_ps(0, 1, 2, 3, 4, 5, 6, 7); }
  static vec div(vec a, vec b) { return _mm256_div_ps(a, b); }
  static vec clamp_abs(vec x, float c) { return min(max(x, set1(-c)), set1(c)); }
  static vec rcp(vec x) {  // rcpps (12 bits) and one Newton step
    const vec r = _mm256_rcp_ps(x);
    return fmadd(r, fnmadd(x, r, set1(1.0f)), r);
  }
  static vec select_lt(vec a, vec b, vec x, vec y) { return _mm256_blendv_ps(y, x, _mm256_cmp_ps(a, b, _CMP_LT_OQ)); }

  static vec exp_nonpos(vec z) { return simd::exp_nonpos<simd::Avx2>(z); }
  // exp(x) for x ≤ 88: exp_split, then 2^n built in the exponent field (n ≥ −127 → 0 below).
  static vec exp_any(vec x) {
    x = min(x, set1(88.3f));
    const auto s = simd::exp_split<simd::Avx2>(max(x, set1(-88.0f)));
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(s.n), _mm256_set1_epi32(127)), 23);
    const vec r = mul(s.p, _mm256_castsi256_ps(bits));
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
