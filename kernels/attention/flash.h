// Flash attention (FlashAttention-2's loop order, arXiv 2307.08691), f32, on any vector trait V.
// Forward, per block of B = kR·W queries: Qᵀ packed once; per block of 64 keys, St = Q·Kᵀ
// (score_tile), the causal mask on diagonal tiles, the weight map (softmax: online, with the
// rescale of O folded into the P·V tile's load; sigmoid: St starts at the bias, P = ½ + ½·tanh —
// no max, no sum, no rescale, no division; softplus: w summed, one division at the end), then
// O += P·V (row_tile). Only one block of scores exists at a time: O(n) memory.
// Backward (softmax, sigmoid), per block of keys, over the query blocks that see it: P again
// from the saved lse (sigmoid: from the scores), dV += Pᵀ·dO, dP = dO·Vᵀ, dS = P∘(dP − D)
// (sigmoid: P(1 − P)∘dP), dQ += s·dS·K, dK += s·dSᵀ·Q; D = rowsum(dO∘O) first.
#pragma once
#include <algorithm>

#include "attention/passes.h"
#include "attention/scratch.h"
#include "attention/tiles.h"
#include "core/threads.h"

namespace hotops::attention {
namespace {

template <class V>
constexpr Tiling tiling() {
  return {V::kR * V::W, kKeyBlock, V::W};
}

// Runs head(h, slot) for every head, heads split over the threads, one workspace slot each.
template <class F>
inline void for_each_head(const AttnArgs& a, size_t slot_bytes, F&& head) {
  const int blocks = int(std::min<int64_t>(std::max(a.threads, 1), slots(a.heads)));
  split_rows(a.heads, blocks, [&](int64_t lo, int64_t hi, int t) {
    for (int64_t h = lo; h < hi; ++h) head(h, static_cast<std::byte*>(a.workspace) + size_t(t) * slot_bytes);
  });
}

// Asks for bytes [p, p + bytes) in L2 ahead of use: the next key block's K and V rows, which do
// not stay in L2 once a head's K and V outgrow it (n·d·8 > 1 MiB), arrive while this block computes.
inline void prefetch_l2(const void* p, int64_t bytes) {
  for (int64_t off = 0; off < bytes; off += 64) __builtin_prefetch(static_cast<const char*>(p) + off, 0, 2);
}

// The flash forward loop over one head, for any operand layout Ops (f32 here: F32Operands; bf16
// pairs: flash__avx512bf16.cpp). Ops owns the buffers b (st, ot, m, l, alpha) and does the layout-
// specific steps: pack a query block, the score tile, the P·V tile, prefetch, write O.
template <class V, class Ops>
void flash_forward_loop(const AttnArgs& a, const Head<typename Ops::elem>& hd, Ops& x) {
  constexpr int64_t B = tiling<V>().B, Bc = kKeyBlock;
  auto& b = x.b;
  const float post = score_post(a), init = score_init(a);
  for (int64_t i0 = 0; i0 < a.n; i0 += B) {
    const int64_t ni = std::min(B, a.n - i0), jend = key_end(a, i0, ni);
    x.pack_queries(i0, ni);
    fill(b.m, B, kNegInf), fill(b.l, B, 0.0f);
    if (jend == 0) fill(b.ot, B * x.dp, 0.0f);  // no key for any row of the block
    for (int64_t j0 = 0; j0 < jend; j0 += Bc) {
      const int64_t nj = std::min(Bc, jend - j0);
      if (j0 + Bc < jend) x.prefetch(j0 + Bc, std::min(Bc, jend - j0 - Bc));
      x.scores(j0, nj, post, init);
      weights_tile<V>(a, b.st, nj, j0, i0, b.m, b.l, b.alpha);
      x.values(ni, j0, nj, a.kind == Kind::softmax ? b.alpha : nullptr, j0 > 0);
    }
    if (a.kind != Kind::sigmoid) finish_rows(a, ni, b.m, b.l, hd.lse ? hd.lse + i0 : nullptr);
    x.write(i0, ni, a.kind == Kind::sigmoid ? nullptr : b.l);
  }
}

// f32 operands: K as it is (broadcast rows), V padded to dp columns, Qᵀ per query block.
template <class V>
struct F32Operands {
  using elem = float;
  static constexpr int64_t B = tiling<V>().B;
  const Head<float>& hd;
  int64_t d, dp;
  FlashFwdBuffers b;
  F32Operands(const AttnArgs& a, const Head<float>& h, Carve& c)
      : hd(h), d(a.d), dp(round_up(a.d, V::W)), b(c, a.nk, a.d, tiling<V>()) {
    pad_rows(hd.v, a.nk, d, b.vp, dp, a.nk);
  }
  void pack_queries(int64_t i0, int64_t ni) { pack_transposed(hd.q + i0 * d, ni, d, b.qt, B); }
  void prefetch(int64_t j0, int64_t nj) { prefetch_l2(hd.k + j0 * d, nj * d * 4), prefetch_l2(b.vp + j0 * dp, nj * dp * 4); }
  void scores(int64_t j0, int64_t nj, float post, float init) {
    score_tile<V>(nj, d, hd.k + j0 * d, d, b.qt, post, init, b.st);
  }
  void values(int64_t ni, int64_t j0, int64_t nj, const float* alpha, bool acc) {
    row_tile<V>(ni, nj, b.st, 1, B, b.vp + j0 * dp, dp, b.ot, dp, dp, alpha, acc);
  }
  void write(int64_t i0, int64_t ni, const float* scale) { write_rows<V>(b.ot, dp, ni, d, scale, hd.o + i0 * d); }
};

template <class V>
void flash_forward_head(const AttnArgs& a, int64_t h, void* slot) {
  const Head<float> hd(a, h);
  Carve carve(slot);
  F32Operands<V> x(a, hd, carve);
  flash_forward_loop<V>(a, hd, x);
}

// Everything of one head's backward that does not depend on the key block: packed and padded
// copies, D = rowsum(dO∘O), the lse with −inf (a row without keys) and padding made +inf so that
// P = exp(S − lse) is 0 there, and dQ's accumulator cleared.
template <class V>
void backward_prepare(const AttnArgs& a, const Head<float>& hd, BackwardBuffers& b, int64_t B) {
  const int64_t n = a.n, nk = a.nk, d = a.d, dp = b.dp;
  const float *q = hd.q, *g = hd.d_o;
  for (int64_t i0 = 0; i0 < b.nqp; i0 += B) {  // Qᵀ and dOᵀ as [query block][d][B]
    const int64_t ni = std::clamp<int64_t>(n - i0, 0, B);
    pack_transposed(q + i0 * d, ni, d, b.qt + i0 * d, B);
    pack_transposed(g + i0 * d, ni, d, b.dot + i0 * d, B);
  }
  pad_rows(q, n, d, b.qp, dp, b.nqp);
  pad_rows(g, n, d, b.dop, dp, b.nqp);
  pad_rows(hd.k, nk, d, b.kp, dp, nk);
  fill(b.dq, b.nqp * dp, 0.0f);
  const float inf = -kNegInf;
  for (int64_t i = 0; i < b.nqp; ++i) {
    b.lse[i] = i < n && hd.lse && hd.lse[i] != kNegInf ? hd.lse[i] : inf;
    double s = 0;
    if (i < n && a.kind == Kind::softmax)
      for (int64_t c = 0; c < d; ++c) s += double(g[i * d + c]) * hd.o[i * d + c];
    b.D[i] = float(s);
  }
}

// P of tile (keys j0.., queries i0..) from its scores, for the backward: softmax exp(S − lse),
// sigmoid ½ + ½·tanh; masked entries 0.
template <class V>
inline void backward_weights(const AttnArgs& a, float* st, int64_t nj, int64_t j0, int64_t i0, const float* lse) {
  constexpr int R = V::kR, W = V::W, B = R * W;
  if (a.kind == Kind::sigmoid) return weights_tile<V>(a, st, nj, j0, i0, nullptr, nullptr, nullptr);
  if (needs_mask(a, i0, j0, nj)) mask_tile<V>(a, st, nj, j0, i0);
  for (int64_t j = 0; j < nj; ++j)
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r)
      V::store(st + j * B + r * W, V::exp_nonpos(V::sub(V::load(st + j * B + r * W), V::load(lse + r * W))));
}

// dS = s·P∘(dP − D) (softmax) or s·P(1 − P)∘dP (sigmoid), in place of dP.
template <class V>
inline void backward_ds(const AttnArgs& a, const float* pt, float* dpt, int64_t nj, const float* D) {
  constexpr int R = V::kR, W = V::W, B = R * W;
  const auto s = V::set1(a.scale), one = V::set1(1.0f);
  for (int64_t j = 0; j < nj; ++j)
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      const auto p = V::load(pt + j * B + r * W), dp = V::load(dpt + j * B + r * W);
      const auto ds = a.kind == Kind::softmax ? V::mul(p, V::sub(dp, V::load(D + r * W)))
                                              : V::mul(V::mul(p, V::sub(one, p)), dp);
      V::store(dpt + j * B + r * W, V::mul(ds, s));
    }
}

// One key block [j0, j0 + nj) of the backward against every query block that sees it: adds
// this block's share to dQ, and its dK, dV rows (nj × dp, at dk, dv) are written whole.
template <class V>
void backward_key_block(const AttnArgs& a, const Head<float>& hd, BackwardBuffers& b, int64_t j0, int64_t nj,
                        float* dk, float* dv) {
  constexpr int64_t B = tiling<V>().B;
  const int64_t n = a.n, d = a.d, dp = b.dp;
  const float *k = hd.k + j0 * d, *v = hd.v + j0 * d;
  const float post = score_post(a), init = score_init(a);
  bool first = true;
  for (int64_t i0 = 0; i0 < n; i0 += B) {
    const int64_t ni = std::min(B, n - i0);
    if (key_end(a, i0, ni) <= j0) continue;  // no query of this block sees these keys
    score_tile<V>(nj, d, k, d, b.qt + i0 * d, post, init, b.st);
    backward_weights<V>(a, b.st, nj, j0, i0, b.lse + i0);
    row_tile<V>(nj, ni, b.st, B, 1, b.dop + i0 * dp, dp, dv, dp, dp, nullptr, !first);  // dV += Pᵀ·dO
    score_tile<V>(nj, d, v, d, b.dot + i0 * d, 1.0f, 0.0f, b.dpt);                      // dP = dO·Vᵀ
    backward_ds<V>(a, b.st, b.dpt, nj, b.D + i0);
    row_tile<V>(ni, nj, b.dpt, 1, B, b.kp + j0 * dp, dp, b.dq + i0 * dp, dp, dp, nullptr, true);  // dQ += dS·K
    row_tile<V>(nj, ni, b.dpt, B, 1, b.qp + i0 * dp, dp, dk, dp, dp, nullptr, !first);           // dK += dSᵀ·Q
    first = false;
  }
  if (first) fill(dk, nj * dp, 0.0f), fill(dv, nj * dp, 0.0f);
}

template <class V>
void flash_backward_head(const AttnArgs& a, int64_t h, void* slot) {
  constexpr Tiling t = tiling<V>();
  const Head<float> hd(a, h);
  Carve carve(slot);
  BackwardBuffers b(carve, a.n, a.nk, a.d, t, t.Bc);
  backward_prepare<V>(a, hd, b, t.B);
  const int64_t nk = a.nk, d = a.d;
  for (int64_t j0 = 0; j0 < nk; j0 += t.Bc) {
    const int64_t nj = std::min(t.Bc, nk - j0);
    backward_key_block<V>(a, hd, b, j0, nj, b.dk, b.dv);
    write_rows<V>(b.dk, b.dp, nj, d, nullptr, hd.dk + j0 * d);
    write_rows<V>(b.dv, b.dp, nj, d, nullptr, hd.dv + j0 * d);
  }
  write_rows<V>(b.dq, b.dp, a.n, d, nullptr, hd.dq);
}

template <class V>
void flash(const AttnArgs& a) {
  Carve size(nullptr);
  if (a.backward) {
    BackwardBuffers(size, a.n, a.nk, a.d, kWidest, kWidest.Bc);
    for_each_head(a, size.used(), [&](int64_t h, void* s) { flash_backward_head<V>(a, h, s); });
  } else {
    FlashFwdBuffers(size, a.nk, a.d, kWidest);
    for_each_head(a, size.used(), [&](int64_t h, void* s) { flash_forward_head<V>(a, h, s); });
  }
}

}  // namespace
}  // namespace hotops::attention
