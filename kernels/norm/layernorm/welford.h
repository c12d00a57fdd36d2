// One-pass LayerNorm statistics in the Welford/Chan style, over x − K (K = the row's
// first element, see centered.h). Each lane takes U elements per chunk; a chunk's lane
// mean and squared deviations are exact two-pass sums over values already in registers,
// and merge into the lane's running (mean, M2) by Chan's update (counts k·U and U). At the
// end the lanes, all with equal counts, merge pairwise; leftover elements take plain
// Welford steps. Numerically as stable as the two-pass statistics at any offset, but the
// row is read from memory once, and the only division is one scalar 1/k per chunk.
#pragma once
#include <cmath>

#include "norm/common/centered.h"

namespace hotops::norm {
namespace {
using namespace simd;

// Rows that fit in registers still get exact two-pass statistics from one load, and the
// output pass is the same: only the statistics of longer rows differ from TwoPass (centered.h).
struct Welford : TwoPass<Squares> {
  template <class S, class T>
  static RowStats stats(const T* x, const RowNormArgs& a, const T*) {
    using V = typename S::V;
    constexpr int U = 4, B = U * S::W;
    const float k = S::to_f32(x[0]);
    const V vk = S::set1(k), inv_u = S::set1(1.0f / U);
    V mean = S::zero(), m2 = S::zero();
    int64_t chunks = 0, j = 0;
    for (; j + B <= a.d; j += B) {
      V z[U];
      for (int u = 0; u < U; ++u) z[u] = S::sub(S::load(x + j + u * S::W), vk);
      const V cm = S::mul(S::add(S::add(z[0], z[1]), S::add(z[2], z[3])), inv_u);
      V cq = S::zero();
      for (int u = 0; u < U; ++u) {
        const V c = S::sub(z[u], cm);
        cq = S::fmadd(c, c, cq);
      }
      // Chan: n_a = chunks·U, n_b = U → mean += δ/(chunks + 1), M2 += cq + δ²·U·chunks/(chunks + 1).
      const float f = 1.0f / float(++chunks);
      const V delta = S::sub(cm, mean);
      mean = S::fmadd(delta, S::set1(f), mean);
      m2 = S::add(m2, S::fmadd(S::mul(delta, delta), S::set1(float(U) * float(chunks - 1) * f), cq));
    }
    // The W lanes hold equal counts n: merge halves pairwise (mean = average,
    // M2 = M2a + M2b + δ²·n/2, n doubles), then continue with plain Welford steps.
    alignas(64) float lm[S::W], lq[S::W];
    S::store(lm, mean), S::store(lq, m2);
    float n = float(chunks * U);
    for (int w = S::W / 2; w >= 1 && chunks > 0; w /= 2, n *= 2)
      for (int i = 0; i < w; ++i) {
        const float delta = lm[i + w] - lm[i];
        lm[i] += 0.5f * delta;
        lq[i] += lq[i + w] + delta * delta * (0.5f * n);
      }
    float cnt = float(chunks * B), mu = chunks > 0 ? lm[0] : 0.0f, q = chunks > 0 ? lq[0] : 0.0f;
    for (; j < a.d; ++j) {
      const float z = S::to_f32(x[j]) - k;
      cnt += 1;
      const float delta = z - mu;
      mu += delta / cnt;
      q += delta * (z - mu);
    }
    return {k, mu, Squares::scale(q, a.d, a.eps)};
  }
};

}  // namespace
}  // namespace hotops::norm
