// Vector exp for the AVX2+FMA softmax kernels; method, constants and accuracy: exp_consts.h.
// Include only from *_avx2.cpp files (this code is compiled with their AVX2 flags).
#pragma once
#include <immintrin.h>

#include <cmath>

#include "softmax/exp_consts.h"

namespace hotops::softmax::avx2 {
// Internal linkage on purpose: an inline function with external linkage used by files of
// different ISAs could be merged by the linker into one copy built with the wrong flags.
namespace {

// The polynomial's coefficients times a factor c: c·p(t) costs no extra multiply.
struct Poly {
  __m256 c0, c1, c2, c3, c4, c5;
  explicit Poly(float c = 1.0f)
      : c0(_mm256_set1_ps(c)),
        c1(_mm256_set1_ps(float(double(c) * expc::kC1))),
        c2(_mm256_set1_ps(float(double(c) * expc::kC2))),
        c3(_mm256_set1_ps(float(double(c) * expc::kC3))),
        c4(_mm256_set1_ps(float(double(c) * expc::kC4))),
        c5(_mm256_set1_ps(float(double(c) * expc::kC5))) {}
};

// c·p(t) ≈ c·e^t on [−ln2/2, ln2/2] (Horner).
inline __m256 exp_poly(__m256 t, const Poly& k = Poly()) {
  __m256 p = _mm256_fmadd_ps(k.c5, t, k.c4);
  p = _mm256_fmadd_ps(p, t, k.c3);
  p = _mm256_fmadd_ps(p, t, k.c2);
  p = _mm256_fmadd_ps(p, t, k.c1);
  return _mm256_fmadd_ps(p, t, k.c0);
}

// t = x − n·ln2, exact reduction for |n| < 2^22 (see exp_consts.h).
inline __m256 reduce_ln2(__m256 x, __m256 n) {
  const __m256 t = _mm256_fnmadd_ps(n, _mm256_set1_ps(expc::kLn2Hi), x);
  return _mm256_fnmadd_ps(n, _mm256_set1_ps(expc::kLn2Lo), t);
}

// 2^k from v = k + 127 + kRoundMagic (−127 ≤ k ≤ 128, v ≥ kRoundMagic): v's low mantissa
// bits are the biased exponent k + 127; shifted into the exponent field they build 2^k,
// and k = −127 gives exponent field 0, i.e. +0.
inline __m256 pow2_from_biased(__m256 v) {
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_castps_si256(v), 23));
}

// exp(z) for z ≤ 0. −inf and NaN (e.g. −inf − (−inf)) give +0; results below about
// 2^-126.5 are flushed to +0, those just above may be denormal.
inline __m256 exp_nonpos(__m256 z) {
  // Clamp at −127·ln2, where n = −127 makes 2^n = +0. maxps returns its second operand
  // when either is NaN, so NaN lands on the clamp as well.
  z = _mm256_max_ps(z, _mm256_set1_ps(-0x1.601E68p+6f));
  const __m256 bias = _mm256_set1_ps(expc::kRoundMagic + 127.0f);
  const __m256 v = _mm256_fmadd_ps(z, _mm256_set1_ps(expc::kLog2e), bias);  // n + 127 + magic
  const __m256 n = _mm256_sub_ps(v, bias);
  return _mm256_mul_ps(exp_poly(reduce_ln2(z, n)), pow2_from_biased(v));
}

// The output pass's y = exp(z)·c·2^-E in one exp: with c = mant·2^ec (mant in [1, 2)),
// mant goes into the polynomial and 2^(ec − E) into the exponent bits, so there is no
// extra multiply, and outputs whose 2^(n + ec − E) would be 2^-127 come out as +0 rather
// than as denormals (producing those costs microcode assists on Intel cores); only the
// bin n + ec − E = −126 can still yield one. Needs c < 2, an integer E with
// |ec − E| < 2^22 − 128, and round(z·log2 e) + ec − E ≤ 0 for every z.
struct ExpScale {
  Poly poly;    // mant·p
  __m256 bias;  // kRoundMagic + 127 + ec − E: the rounding FMA leaves n + ec − E + 127 in v's low bits
  __m256 zmin;  // a z with n + ec − E = −127, i.e. 2^(n + ec − E) = +0; smaller z are clamped to it
  ExpScale(double c, float E) {
    int e;
    const double f = std::frexp(c, &e);  // c = f·2^e, f in [0.5, 1): mant = 2f, ec = e − 1
    poly = Poly(float(2 * f));
    const float k = float(e - 1) - E;  // ec − E: exact, an integer below 2^23
    bias = _mm256_set1_ps(expc::kRoundMagic + 127.0f + k);
    // 0.25 of margin: float(zmin)·log2 e still rounds to −127 − k when |zmin| ~ 2^21.
    zmin = _mm256_set1_ps(float((-127.25 - double(k)) * 0.69314718055994530942));
  }
};

// exp(z)·c·2^-E (see ExpScale); −inf and NaN give +0.
inline __m256 exp_scaled(__m256 z, const ExpScale& s) {
  z = _mm256_max_ps(z, s.zmin);  // as in exp_nonpos: NaN lands on the clamp too
  const __m256 v = _mm256_fmadd_ps(z, _mm256_set1_ps(expc::kLog2e), s.bias);
  const __m256 n = _mm256_sub_ps(v, s.bias);
  return _mm256_mul_ps(exp_poly(reduce_ln2(z, n), s.poly), pow2_from_biased(v));
}

// exp(x) = p·2^n with p in [0.68, 1.46]; returns p and n_magic = n + kRoundMagic, an
// integer-valued float whose bits, read as an int, are ordered like n. x below −kSplitMax,
// −inf included, is taken as −kSplitMax. Up to +kSplitMax the result has full accuracy
// (exp_consts.h); larger x lose accuracy (beyond 2^22·ln2 the FMA rounds n to even);
// +inf and NaN give NaN.
inline __m256 exp_split(__m256 x, __m256& n_magic) {
  x = _mm256_max_ps(_mm256_set1_ps(-expc::kSplitMax), x);  // maxps keeps a NaN second operand
  const __m256 magic = _mm256_set1_ps(expc::kRoundMagic);
  n_magic = _mm256_fmadd_ps(x, _mm256_set1_ps(expc::kLog2e), magic);
  return exp_poly(reduce_ln2(x, _mm256_sub_ps(n_magic, magic)));
}

}  // namespace
}  // namespace hotops::softmax::avx2
