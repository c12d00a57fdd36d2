// The passes over one score tile St[j][i] (keys j, queries i in the lanes of kR vectors) that
// turn scores into weights, and the packing that feeds the tiles (tiles.h). On any vector
// trait V (vec_scalar.h); shared by the flash, materialized and bf16 kernels.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "attention/attention.h"
#include "attention/vmath.h"

namespace hotops::attention {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
constexpr float kSoftplusFloor = -86.0f;  // weights of scaled scores below are 0 (see reference.cpp)

// One head's tensors: q, k, v, o (and dO) of element type T, lse and the gradients f32 (null where
// the problem has none).
template <class T>
struct Head {
  const T *q, *k, *v, *d_o;
  T* o;
  float *lse, *dq, *dk, *dv;
  Head(const AttnArgs& a, int64_t h) {
    const int64_t qs = h * a.n * a.d, ks = h * a.nk * a.d;
    q = static_cast<const T*>(a.q) + qs, k = static_cast<const T*>(a.k) + ks, v = static_cast<const T*>(a.v) + ks;
    d_o = a.d_o ? static_cast<const T*>(a.d_o) + qs : nullptr;
    o = a.o ? static_cast<T*>(a.o) + qs : nullptr;
    lse = a.lse ? a.lse + h * a.n : nullptr;
    dq = a.dq ? a.dq + qs : nullptr, dk = a.dk ? a.dk + ks : nullptr, dv = a.dv ? a.dv + ks : nullptr;
  }
};

// The score tile's epilogue constants: St = post·(q·k) + init, in the units the weight map wants
// (softmax: s·q·k; sigmoid: ½(s·q·k + b), the argument of tanh; softplus: s·L·q·k).
inline float score_post(const AttnArgs& a) {
  return a.kind == Kind::sigmoid ? 0.5f * a.scale : a.kind == Kind::softplus ? a.scale * a.length_scale : a.scale;
}
inline float score_init(const AttnArgs& a) { return a.kind == Kind::sigmoid ? 0.5f * a.bias : 0.0f; }

// Keys [0, end) a block of queries [i0, i0 + ni) sees: causal keys j ≤ i + nk − n.
inline int64_t key_end(const AttnArgs& a, int64_t i0, int64_t ni) {
  if (!a.causal) return a.nk;
  const int64_t e = i0 + ni + a.nk - a.n;
  return e < 0 ? 0 : e > a.nk ? a.nk : e;
}
// Whether tile (queries from i0, keys [j0, j0 + nj)) holds a key some query of it must not see.
inline bool needs_mask(const AttnArgs& a, int64_t i0, int64_t j0, int64_t nj) {
  return a.causal && j0 + nj - 1 > i0 + a.nk - a.n;
}

// St[j][i] = fill (−inf: a score; 0: a linear weight) where key j0 + j lies beyond query i0 + i's
// last key.
template <class V>
inline void mask_tile(const AttnArgs& a, float* st, int64_t nj, int64_t j0, int64_t i0, float fill = kNegInf) {
  constexpr int B = V::kR * V::W;
  const int64_t off = a.nk - a.n;
  for (int64_t j = 0; j < nj; ++j) {
    const float below = float(j0 + j - i0 - off);  // lanes i < below do not see key j
    if (below <= 0) continue;
#pragma GCC unroll 8
    for (int r = 0; r < V::kR; ++r) {
      float* p = st + j * B + r * V::W;
      V::store(p, V::select_lt(V::add(V::iota(), V::set1(float(r * V::W))), V::set1(below), V::set1(fill),
                               V::load(p)));
    }
  }
}

// Online softmax over one key block: per query lane, m' = max(m, St), alpha = exp(m − m'),
// P = exp(St − m') in place, l = alpha·l + Σ P. A lane that has seen only −inf keeps m = −inf,
// l = 0 and P = 0 (exp_nonpos maps −inf − (−inf) = NaN to 0).
template <class V>
inline void softmax_tile(float* st, int64_t nj, float* m, float* l, float* alpha) {
  constexpr int R = V::kR, W = V::W, B = R * W;
  typename V::vec mx[R], sum[R];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) mx[r] = V::load(m + r * W), sum[r] = V::zero();
  for (int64_t j = 0; j < nj; ++j)
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) mx[r] = V::max(mx[r], V::load(st + j * B + r * W));
  for (int64_t j = 0; j < nj; ++j)
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      const auto p = V::exp_nonpos(V::sub(V::load(st + j * B + r * W), mx[r]));
      V::store(st + j * B + r * W, p);
      sum[r] = V::add(sum[r], p);
    }
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) {
    const auto al = V::exp_nonpos(V::sub(V::load(m + r * W), mx[r]));
    V::store(alpha + r * W, al);
    V::store(l + r * W, V::fmadd(V::load(l + r * W), al, sum[r]));
    V::store(m + r * W, mx[r]);
  }
}

// Sigmoid weights in place: P = ½ + ½·tanh(St), St already ½(s·q·k + b); no statistics.
template <class V>
inline void sigmoid_tile(float* st, int64_t count) {
  for (int64_t i = 0; i < count; i += V::W) V::store(st + i, sigmoid_tanh<V>(V::load(st + i)));
}

// Softplus weights in place, w = max(x, 0) + log1p(e^−|x|) (no max subtraction: it grows like x),
// 0 below the floor; with power p ≠ 1, w^p; adds each lane's weights to l.
template <class V>
inline void softplus_tile(float* st, int64_t nj, float power, float* l) {
  constexpr int R = V::kR, W = V::W, B = R * W;
  const auto floor = V::set1(kSoftplusFloor), zero = V::zero(), p = V::set1(power);
  typename V::vec sum[R];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) sum[r] = V::load(l + r * W);
  for (int64_t j = 0; j < nj; ++j)
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      const auto x = V::load(st + j * B + r * W);
      auto w = V::add(V::max(x, zero), log1p_unit<V>(V::exp_nonpos(V::sub(zero, V::abs(x)))));
      w = V::select_lt(x, floor, zero, w);
      if (power != 1.0f) {
        const auto y = V::mul(p, vlog<V>(V::max(w, V::set1(1e-30f))));
        w = V::select_lt(w, V::set1(1e-30f), zero, V::select_lt(y, floor, zero, V::exp_any(y)));
      }
      V::store(st + j * B + r * W, w);
      sum[r] = V::add(sum[r], w);
    }
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) V::store(l + r * W, sum[r]);
}

// Weights of one score tile by kind (not linear), masked entries exactly 0. Softmax fills alpha
// with each row's rescale factor. The mask goes in as −inf before the map, except for sigmoid,
// whose map needs no statistics: its masked weights are zeroed after it.
template <class V>
inline void weights_tile(const AttnArgs& a, float* st, int64_t nj, int64_t j0, int64_t i0, float* m, float* l,
                         float* alpha) {
  constexpr int B = V::kR * V::W;
  const bool mask = needs_mask(a, i0, j0, nj);
  if (a.kind == Kind::sigmoid) {
    sigmoid_tile<V>(st, nj * B);
    if (mask) mask_tile<V>(a, st, nj, j0, i0, 0.0f);
    return;
  }
  if (mask) mask_tile<V>(a, st, nj, j0, i0);
  if (a.kind == Kind::softmax) softmax_tile<V>(st, nj, m, l, alpha);
  else softplus_tile<V>(st, nj, a.power, l);
}

// x[0..n) = value. (Not std::fill: a template instantiated in files of several ISAs may be merged
// by the linker into one copy built with the widest flags; see core/simd/avx2.h.)
inline void fill(float* x, int64_t n, float value) {
  for (int64_t i = 0; i < n; ++i) x[i] = value;
}

// qt[k][i] = x[i][k] for i < ni (x rows of `d`), 0 for the rest of the block's B lanes.
inline void pack_transposed(const float* x, int64_t ni, int64_t d, float* qt, int64_t B) {
  for (int64_t k = 0; k < d; ++k) {
    float* row = qt + k * B;
    for (int64_t i = 0; i < ni; ++i) row[i] = x[i * d + k];
    for (int64_t i = ni; i < B; ++i) row[i] = 0.0f;
  }
}

// dst rows of width dp (≥ d) = src rows of width d, zero-padded; rows [rows, rows_padded) zero.
inline void pad_rows(const float* src, int64_t rows, int64_t d, float* dst, int64_t dp, int64_t rows_padded) {
  for (int64_t r = 0; r < rows; ++r) {
    std::memcpy(dst + r * dp, src + r * d, size_t(d) * sizeof(float));
    std::memset(dst + r * dp + d, 0, size_t(dp - d) * sizeof(float));
  }
  if (rows_padded > rows) std::memset(dst + rows * dp, 0, size_t((rows_padded - rows) * dp) * sizeof(float));
}

// o rows [0, ni) (width d) = ot rows (width dp) · scale[i] (scale null: 1).
template <class V>
inline void write_rows(const float* ot, int64_t dp, int64_t ni, int64_t d, const float* scale, float* o) {
  for (int64_t i = 0; i < ni; ++i) {
    const auto s = V::set1(scale ? scale[i] : 1.0f);
    int64_t c = 0;
    for (; c + V::W <= d; c += V::W) V::store(o + i * d + c, V::mul(V::load(ot + i * dp + c), s));
    if (c < d) V::store_part(o + i * d + c, V::mul(V::load(ot + i * dp + c), s), d - c);
  }
}

// After the last key block: l becomes the factor each O row is multiplied by (softmax,
// softplus: 1/l, 0 for a row without weight) and softmax rows get lse = m + log l (−inf without).
inline void finish_rows(const AttnArgs& a, int64_t ni, float* m, float* l, float* lse) {
  for (int64_t i = 0; i < ni; ++i) {
    if (lse) lse[i] = l[i] > 0 ? m[i] + std::log(l[i]) : kNegInf;
    l[i] = l[i] > 0 ? 1.0f / l[i] : 0.0f;
  }
  (void)a;
}

}  // namespace
}  // namespace hotops::attention
