// Online softmax (Milakov & Gimelshein, arXiv 1805.02867) over a SIMD trait S. Pass 1 keeps a
// running (max m, sum s) per lane and rescales s when m grows; pass 2 writes y = exp(x − M)/Σ.
// For a block of four vectors the block's max is taken first, so s is rescaled once per block:
//   m' = max(m, x0..x3);  s ← s·exp(m − m') + Σ exp(xi − m')
// (1.25 exps per element in pass 1 instead of 2). x reads twice, y writes once.
// −inf entries and rows that start with −inf are safe: exp_nonpos maps −inf − (−inf) = NaN to 0.
// Accuracy: x − max is rounded to float, which alone costs up to 3.8e-6 relative error when
// |x − max| is near 88 (inherent to this algorithm in f32; two_pass avoids it).
// Include after the trait's header (core/simd/avx2.h, ...): internal linkage, as the trait.
#pragma once
#include <cmath>

#include "core/simd/exp.h"
#include "core/simd/loops.h"
#include "softmax/softmax.h"

namespace hotops::softmax {
namespace {
using namespace simd;

template <class S>
struct RunningSum {  // per lane: Σ exp(x − m) over the elements seen, m their max
  using V = typename S::V;
  V m = S::set1(-__builtin_inff());
  V s = S::zero();

  void add(V v0, V v1, V v2, V v3) {
    const V mn = S::max(m, S::max(S::max(v0, v1), S::max(v2, v3)));
    const V e01 = S::add(exp_nonpos<S>(S::sub(v0, mn)), exp_nonpos<S>(S::sub(v1, mn)));
    const V e23 = S::add(exp_nonpos<S>(S::sub(v2, mn)), exp_nonpos<S>(S::sub(v3, mn)));
    s = S::fmadd(s, exp_nonpos<S>(S::sub(m, mn)), S::add(e01, e23));
    m = mn;
  }
  void add(V v) {
    const V mn = S::max(m, v);
    s = S::fmadd(s, exp_nonpos<S>(S::sub(m, mn)), exp_nonpos<S>(S::sub(v, mn)));
    m = mn;
  }
};

template <class S>
void online(const SoftmaxArgs& a) {
  using V = typename S::V;
  const V ninf = S::set1(-__builtin_inff());  // padding: adds exp(−inf) = 0
  for (int64_t r = 0; r < a.rows; ++r) {  // not for_each_row: GCC then spills 2 % more in the exp loops
    const float* x = a.x + r * a.n;
    float* y = a.y + r * a.n;
    const int64_t n = a.n;
    float M = -__builtin_inff();  // the row's running max and sum = Σ exp(x − M), chunk by chunk
    double sum = 0;
    for_each_chunk<S>(n, [&](int64_t i, int64_t len) {
      RunningSum<S> rs;
      for_each_vector<S>(
          x + i, len, ninf, [&](V v0, V v1, V v2, V v3) { rs.add(v0, v1, v2, v3); }, [&](V v) { rs.add(v); });
      // Merge the lanes (s·exp(m − mc)), then the chunk into (M, sum).
      const float mc = S::hmax(rs.m);
      const double sc = S::hsum(S::mul(rs.s, exp_nonpos<S>(S::sub(rs.m, S::set1(mc)))));
      if (sc == 0 && mc != __builtin_inff()) return;  // the chunk is all −inf
      if (mc > M) {
        sum = sum * std::exp(double(M) - mc) + sc;  // M = −inf: sum is 0 and stays 0
        M = mc;
      } else {
        sum += sc * std::exp(double(mc) - M);
      }
    });
    if (!std::isfinite(M)) {
      fill<S>(y, n, __builtin_nanf(""));
      continue;
    }
    const V vM = S::set1(M);
    const ExpScale<S> inv(1.0 / sum, 0.0f);
    transform<S>(x, y, n, ninf, [&](V v, auto) { return exp_scaled<S>(S::sub(v, vM), inv); });
  }
}

}  // namespace
}  // namespace hotops::softmax
