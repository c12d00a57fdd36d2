// Quantized forward (int8 in, integer statistics, int8 out) of LayerNorm and the L1 norm.
// The exact scheme (the fp64 references in layernorm/ and l1norm/ follow it):
//   input  x = s_x·q, q int8, one scale per tensor; output out = sat8(round_even(y / s_y))
//   L2:    S1 = Σq, S2 = Σq² exact in integers; μ = S1/d, var = s_x²·(d·S2 − S1²)/d²;
//          y = γ·(q − μ)·s_x/√(var + ε) + β
//   L1:    S1 = Σq; μ_q = S1/d rounded half away from zero, an integer, so |q − μ_q| is an
//          integer and A = Σ|q − μ_q| is exact (psadbw does it 32 or 64 bytes at a time);
//          mad = s_x·A/d; y = γ·(q − μ_q)·s_x/(mad + ε) + β
// Only the per-row scale is computed in floating point; the per-element pass is f32.
#pragma once
#include <cmath>
#include <cstdint>

#include "core/simd/int8.h"
#include "core/simd/loops.h"
#include "norm/common/args.h"

namespace hotops::norm {
namespace {
using namespace simd;

// Row statistics: the centre mu and the factor f with y = γ·(q − mu)·f + β.
struct Int8L2 {
  template <class S>
  static void stats(const int8_t* q, const RowNormArgs& a, float& mu, float& f) {
    int64_t s1, s2;
    i8_sum_sumsq<S>(q, a.d, s1, s2);
    const double d = double(a.d), sx = a.x_scale;
    const double var_q = double(a.d * s2 - s1 * s1) / (d * d);  // exact integer numerator
    mu = float(double(s1) / d);
    f = float(sx / std::sqrt(sx * sx * var_q + a.eps));
  }
};
struct Int8L1 {
  template <class S>
  static void stats(const int8_t* q, const RowNormArgs& a, float& mu, float& f) {
    const int64_t s1 = i8_sum<S>(q, a.d), d = a.d;
    const int64_t m = s1 >= 0 ? (2 * s1 + d) / (2 * d) : -((2 * -s1 + d) / (2 * d));
    const int64_t abs_dev = i8_sad<S>(q, d, int(m));
    const double sx = a.x_scale;
    mu = float(m);
    f = float(sx / (sx * double(abs_dev) / double(d) + a.eps));
  }
};

template <class Stats, class S>
void int8_rows(const RowNormArgs& a) {
  using V = typename S::V;
  const V inv_sy = S::set1(1.0f / a.y_scale);
  for (int64_t r = 0; r < a.rows; ++r) {
    const int8_t* q = static_cast<const int8_t*>(a.x) + r * a.d;
    int8_t* out = static_cast<int8_t*>(a.y) + r * a.d;
    float mu, f;
    Stats::template stats<S>(q, a, mu, f);
    const V vmu = S::set1(mu), vf = S::set1(f / a.y_scale);
    const float *g = a.gamma, *b = a.beta;  // locals: stores to out cannot change them
    auto value = [&](int64_t j, auto part) {
      const V c = S::mul(S::sub(ld<S>(q + j, part), vmu), vf);
      return S::fmadd(c, ld<S>(g + j, part), S::mul(ld<S>(b + j, part), inv_sy));
    };
    int64_t j = 0;
    for (; j + 2 * S::W <= a.d; j += 2 * S::W) S::store2(out + j, value(j, Full{}), value(j + S::W, Full{}));
    for_vectors<S>(a.d - j, [&](int64_t k, auto part) { st<S>(out + j + k, value(j + k, part), part); });
  }
}

}  // namespace
}  // namespace hotops::norm
