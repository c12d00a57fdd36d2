// Workspace layouts of the attention kernels. A kernel carves its buffers out of the case's
// workspace (Variant::workspace, allocated before timing) with the tiling of its ISA; the
// workspace functions carve the same buffers with the widest tiling (kWidest), which needs the
// most, to size it. Heads are split over up to `slots(heads)` threads, one slot each.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <thread>

namespace hotops::attention {

inline int64_t round_up(int64_t x, int64_t m) { return (x + m - 1) / m * m; }

// Query and key block sizes and vector lanes of one ISA's kernels.
struct Tiling {
  int64_t B;   // queries per block (kR·W)
  int64_t Bc;  // keys per block
  int64_t W;   // lanes
};
inline constexpr int64_t kKeyBlock = 64;
inline constexpr Tiling kWidest{64, kKeyBlock, 16};

// Threads the heads may be split over: one workspace slot each. Read once (before timing).
inline int64_t slots(int64_t heads) {
  static const int64_t hw = std::max<int64_t>(1, std::thread::hardware_concurrency());
  return std::min(heads, hw);
}

// Hands out 64-byte aligned arrays from a base pointer; with a null base it only adds up sizes.
class Carve {
 public:
  explicit Carve(void* base) : base_(static_cast<std::byte*>(base)) {}
  template <class T>
  T* take(int64_t count) {
    used_ = (used_ + 63) / 64 * 64;
    T* p = base_ ? reinterpret_cast<T*>(base_ + used_) : nullptr;
    used_ += size_t(count) * sizeof(T);
    return p;
  }
  size_t used() const { return (used_ + 63) / 64 * 64; }

 private:
  std::byte* base_;
  size_t used_ = 0;
};

// Flash forward (f32): V padded to dp columns, one query block's Qᵀ, scores, O and row stats.
struct FlashFwdBuffers {
  float *vp, *qt, *st, *ot, *m, *l, *alpha;
  FlashFwdBuffers(Carve& c, int64_t nk, int64_t d, Tiling t) {
    const int64_t dp = round_up(d, t.W);
    vp = c.take<float>(nk * dp), qt = c.take<float>(d * t.B), st = c.take<float>(t.Bc * t.B);
    ot = c.take<float>(t.B * dp), m = c.take<float>(t.B), l = c.take<float>(t.B), alpha = c.take<float>(t.B);
  }
};

// Flash forward with bf16 inputs: K and V re-laid for vdpbf16ps (pairs along the reduction: K
// rows padded to an even d2, V as [key pair][dp][2]), Qᵀ likewise, scores in f32, P as bf16 pairs.
struct FlashBf16Buffers {
  uint16_t *k2, *v2, *qt2, *p2;
  float *st, *ot, *m, *l, *alpha;
  FlashBf16Buffers(Carve& c, int64_t nk, int64_t d, Tiling t) {
    const int64_t dp = round_up(d, t.W), d2 = round_up(d, 2);
    k2 = c.take<uint16_t>(nk * d2), v2 = c.take<uint16_t>(round_up(nk, 2) * dp), qt2 = c.take<uint16_t>(d2 * t.B);
    p2 = c.take<uint16_t>(t.Bc * t.B), st = c.take<float>(t.Bc * t.B), ot = c.take<float>(t.B * dp);
    m = c.take<float>(t.B), l = c.take<float>(t.B), alpha = c.take<float>(t.B);
  }
};

// Backward (f32, flash and materialized): Qᵀ and dOᵀ of all queries (nq padded to B), Q, dO, K
// padded to dp columns, the dQ accumulator, per-query D and lse, and one key block's tiles.
struct BackwardBuffers {
  int64_t nqp, dp;
  float *qt, *dot, *qp, *dop, *kp, *dq, *D, *lse, *st, *dpt, *dk, *dv;
  BackwardBuffers(Carve& c, int64_t n, int64_t nk, int64_t d, Tiling t, int64_t key_rows) {
    nqp = round_up(n, t.B), dp = round_up(d, t.W);
    qt = c.take<float>(d * nqp), dot = c.take<float>(d * nqp), qp = c.take<float>(nqp * dp);
    dop = c.take<float>(nqp * dp), kp = c.take<float>(nk * dp), dq = c.take<float>(nqp * dp);
    D = c.take<float>(nqp), lse = c.take<float>(nqp), st = c.take<float>(t.Bc * t.B), dpt = c.take<float>(t.Bc * t.B);
    dk = c.take<float>(key_rows * dp), dv = c.take<float>(key_rows * dp);
  }
};

// Materialized: the score panels of every query block ([block][key][B]: n·nk scores, padded),
// (backward: a second set for dS), and what the forward's row pass and PV need.
struct MaterializedBuffers {
  float *scores, *dscores, *vp, *qt, *ot, *l;
  MaterializedBuffers(Carve& c, int64_t n, int64_t nk, int64_t d, Tiling t, bool backward) {
    const int64_t nqp = round_up(n, t.B), dp = round_up(d, t.W);
    scores = c.take<float>(nqp * nk), dscores = backward ? c.take<float>(nqp * nk) : nullptr;
    vp = c.take<float>(nk * dp), qt = c.take<float>(d * nqp), ot = c.take<float>(t.B * dp), l = c.take<float>(nqp);
  }
};

// Linear: φ(Q) and φ(K) (padded rows), V with a ones column (the normaliser rides along as
// column d), the d × dp1 state, and (causal) one chunk's φ(Q)ᵀ and scores.
struct LinearBuffers {
  int64_t dp1;
  float *fq, *fk, *vp, *state, *qt, *st, *ot;
  LinearBuffers(Carve& c, int64_t n, int64_t nk, int64_t d, Tiling t) {
    dp1 = round_up(d + 1, t.W);
    fq = c.take<float>(round_up(n, t.B) * d), fk = c.take<float>(nk * d), vp = c.take<float>(nk * dp1);
    state = c.take<float>(d * dp1), qt = c.take<float>(d * t.B), st = c.take<float>(t.B * t.B);
    ot = c.take<float>(t.B * dp1);
  }
};

}  // namespace hotops::attention
