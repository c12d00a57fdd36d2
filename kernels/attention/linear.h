// Linear attention (Katharopoulos et al., arXiv 2006.16236), f32, on any vector trait V:
// φ(x) = elu(x) + 1, O_i = φ(q_i)ᵀ·S / (φ(q_i)ᵀ·z + ε) with S = Σ_j φ(k_j)·v_jᵀ and z = Σ_j φ(k_j).
// z rides along as column d of S (V gets a column of ones), so one product gives numerator and
// denominator. Non-causal: S once (d × d+1, O(kv·d²)), then every query reads it out (O(n·d²)).
// Causal: chunks of B queries; within a chunk the causal part is quadratic (B × B weights
// φ(Q)φ(K)ᵀ, masked to 0), earlier chunks come from the state S carried from chunk to chunk.
#pragma once
#include "attention/flash.h"

namespace hotops::attention {
namespace {

constexpr float kLinearEps = 1e-6f;  // as in the reference

// y = φ(x) for rows of width d (x > 0: x + 1; else e^x).
template <class V>
inline void phi_rows(const float* x, int64_t count, float* y) {
  const auto zero = V::zero(), one = V::set1(1.0f);
  auto phi = [&](typename V::vec v) { return V::select_lt(zero, v, V::add(v, one), V::exp_nonpos(V::min(v, zero))); };
  int64_t i = 0;
  for (; i + V::W <= count; i += V::W) V::store(y + i, phi(V::load(x + i)));
  if (i < count) V::store_part(y + i, phi(V::load_part(x + i, count - i)), count - i);
}

// o rows = ot[:, :d] / (ot[:, d] + ε).
template <class V>
inline void write_normalised(const float* ot, int64_t dp1, int64_t ni, int64_t d, float* scale, float* o) {
  for (int64_t i = 0; i < ni; ++i) scale[i] = 1.0f / (ot[i * dp1 + d] + kLinearEps);
  write_rows<V>(ot, dp1, ni, d, scale, o);
}

template <class V>
void linear_head(const AttnArgs& a, int64_t h, void* slot) {
  const Head<float> hd(a, h);
  Carve carve(slot);
  LinearBuffers b(carve, a.n, a.nk, a.d, tiling<V>());
  constexpr int64_t B = tiling<V>().B;
  const int64_t n = a.n, nk = a.nk, d = a.d, dp1 = b.dp1;
  const float* v = hd.v;
  float* o = hd.o;
  phi_rows<V>(hd.q, n * d, b.fq);
  phi_rows<V>(hd.k, nk * d, b.fk);
  for (int64_t j = 0; j < nk; ++j) {  // [V | 1 | 0 …]
    std::memcpy(b.vp + j * dp1, v + j * d, size_t(d) * sizeof(float));
    fill(b.vp + j * dp1 + d, dp1 - d, 0.0f);
    b.vp[j * dp1 + d] = 1.0f;
  }
  float scale[B];
  if (!a.causal) {
    row_tile<V>(d, nk, b.fk, 1, d, b.vp, dp1, b.state, dp1, dp1, nullptr, false);  // S = φ(K)ᵀ·[V|1]
    for (int64_t i0 = 0; i0 < n; i0 += B) {
      const int64_t ni = std::min(B, n - i0);
      row_tile<V>(ni, d, b.fq + i0 * d, d, 1, b.state, dp1, b.ot, dp1, dp1, nullptr, false);
      write_normalised<V>(b.ot, dp1, ni, d, scale, o + i0 * d);
    }
    return;
  }
  fill(b.state, d * dp1, 0.0f);
  for (int64_t i0 = 0; i0 < n; i0 += B) {  // causal: n = kv (support.cpp)
    const int64_t ni = std::min(B, n - i0);
    pack_transposed(b.fq + i0 * d, ni, d, b.qt, B);
    score_tile<V>(ni, d, b.fk + i0 * d, d, b.qt, 1.0f, 0.0f, b.st);  // φ(k_j)·φ(q_i), j and i in the chunk
    mask_tile<V>(a, b.st, ni, i0, i0, 0.0f);
    row_tile<V>(ni, ni, b.st, 1, B, b.vp + i0 * dp1, dp1, b.ot, dp1, dp1, nullptr, false);     // intra-chunk
    row_tile<V>(ni, d, b.fq + i0 * d, d, 1, b.state, dp1, b.ot, dp1, dp1, nullptr, true);      // earlier chunks
    write_normalised<V>(b.ot, dp1, ni, d, scale, o + i0 * d);
    row_tile<V>(d, ni, b.fk + i0 * d, 1, d, b.vp + i0 * dp1, dp1, b.state, dp1, dp1, nullptr, true);  // S += …
  }
}

template <class V>
void linear(const AttnArgs& a) {
  Carve size(nullptr);
  LinearBuffers(size, a.n, a.nk, a.d, kWidest);
  for_each_head(a, size.used(), [&](int64_t h, void* s) { linear_head<V>(a, h, s); });
}

}  // namespace
}  // namespace hotops::attention
