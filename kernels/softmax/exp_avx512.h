// Vector exp for the AVX-512 softmax kernels; method, constants and accuracy: exp_consts.h.
// Mirrors exp_avx2.h, but applies 2^k with scalef, and where a result would fall below
// 2^-125 it is zeroed through a mask instead of computed: no denormal is ever produced
// (denormal results cost microcode assists on Intel cores without FTZ).
// Include only from *_avx512f.cpp files (this code is compiled with their AVX-512 flags).
#pragma once
#include <immintrin.h>

#include <cmath>

#include "softmax/exp_consts.h"
#include "softmax/vec_avx512.h"  // vmax

namespace hotops::softmax::avx512 {
// Internal linkage on purpose: an inline function with external linkage used by files of
// different ISAs could be merged by the linker into one copy built with the wrong flags.
namespace {

// The polynomial's coefficients times a factor c: c·p(t) costs no extra multiply.
struct Poly {
  __m512 c0, c1, c2, c3, c4, c5;
  explicit Poly(float c = 1.0f)
      : c0(_mm512_set1_ps(c)),
        c1(_mm512_set1_ps(float(double(c) * expc::kC1))),
        c2(_mm512_set1_ps(float(double(c) * expc::kC2))),
        c3(_mm512_set1_ps(float(double(c) * expc::kC3))),
        c4(_mm512_set1_ps(float(double(c) * expc::kC4))),
        c5(_mm512_set1_ps(float(double(c) * expc::kC5))) {}
};

// c·p(t) ≈ c·e^t on [−ln2/2, ln2/2] (Horner).
inline __m512 exp_poly(__m512 t, const Poly& k = Poly()) {
  __m512 p = _mm512_fmadd_ps(k.c5, t, k.c4);
  p = _mm512_fmadd_ps(p, t, k.c3);
  p = _mm512_fmadd_ps(p, t, k.c2);
  p = _mm512_fmadd_ps(p, t, k.c1);
  return _mm512_fmadd_ps(p, t, k.c0);
}

// t = x − n·ln2, exact reduction for |n| < 2^22 (see exp_consts.h).
inline __m512 reduce_ln2(__m512 x, __m512 n) {
  const __m512 t = _mm512_fnmadd_ps(n, _mm512_set1_ps(expc::kLn2Hi), x);
  return _mm512_fnmadd_ps(n, _mm512_set1_ps(expc::kLn2Lo), t);
}

// n = round(x·log2 e) as a float, exact for |x·log2 e| < 2^22; beyond, n is rounded more
// coarsely (and −inf/NaN give −inf/NaN), which callers either mask off or document.
inline __m512 round_log2e(__m512 x) {
  const __m512 magic = _mm512_set1_ps(expc::kRoundMagic);
  return _mm512_sub_ps(_mm512_fmadd_ps(x, _mm512_set1_ps(expc::kLog2e), magic), magic);
}

// v·2^d for integer-valued d ≤ 0 (−inf and NaN allowed) and v = 0 or v ≥ 0.5: lanes with
// d < −125 (or NaN) become +0 without being computed, so the result is never denormal.
inline __m512 scale_nonpos(__m512 v, __m512 d) {
  const __mmask16 keep = _mm512_cmp_ps_mask(d, _mm512_set1_ps(-125.0f), _CMP_GE_OQ);
  return _mm512_maskz_scalef_ps(keep, v, d);
}

// exp(z) for z ≤ 0. −inf and NaN (e.g. −inf − (−inf)) give +0, as do results below 2^-125.
inline __m512 exp_nonpos(__m512 z) {
  const __m512 n = round_log2e(z);  // garbage for −inf/NaN/huge z: scale_nonpos masks those
  return scale_nonpos(exp_poly(reduce_ln2(z, n)), n);
}

// The output pass's y = exp(z)·c·2^-E in one exp: with c = mant·2^ec (mant in [1, 2)),
// mant goes into the polynomial and ec − E into the scalef exponent, so there is no extra
// multiply, and outputs below 2^-125 come out as +0, not as denormals. Needs c < 2, an
// integer E, and round(z·log2 e) + ec − E ≤ 0 for every z.
struct ExpScale {
  Poly poly;  // mant·p
  __m512 k;   // ec − E
  ExpScale(double c, float E) {
    int e;
    const double f = std::frexp(c, &e);  // c = f·2^e, f in [0.5, 1): mant = 2f, ec = e − 1
    poly = Poly(float(2 * f));
    k = _mm512_set1_ps(float(e - 1) - E);
  }
};

// exp(z)·c·2^-E (see ExpScale); −inf and NaN give +0.
inline __m512 exp_scaled(__m512 z, const ExpScale& s) {
  const __m512 n = round_log2e(z);  // as in exp_nonpos, bad lanes are masked off
  return scale_nonpos(exp_poly(reduce_ln2(z, n), s.poly), _mm512_add_ps(n, s.k));
}

// exp(x) = p·2^n with p in [0.68, 1.46] and n an integer-valued float. x below −kSplitMax,
// −inf included, is taken as −kSplitMax. Up to +kSplitMax the result has full accuracy
// (exp_consts.h); larger x lose accuracy (beyond 2^22·ln2 the FMA rounds n to even);
// +inf and NaN give NaN.
inline __m512 exp_split(__m512 x, __m512& n) {
  x = vmax(_mm512_set1_ps(-expc::kSplitMax), x);  // vmaxps keeps a NaN second operand
  n = round_log2e(x);
  return exp_poly(reduce_ln2(x, n));
}

}  // namespace
}  // namespace hotops::softmax::avx512
