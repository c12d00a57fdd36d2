// Three-pass softmax over a SIMD trait S: max; then either
//   recompute  Σ exp(x − max); y = exp(x − max)·(1/Σ): reads x three times, two exps, writes y once
//   reload     y = exp(x − max) stored while summing; y *= 1/Σ in place: one exp, y written twice
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

// Calls passes(x, y, n, max) for each row with a finite max; a row holding +inf or no finite
// entry gets NaN, as the fp64 reference.
template <class S, class F>
void rows_by_max(const SoftmaxArgs& a, F&& passes) {
  for_each_row(a, [&](const float* x, float* y, int64_t n) {
    const float m = max_of<S>(x, n);
    if (!std::isfinite(m)) return fill<S>(y, n, __builtin_nanf(""));
    passes(x, y, n, S::set1(m));
  });
}

template <class S>
void three_pass_recompute(const SoftmaxArgs& a) {
  using V = typename S::V;
  const V ninf = S::set1(-__builtin_inff());  // padding: exp(−inf − max) = 0
  rows_by_max<S>(a, [&](const float* x, float* y, int64_t n, V row_max) {
    auto e = [&](V v) { return exp_nonpos<S>(S::sub(v, row_max)); };
    double sum = 0;
    for_each_chunk<S>(n, [&](int64_t i, int64_t len) {
      V s0 = S::zero(), s1 = s0, s2 = s0, s3 = s0;
      for_each_vector<S>(
          x + i, len, ninf,
          [&](V v0, V v1, V v2, V v3) {
            s0 = S::add(s0, e(v0));
            s1 = S::add(s1, e(v1));
            s2 = S::add(s2, e(v2));
            s3 = S::add(s3, e(v3));
          },
          [&](V v) { s0 = S::add(s0, e(v)); });
      sum += S::hsum(S::add(S::add(s0, s1), S::add(s2, s3)));
    });
    const ExpScale<S> inv(1.0 / sum, 0.0f);
    transform<S>(x, y, n, ninf, [&](V v, auto) { return exp_scaled<S>(S::sub(v, row_max), inv); });
  });
}

template <class S>
void three_pass_reload(const SoftmaxArgs& a) {
  using V = typename S::V;
  const V ninf = S::set1(-__builtin_inff());  // padding: exp(−inf − max) = 0
  rows_by_max<S>(a, [&](const float* x, float* y, int64_t n, V row_max) {
    double sum = 0;
    for_each_chunk<S>(n, [&](int64_t i, int64_t len) {
      V s[4] = {S::zero(), S::zero(), S::zero(), S::zero()};
      transform<S>(x + i, y + i, len, ninf, [&](V v, auto k) {
        const V p = exp_nonpos<S>(S::sub(v, row_max));
        s[k] = S::add(s[k], p);  // one accumulator per independent vector of a block
        return p;
      });
      sum += S::hsum(S::add(S::add(s[0], s[1]), S::add(s[2], s[3])));
    });
    // Outputs below 2^-125 are flushed to +0: producing denormals costs microcode assists on
    // Intel cores, and this pass is memory-bound, so the compare is free.
    const V inv = S::set1(float(1.0 / sum)), tiny = S::set1(float(0x1p-125 * sum));
    transform<S>(y, y, n, ninf, [&](V v, auto) { return S::mul_where_ge(v, inv, tiny); });
  });
}

}  // namespace
}  // namespace hotops::softmax
