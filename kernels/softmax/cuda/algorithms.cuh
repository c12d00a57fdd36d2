// The four softmax algorithms of the family as data for one row driver: each is a few
// reduction passes (fold the row into a Pair per thread, all-reduce it over the team, derive
// the row's statistics) and one map pass that writes y. softmax_row runs them on the device;
// model_softmax_row replays the same arithmetic in the same order on the host, for tests.
//
// Accuracy (KERNELS.md §1, the family's fp64 tolerance): every thread folds its share in
// increasing index order into four accumulators, then the team combines 4 × 32 (warp) or
// 4 × 1024 (block) partials by a tree, so a sum of n terms carries the rounding of an
// n/(4·lanes)-term sequential sum plus a few tree levels, inside the family's budget for a
// sequential f32 sum (tests/cpp/softmax_cuda_model_test.cpp measures the margins). expf is
// CUDA's (≤ 2 ulp, no fast math); 1/Σ is an IEEE division. −inf inputs contribute 0 and
// never reach exp(−inf − (−inf)); rows are assumed to hold at least one finite value.
#pragma once
#include <vector>

#include "core/cuda/row_split.cuh"
#include "core/cuda/team.cuh"

namespace hotops::softmax::cuda {

using hotops::cuda::Pair;
constexpr float kNegInf = -INFINITY;

// Three passes: max; Σ exp(x − max); y = exp(x − max) / Σ (exp computed twice, y written once).
struct ThreePassRecompute {
  static constexpr int kReductions = 2;
  static constexpr bool kFinalReadsY = false;
  float m = 0, inv = 0;
  HOTOPS_HD static bool writes_y(int) { return false; }
  HOTOPS_HD static Pair identity(int pass) { return pass == 0 ? Pair{kNegInf, 0} : Pair{0, 0}; }
  HOTOPS_HD float fold(int pass, Pair& acc, float x) const {
    if (pass == 0) acc.a = fmaxf(acc.a, x);
    else acc.a += expf(x - m);
    return 0;
  }
  HOTOPS_HD static Pair combine(int pass, Pair p, Pair q) {
    return pass == 0 ? Pair{fmaxf(p.a, q.a), 0} : Pair{p.a + q.a, 0};
  }
  HOTOPS_HD void finish(int pass, Pair total) {
    if (pass == 0) m = total.a;
    else inv = 1.0f / total.a;
  }
  HOTOPS_HD float map(float x) const { return expf(x - m) * inv; }
};

// Three passes: max; y = exp(x − max) while summing; y *= 1/Σ (exp once, y written twice).
struct ThreePassReload {
  static constexpr int kReductions = 2;
  static constexpr bool kFinalReadsY = true;
  float m = 0, inv = 0;
  HOTOPS_HD static bool writes_y(int pass) { return pass == 1; }
  HOTOPS_HD static Pair identity(int pass) { return ThreePassRecompute::identity(pass); }
  HOTOPS_HD float fold(int pass, Pair& acc, float x) const {
    if (pass == 0) return acc.a = fmaxf(acc.a, x), 0;
    const float e = expf(x - m);
    acc.a += e;
    return e;
  }
  HOTOPS_HD static Pair combine(int pass, Pair p, Pair q) { return ThreePassRecompute::combine(pass, p, q); }
  HOTOPS_HD void finish(int pass, Pair total) {
    if (pass == 0) m = total.a;
    else inv = 1.0f / total.a;
  }
  HOTOPS_HD float map(float e) const { return e * inv; }
};

// Two passes (Dukhan & Ablavatski, 2001.04438): exp(x) = p·2^k, k = rint(x·log2 e), p in
// [√½, √2]; pass 1 sums the pairs as (mantissa a, exponent b) with b the largest k so far, so
// nothing overflows and no max pass is needed; pass 2 writes y = p·(1/a)·2^(k − b).
// Terms and outputs more than 2^126 below the largest are dropped (flushed to 0): their
// share of a sum that is at least √½ is below 2^-126. Valid for |x| ≤ 1e6 (k exact in f32).
struct TwoPass {
  static constexpr int kReductions = 1;
  static constexpr bool kFinalReadsY = false;
  float b = 0, inv = 0;
  // m·2^d for d ≤ 0 (d may be −inf).
  HOTOPS_HD static float scale(float m, float d) { return d < -126.0f ? 0.0f : m * hotops::cuda::pow2_normal(int(d)); }
  // exp(x) = p·2^k; x = −inf gives p = 0, k = −inf.
  HOTOPS_HD static float split(float x, float& k) {
    constexpr float kLog2e = 1.44269504088896341f;
    constexpr float kLn2Hi = 0.693145751953125f, kLn2Lo = 1.42860682030941723212e-6f;
    if (x == kNegInf) return k = kNegInf, 0.0f;
    k = rintf(x * kLog2e);
    return expf(fmaf(k, -kLn2Lo, fmaf(k, -kLn2Hi, x)));
  }
  HOTOPS_HD static bool writes_y(int) { return false; }
  HOTOPS_HD static Pair identity(int) { return Pair{0, kNegInf}; }
  HOTOPS_HD float fold(int, Pair& acc, float x) const {
    float k;
    const float p = split(x, k);
    if (p == 0.0f) return 0;
    if (k <= acc.b) {
      acc.a += scale(p, k - acc.b);
    } else {
      acc.a = scale(acc.a, acc.b - k) + p;
      acc.b = k;
    }
    return 0;
  }
  HOTOPS_HD static Pair combine(int, Pair p, Pair q) {
    const float e = fmaxf(p.b, q.b);
    if (e == kNegInf) return Pair{0, kNegInf};
    return Pair{scale(p.a, p.b - e) + scale(q.a, q.b - e), e};
  }
  HOTOPS_HD void finish(int, Pair total) { b = total.b, inv = 1.0f / total.a; }
  HOTOPS_HD float map(float x) const {
    float k;
    const float p = split(x, k);
    return p == 0.0f ? 0.0f : scale(p * inv, k - b);
  }
};

// Online (Milakov & Gimelshein, 1805.02867): pass 1 keeps a running (max a, Σ b), rescaling
// Σ when the max grows; pass 2 writes y = exp(x − max) / Σ.
struct Online {
  static constexpr int kReductions = 1;
  static constexpr bool kFinalReadsY = false;
  float m = 0, inv = 0;
  HOTOPS_HD static bool writes_y(int) { return false; }
  HOTOPS_HD static Pair identity(int) { return Pair{kNegInf, 0}; }
  HOTOPS_HD float fold(int, Pair& acc, float x) const {
    if (x > acc.a) {
      acc.b = acc.b * expf(acc.a - x) + 1.0f;
      acc.a = x;
    } else if (x != kNegInf) {
      acc.b += expf(x - acc.a);
    }
    return 0;
  }
  HOTOPS_HD static Pair combine(int, Pair p, Pair q) {
    const float m = fmaxf(p.a, q.a);
    if (m == kNegInf) return Pair{kNegInf, 0};
    return Pair{m, p.b * expf(p.a - m) + q.b * expf(q.a - m)};
  }
  HOTOPS_HD void finish(int, Pair total) { m = total.a, inv = 1.0f / total.b; }
  HOTOPS_HD float map(float x) const { return expf(x - m) * inv; }
};

// The per-element operations stream_row applies. A fold keeps one accumulator per slot
// (four independent dependency chains, each a quarter of the thread's terms) and combines
// them as (0 + 1) + (2 + 3); every identity is exactly neutral under its combine.
template <class Alg>
struct Fold {
  const Alg& alg;
  int pass;
  Pair acc[4];
  HOTOPS_HD Fold(const Alg& a, int p) : alg(a), pass(p) {
    for (Pair& x : acc) x = Alg::identity(p);
  }
  HOTOPS_HD float operator()(int slot, float x) { return alg.fold(pass, acc[slot], x); }
  HOTOPS_HD Pair total() const {
    return Alg::combine(pass, Alg::combine(pass, acc[0], acc[1]), Alg::combine(pass, acc[2], acc[3]));
  }
};
template <class Alg>
struct Combine {
  int pass;
  HOTOPS_HD Pair operator()(Pair p, Pair q) const { return Alg::combine(pass, p, q); }
};
template <class Alg>
struct Map {
  const Alg& alg;
  HOTOPS_HD float operator()(int, float v) { return alg.map(v); }
};

#ifdef __CUDACC__
// One row on the device, by the calling team (Shape: WarpRows or BlockRows).
template <class Alg, class Shape>
__device__ void softmax_row(const float* x, float* y, int64_t n, typename Shape::Scratch* scratch) {
  const hotops::cuda::RowSplit s = hotops::cuda::split_row(x, y, n);
  Alg alg;
#pragma unroll
  for (int pass = 0; pass < Alg::kReductions; ++pass) {
    Fold<Alg> f(alg, pass);
    hotops::cuda::stream_row(x, Alg::writes_y(pass) ? y : nullptr, s, Shape::lane(), Shape::kLanes, f);
    alg.finish(pass, Shape::all_reduce(f.total(), Combine<Alg>{pass}, Alg::identity(pass), scratch[pass]));
  }
  Map<Alg> m{alg};
  hotops::cuda::stream_row(Alg::kFinalReadsY ? y : x, y, s, Shape::lane(), Shape::kLanes, m);
}
#endif

// The host model of softmax_row: every lane of the team in turn, the same passes.
template <class Alg, class Shape>
void model_softmax_row(const float* x, float* y, int64_t n) {
  const hotops::cuda::RowSplit s = hotops::cuda::split_row(x, y, n);
  Alg alg;
  for (int pass = 0; pass < Alg::kReductions; ++pass) {
    std::vector<Pair> partial(Shape::kLanes);
    for (int lane = 0; lane < Shape::kLanes; ++lane) {
      Fold<Alg> f(alg, pass);
      hotops::cuda::stream_row(x, Alg::writes_y(pass) ? y : nullptr, s, lane, Shape::kLanes, f);
      partial[lane] = f.total();
    }
    alg.finish(pass, Shape::model_all_reduce(partial, Combine<Alg>{pass}, Alg::identity(pass)));
  }
  Map<Alg> m{alg};
  for (int lane = 0; lane < Shape::kLanes; ++lane)
    hotops::cuda::stream_row(Alg::kFinalReadsY ? y : x, y, s, lane, Shape::kLanes, m);
}

}  // namespace hotops::softmax::cuda
