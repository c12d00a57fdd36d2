// Backward of the per-row norms given the forward's saved statistics (mean μ, inverse
// scale s), with n = (x − μ)·s (μ = 0 for RMSNorm), g = dy·γ and means over the row:
//   LayerNorm: dx = s·(g − mean g − n·mean(g·n))
//   RMSNorm:   dx = s·(g − n·mean(g·n))
//   L1 norm:   dx = s·(g − mean g − (σ − mean σ)·mean(g·n)),  σ = sign(x − μ)
// (the L1 scale is mean|x − μ| + ε, whose derivative is (σ − mean σ)/d);
// dγ = Σ_rows dy·n, dβ = Σ_rows dy. Two passes over each row: the sums (while adding to
// dγ, dβ, which stay in cache), then dx.
#pragma once
#include "core/simd/loops.h"
#include "norm/common/args.h"
#include "norm/common/row_dispatch.h"

namespace hotops::norm {
namespace {
using namespace simd;

template <NormKind K>
struct NormBackward {
  template <class S, class T>
  static void run(const RowNormBwdArgs& a) {
    using V = typename S::V;
    constexpr bool centred = K != NormKind::rms;
    const float* gamma = a.gamma;  // locals: the stores below cannot change them
    float *dgamma = a.dgamma, *dbeta = a.dbeta;
    for_vectors<S>(a.d, [&](int64_t j, auto part) {
      st<S>(dgamma + j, S::zero(), part);
      if (centred) st<S>(dbeta + j, S::zero(), part);
    });
    for (int64_t r = 0; r < a.rows; ++r) {
      const T* x = static_cast<const T*>(a.x) + r * a.d;
      const T* dy = static_cast<const T*>(a.dy) + r * a.d;
      T* dx = static_cast<T*>(a.dx) + r * a.d;
      const V mu = S::set1(centred ? a.mean[r] : 0.0f), s = S::set1(a.rstd[r]);
      float sums[3];  // Σg, Σg·n, Σσ
      sum_vectors<S, 3>(a.d, sums, [&](int64_t j, auto part, V* out) {
        const V dyv = ld<S>(dy + j, part), c = S::sub(ld<S>(x + j, part), mu), n = S::mul(c, s);
        const V g = S::mul(dyv, ld<S>(gamma + j, part));
        st<S>(dgamma + j, S::fmadd(dyv, n, ld<S>(dgamma + j, part)), part);
        if (centred) st<S>(dbeta + j, S::add(dyv, ld<S>(dbeta + j, part)), part);
        out[0] = g;
        out[1] = S::mul(g, n);
        out[2] = K == NormKind::l1 ? S::sign(c) : S::zero();
      });
      const float inv_d = 1.0f / float(a.d);
      const V g_mean = S::set1(centred ? sums[0] * inv_d : 0.0f), neg_gn_mean = S::set1(-sums[1] * inv_d);
      const V sign_mean = S::set1(sums[2] * inv_d);
      for_vectors<S>(a.d, [&](int64_t j, auto part) {
        const V c = S::sub(ld<S>(x + j, part), mu);
        const V g = S::mul(ld<S>(dy + j, part), ld<S>(gamma + j, part));
        const V t = K == NormKind::l1 ? S::sub(S::sign(c), sign_mean) : S::mul(c, s);
        st<S>(dx + j, S::mul(s, S::fmadd(t, neg_gn_mean, S::sub(g, g_mean))), part);
      });
    }
  }
};

template <class S, class Algo>
void float_bwd(const RowNormBwdArgs& a) {
  if (a.dtype == DType::f32) return Algo::template run<S, float>(a);
  if (a.dtype == DType::bf16) return Algo::template run<S, bf16>(a);
  not_float_storage(a.dtype);
}

}  // namespace
}  // namespace hotops::norm
