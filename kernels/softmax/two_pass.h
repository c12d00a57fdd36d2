// Two-pass softmax (Dukhan & Ablavatski, arXiv 2001.04438) over a SIMD trait S. With exp(x) =
// p·2^n (exp_split), pass 1 keeps Σ per lane as a pair (m, e) standing for m·2^e:
//   e' = max(e, n);  m ← m·2^(e − e') + p·2^(n − e');  e ← e'
// so no max pass is needed and nothing overflows. A block of four vectors updates one
// accumulator against the block's max; the lanes are merged per chunk, the chunks into
// M·2^E with M in double. Pass 2 writes y = p·(1/M)·2^(n − E). x is read twice, y written once.
// Inputs: finite |x| ≤ 2^21 (full accuracy) and −inf (weight 0); see exp_split beyond that.
// Since n·ln2 is subtracted exactly and 2^(n − E) is exact, no x − max is ever rounded:
// this is more accurate than the three-pass kernels for small probabilities.
//
// How a lane's (m, e) is held and rescaled is the one part that differs per ISA (scalef on
// AVX-512, exponent bits on AVX2): the accumulator Sum, with add(Split), add(Split[4]) and
// merge(s0, s1, M, E), which sums two accumulators' lanes into M·2^E.
// Include after the trait's header (core/simd/avx2.h, ...): internal linkage, as the trait.
#pragma once
#include <cmath>

#include "core/simd/exp.h"
#include "core/simd/loops.h"
#include "softmax/softmax.h"

namespace hotops::softmax {
namespace {
using namespace simd;

// Σ over x[0..n) as M·2^E; M ≥ 0.69, since the element with n = E adds p·2^0.
template <class S, class Sum>
void ext_sum(const float* x, int64_t n, float& M, float& E) {
  using V = typename S::V;
  Sum s0, s1;  // s0 takes the blocks, s1 the single vectors (separate chains)
  // Padding lanes read −inf, so their n (of −kSplitMax) never raises e above a real n.
  for_each_vector<S>(
      x, n, S::set1(-__builtin_inff()),
      [&](V v0, V v1, V v2, V v3) {
        const Split<S> e[4] = {exp_split<S>(v0), exp_split<S>(v1), exp_split<S>(v2), exp_split<S>(v3)};
        s0.add(e);
      },
      [&](V v) { s1.add(exp_split<S>(v)); },
      [&](V v, typename S::Mask mask) {  // and their p is zeroed so they add exactly nothing
        Split<S> e = exp_split<S>(v);
        e.p = S::keep(e.p, mask);
        s1.add(e);
      });
  Sum::merge(s0, s1, M, E);
}

template <class S, class Sum>
void two_pass(const SoftmaxArgs& a) {
  for_each_row(a, [](const float* x, float* y, int64_t n) {
    double M = 0;  // Σ = M·2^E
    float E = 0;
    for_each_chunk<S>(n, [&](int64_t i, int64_t len) {
      float m, e;
      ext_sum<S, Sum>(x + i, len, m, e);
      if (!std::isfinite(e)) {  // +inf (or NaN) input
        M = __builtin_nanf("");
      } else if (M == 0 || e > E) {
        M = (M == 0 ? 0.0 : std::ldexp(M, int(E - e))) + m;  // E − e: an integer, ≤ 0
        E = e;
      } else {
        M += std::ldexp(double(m), int(e - E));
      }
    });
    if (std::isnan(M)) return fill<S>(y, n, __builtin_nanf(""));  // +inf input: NaN, as the fp64 reference
    // y = exp(x)·(1/M)·2^-E in one exp_scaled: n ≤ E for every x, as in pass 1.
    const ExpScale<S> c(1.0 / M, E);
    transform<S>(x, y, n, S::zero(), [&](typename S::V v, auto) { return exp_scaled<S>(v, c); });
  });
}

}  // namespace
}  // namespace hotops::softmax
