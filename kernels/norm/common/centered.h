// Centered per-row norms, y = γ·(x − μ)·s + β with s = 1/√(var + ε) (LayerNorm) or
// 1/(mean|x − μ| + ε) (L1 norm). Statistics are taken of x − K with K = the row's first
// element: that subtraction is exact for data near K, so a large common offset never
// enters the sums (no cancellation), and c = (x − K) − m keeps it out of the output too.
#pragma once
#include <cmath>

#include "core/simd/loops.h"
#include "norm/common/args.h"

namespace hotops::norm {
namespace {
using namespace simd;

// y = γ·c·s + β with c = (x − K) − m, for one row. The row is in cache by now, so this
// pass also prefetches a later row: its DRAM traffic overlaps this pass's arithmetic.
template <class S, class T>
void write_centered(const T* x, T* y, const RowNormArgs& a, const RowStats& rs, const T* next) {
  using V = typename S::V;
  const V vk = S::set1(rs.k), vm = S::set1(rs.m), vs = S::set1(rs.s);
  const float *g = a.gamma, *b = a.beta;  // locals: stores to y cannot change them
  for_vectors<S>(a.d, [&](int64_t j, auto part) {
    S::prefetch(next + j);
    const V c = S::sub(S::sub(ld<S>(x + j, part), vk), vm);
    st<S>(y + j, S::fmadd(S::mul(c, vs), ld<S>(g + j, part), ld<S>(b + j, part)), part);
  });
}

// Spread statistics: Σ of f(c) over the row, and the scale s it gives.
struct Squares {
  template <class S>
  static typename S::V of(typename S::V c) {
    return S::mul(c, c);
  }
  static float scale(float sum, int64_t d, float eps) { return 1.0f / std::sqrt(sum / float(d) + eps); }
};
struct AbsDeviations {
  template <class S>
  static typename S::V of(typename S::V c) {
    return S::abs(c);
  }
  static float scale(float sum, int64_t d, float eps) { return 1.0f / (sum / float(d) + eps); }
};

// A row of N vectors (the last with `tail` of W lanes) held in registers from one load:
// mean, spread and output without re-reading it or paying the per-pass loop overhead
// that dominates short rows. N is a template parameter so the loops unroll fully.
template <class S, class T, class Spread, int N>
void centered_registers(const T* x, T* y, const RowNormArgs& a, int tail) {
  using V = typename S::V;
  constexpr int64_t W = S::W;
  const bool full = tail == S::W;
  const V vk = S::set1(S::to_f32(x[0]));
  V v[N];
  for (int i = 0; i + 1 < N; ++i) v[i] = S::sub(S::load(x + i * W), vk);
  v[N - 1] = full ? S::sub(S::load(x + (N - 1) * W), vk)
                  : masked<S>(S::sub(ld<S>(x + (N - 1) * W, Part{tail}), vk), Part{tail});
  V s = v[0];
  for (int i = 1; i < N; ++i) s = S::add(s, v[i]);
  const V vm = S::set1(S::hsum(s) / float(a.d));
  for (int i = 0; i < N; ++i) v[i] = S::sub(v[i], vm);
  V q = Spread::template of<S>(full ? v[N - 1] : masked<S>(v[N - 1], Part{tail}));
  for (int i = 0; i + 1 < N; ++i) q = S::add(q, Spread::template of<S>(v[i]));
  const V vs = S::set1(Spread::scale(S::hsum(q), a.d, a.eps));
  const float *g = a.gamma, *b = a.beta;
  for (int i = 0; i + 1 < N; ++i)
    S::store(y + i * W, S::fmadd(S::mul(v[i], vs), S::load(g + i * W), S::load(b + i * W)));
  constexpr int64_t j = (N - 1) * W;
  if (full) {
    S::store(y + j, S::fmadd(S::mul(v[N - 1], vs), S::load(g + j), S::load(b + j)));
  } else {
    const Part p{tail};
    st<S>(y + j, S::fmadd(S::mul(v[N - 1], vs), ld<S>(g + j, p), ld<S>(b + j, p)), p);
  }
}

// Rows of up to kShortVectors vectors: centered_registers with N = the row's vector count.
inline constexpr int kShortVectors = 8;
template <class S, class T, class Spread, int N = 1>
void centered_short_row(const T* x, T* y, const RowNormArgs& a) {
  const int nv = int((a.d + S::W - 1) / S::W);
  if constexpr (N < kShortVectors) {
    if (nv != N) return centered_short_row<S, T, Spread, N + 1>(x, y, a);
  }
  centered_registers<S, T, Spread, N>(x, y, a, int(a.d - int64_t(N - 1) * S::W));
}

// Two passes over the row for the statistics (mean, then the spread around it), one to write.
template <class Spread>
struct TwoPass {
  static constexpr int kShortVectors = norm::kShortVectors;
  template <class S, class T>
  static void short_row(const T* x, T* y, const RowNormArgs& a) {
    centered_short_row<S, T, Spread>(x, y, a);
  }
  template <class S, class T>
  static RowStats stats(const T* x, const RowNormArgs& a, const T*) {
    using V = typename S::V;
    const float k = S::to_f32(x[0]);
    const V vk = S::set1(k);
    const float m =
        sum_vector<S>(a.d, [&](int64_t j, auto part) { return S::sub(ld<S>(x + j, part), vk); }) / float(a.d);
    const V vm = S::set1(m);
    const float spread = sum_vector<S>(
        a.d, [&](int64_t j, auto part) { return Spread::template of<S>(S::sub(S::sub(ld<S>(x + j, part), vk), vm)); });
    return {k, m, Spread::scale(spread, a.d, a.eps)};
  }
  template <class S, class T>
  static void write(const T* x, T* y, const RowNormArgs& a, const RowStats& rs, const T* next) {
    write_centered<S>(x, y, a, rs, next);
  }
};

}  // namespace
}  // namespace hotops::norm
