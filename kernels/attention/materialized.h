// Materialized attention, f32, on any vector trait V: every score of a head is written to memory
// before any is used, as a framework's unfused path does (PyTorch's math SDPA, oneDNN composed):
//   forward   1. S = s·Q·Kᵀ for all queries (score_tile into per-query-block panels)
//             2. the mask and the weight map over each complete row (softmax with its max subtracted, sigmoid,
//                softplus), in place
//             3. O = P·V (row_tile), normalised;
//   backward  1. P from the saved lse and dS = P∘(dP − D) (sigmoid: P(1 − P)∘dP) for all queries
//             2. dV = Pᵀ·dO, dK = dSᵀ·Q, dQ = dS·K as whole products over those matrices.
// Same tiles as flash (tiles.h); n·kv scores per head in the workspace (refused when too large).
#pragma once
#include "attention/flash.h"

namespace hotops::attention {
namespace {

template <class V>
void materialized_forward_head(const AttnArgs& a, int64_t h, void* slot) {
  constexpr Tiling t = tiling<V>();
  constexpr int64_t B = t.B;
  const int64_t n = a.n, nk = a.nk, d = a.d, dp = round_up(d, V::W);
  const Head<float> hd(a, h);
  Carve carve(slot);
  MaterializedBuffers b(carve, n, nk, d, t, false);
  pad_rows(hd.v, nk, d, b.vp, dp, nk);
  const float post = score_post(a), init = score_init(a);
  for (int64_t i0 = 0; i0 < n; i0 += B) {  // 1. all scores
    float* panel = b.scores + i0 * nk;
    pack_transposed(hd.q + i0 * d, std::min(B, n - i0), d, b.qt, B);
    score_tile<V>(nk, d, hd.k, d, b.qt, post, init, panel);
  }
  for (int64_t i0 = 0; i0 < n; i0 += B) {  // 2. the mask and the weight map over whole rows
    float m[B], *l = b.l + i0, alpha[B];
    fill(m, B, kNegInf), fill(l, B, 0.0f);
    weights_tile<V>(a, b.scores + i0 * nk, nk, 0, i0, m, l, alpha);
    if (a.kind != Kind::sigmoid) finish_rows(a, std::min(B, n - i0), m, l, hd.lse ? hd.lse + i0 : nullptr);
  }
  for (int64_t i0 = 0; i0 < n; i0 += B) {  // 3. O = P·V
    const int64_t ni = std::min(B, n - i0);
    row_tile<V>(ni, nk, b.scores + i0 * nk, 1, B, b.vp, dp, b.ot, dp, dp, nullptr, false);
    write_rows<V>(b.ot, dp, ni, d, a.kind == Kind::sigmoid ? nullptr : b.l + i0, hd.o + i0 * d);
  }
}

template <class V>
void materialized_backward_head(const AttnArgs& a, int64_t h, void* slot) {
  constexpr Tiling t = tiling<V>();
  constexpr int64_t B = t.B;
  const int64_t n = a.n, nk = a.nk, d = a.d;
  const Head<float> hd(a, h);
  Carve carve(slot);
  MaterializedBuffers m(carve, n, nk, d, t, true);
  BackwardBuffers b(carve, n, nk, d, t, nk);
  backward_prepare<V>(a, hd, b, B);
  const int64_t dp = b.dp;
  const float post = score_post(a), init = score_init(a);
  for (int64_t i0 = 0; i0 < n; i0 += B) {  // 1. P and dS of every query
    float *p = m.scores + i0 * nk, *ds = m.dscores + i0 * nk;
    score_tile<V>(nk, d, hd.k, d, b.qt + i0 * d, post, init, p);
    backward_weights<V>(a, p, nk, 0, i0, b.lse + i0);
    score_tile<V>(nk, d, hd.v, d, b.dot + i0 * d, 1.0f, 0.0f, ds);
    backward_ds<V>(a, p, ds, nk, b.D + i0);
  }
  for (int64_t i0 = 0; i0 < n; i0 += B) {  // 2. the three products
    const int64_t ni = std::min(B, n - i0);
    const float *p = m.scores + i0 * nk, *ds = m.dscores + i0 * nk;
    row_tile<V>(nk, ni, p, B, 1, b.dop + i0 * dp, dp, b.dv, dp, dp, nullptr, i0 > 0);
    row_tile<V>(nk, ni, ds, B, 1, b.qp + i0 * dp, dp, b.dk, dp, dp, nullptr, i0 > 0);
    row_tile<V>(ni, nk, ds, 1, B, b.kp, dp, b.dq + i0 * dp, dp, dp, nullptr, false);
  }
  write_rows<V>(b.dk, dp, nk, d, nullptr, hd.dk);
  write_rows<V>(b.dv, dp, nk, d, nullptr, hd.dv);
  write_rows<V>(b.dq, dp, n, d, nullptr, hd.dq);
}

template <class V>
void materialized(const AttnArgs& a) {
  Carve size(nullptr);
  MaterializedBuffers(size, a.n, a.nk, a.d, kWidest, a.backward);
  if (a.backward) {
    BackwardBuffers(size, a.n, a.nk, a.d, kWidest, a.nk);
    for_each_head(a, size.used(), [&](int64_t h, void* s) { materialized_backward_head<V>(a, h, s); });
  } else {
    for_each_head(a, size.used(), [&](int64_t h, void* s) { materialized_forward_head<V>(a, h, s); });
  }
}

}  // namespace
}  // namespace hotops::attention
