// Vector exp over a SIMD trait (core/simd/scalar.h); method, constants and accuracy:
// exp_consts.h. exp(x) = p(t)·2^n, and the trait decides how 2^n is applied:
//   kScalef (AVX-512)  vscalefps; lanes whose result would fall below 2^-125 are zeroed
//                      through a mask instead of computed, so no denormal is ever produced
//                      (denormal results cost microcode assists on Intel cores without FTZ)
//   otherwise          2^n is built in the exponent bits of the rounding FMA's result; inputs
//                      are clamped where 2^n would be 2^-127, which gives +0
// Include after the trait's header; like the traits, everything here has internal linkage.
#pragma once
#include <cmath>

#include "core/simd/exp_consts.h"

namespace hotops::simd {
namespace {

// The polynomial's coefficients times a factor c: c·p(t) costs no extra multiply.
template <class S>
struct Poly {
  typename S::V c0, c1, c2, c3, c4, c5;
  explicit Poly(float c = 1.0f)
      : c0(S::set1(c)),
        c1(S::set1(float(double(c) * expc::kC1))),
        c2(S::set1(float(double(c) * expc::kC2))),
        c3(S::set1(float(double(c) * expc::kC3))),
        c4(S::set1(float(double(c) * expc::kC4))),
        c5(S::set1(float(double(c) * expc::kC5))) {}
};

// c·p(t) ≈ c·e^t on [−ln2/2, ln2/2] (Horner).
template <class S>
typename S::V exp_poly(typename S::V t, const Poly<S>& k = Poly<S>()) {
  typename S::V p = S::fmadd(k.c5, t, k.c4);
  p = S::fmadd(p, t, k.c3);
  p = S::fmadd(p, t, k.c2);
  p = S::fmadd(p, t, k.c1);
  return S::fmadd(p, t, k.c0);
}

// t = x − n·ln2, exact for |n| < 2^22 with fused multiply-adds (exp_consts.h); one lane
// without hardware FMA reduces in double instead (one rounding).
template <class S>
typename S::V reduce_ln2(typename S::V x, typename S::V n) {
  if constexpr (S::W == 1) {
    return float(double(x) - double(n) * 0.69314718055994530942);
  } else {
    const typename S::V t = S::fnmadd(n, S::set1(expc::kLn2Hi), x);
    return S::fnmadd(n, S::set1(expc::kLn2Lo), t);
  }
}

// x·log2 e + bias in one FMA: for bias = kRoundMagic + b, the result's low mantissa bits hold
// round(x·log2 e) + b (exact for |x·log2 e| < 2^22), and result − bias is that integer − b + b.
template <class S>
typename S::V round_log2e(typename S::V x, typename S::V bias) {
  return S::fmadd(x, S::set1(expc::kLog2e), bias);
}

// exp(z) for z ≤ 0. −inf and NaN (e.g. −inf − (−inf)) give +0; results below about
// 2^-126.5 (kScalef: 2^-125) are flushed to +0; without kScalef those just above may be denormal.
template <class S>
typename S::V exp_nonpos(typename S::V z) {
  using V = typename S::V;
  if constexpr (S::kScalef) {
    const V magic = S::set1(expc::kRoundMagic);
    const V n = S::sub(round_log2e<S>(z, magic), magic);  // garbage for −inf/NaN/huge z: masked
    return S::scale_nonpos(exp_poly<S>(reduce_ln2<S>(z, n)), n);
  } else {
    // Clamp at −127·ln2, where n = −127 makes 2^n = +0. max returns its second operand
    // when either is NaN, so NaN lands on the clamp as well.
    z = S::max(z, S::set1(-0x1.601E68p+6f));
    const V bias = S::set1(expc::kRoundMagic + 127.0f);
    const V v = round_log2e<S>(z, bias);  // n + 127 + magic
    return S::mul(exp_poly<S>(reduce_ln2<S>(z, S::sub(v, bias))), S::pow2_biased(v));
  }
}

// The output pass's y = exp(z)·c·2^-E in one exp: with c = mant·2^ec (mant in [1, 2)), mant
// goes into the polynomial and 2^(ec − E) into the power of two, so there is no extra
// multiply, and outputs below the flush threshold come out as +0 rather than as denormals
// (without kScalef only the bin n + ec − E = −126 can still yield one). Needs c < 2, an
// integer E (|ec − E| < 2^22 − 128), and round(z·log2 e) + ec − E ≤ 0 for every z.
template <class S, bool = S::kScalef>
struct ExpScale {
  Poly<S> poly;     // mant·p
  typename S::V k;  // ec − E, added to the scalef exponent
  ExpScale(double c, float E) {
    int e;
    const double f = std::frexp(c, &e);  // c = f·2^e, f in [0.5, 1): mant = 2f, ec = e − 1
    poly = Poly<S>(float(2 * f));
    k = S::set1(float(e - 1) - E);
  }
};
template <class S>
struct ExpScale<S, false> {
  Poly<S> poly;
  typename S::V bias;  // kRoundMagic + 127 + ec − E: the rounding FMA leaves n + ec − E + 127 in v's low bits
  typename S::V zmin;  // a z with n + ec − E = −127, i.e. 2^(n + ec − E) = +0; smaller z are clamped to it
  ExpScale(double c, float E) {
    int e;
    const double f = std::frexp(c, &e);
    poly = Poly<S>(float(2 * f));
    const float k = float(e - 1) - E;  // ec − E: exact, an integer below 2^23
    bias = S::set1(expc::kRoundMagic + 127.0f + k);
    // 0.25 of margin: float(zmin)·log2 e still rounds to −127 − k when |zmin| ~ 2^21.
    zmin = S::set1(float((-127.25 - double(k)) * 0.69314718055994530942));
  }
};

// exp(z)·c·2^-E (see ExpScale); −inf and NaN give +0.
template <class S>
typename S::V exp_scaled(typename S::V z, const ExpScale<S>& s) {
  using V = typename S::V;
  if constexpr (S::kScalef) {
    const V magic = S::set1(expc::kRoundMagic);
    const V n = S::sub(round_log2e<S>(z, magic), magic);  // as in exp_nonpos, bad lanes are masked off
    return S::scale_nonpos(exp_poly<S>(reduce_ln2<S>(z, n), s.poly), S::add(n, s.k));
  } else {
    z = S::max(z, s.zmin);  // as in exp_nonpos: NaN lands on the clamp too
    const V v = round_log2e<S>(z, s.bias);
    return S::mul(exp_poly<S>(reduce_ln2<S>(z, S::sub(v, s.bias)), s.poly), S::pow2_biased(v));
  }
}

// exp(x) = p·2^n with p in [0.68, 1.46]: n is an integer-valued float and n_magic = n +
// kRoundMagic, whose bits, read as an int, are ordered like n. x below −kSplitMax, −inf
// included, is taken as −kSplitMax. Up to +kSplitMax the result has full accuracy
// (exp_consts.h); larger x lose accuracy (beyond 2^22·ln2 the FMA rounds n to even); +inf
// and NaN give NaN.
template <class S>
struct Split {
  typename S::V p, n, n_magic;
};
template <class S>
Split<S> exp_split(typename S::V x) {
  using V = typename S::V;
  x = S::max(S::set1(-expc::kSplitMax), x);  // max keeps a NaN second operand
  const V magic = S::set1(expc::kRoundMagic);
  const V n_magic = round_log2e<S>(x, magic);
  const V n = S::sub(n_magic, magic);
  return {exp_poly<S>(reduce_ln2<S>(x, n)), n, n_magic};
}

}  // namespace
}  // namespace hotops::simd
