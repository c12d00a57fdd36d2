// The building blocks of ops.h as templates over a SIMD trait S, instantiated once per ISA by
// ops_<isa>.cpp (each inside an anonymous namespace, so no code built with one ISA's flags is
// merged with another's). S provides, with the names of kernels/core/simd: V (W floats), zero,
// set1, load and to_f32 (f32, and bf16 widened to f32), add, sub, fmadd, max, exp_nonpos (exp of
// z ≤ 0, −inf → 0), hsum, hmax. Tails run as scalar loops.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/bf16.h"
#include "core/simd/exp.h"
#include "vq_logits/ops.h"

namespace hotops::vq_logits {
namespace {

// GEMV rows: eight at a time, one accumulator each — eight independent FMA chains hide the FMA
// latency, and eight row streams keep enough cache lines in flight to stream w at the memory's
// bandwidth (on Zen 4, paired with the ceilings' read kernel: 4 rows × 2 accumulators reached
// ~0.75 of its rate, 8 rows ~0.9; 16 rows and software prefetch were slower).
template <class S, class T>
void gemv(const T* w, const T* h, int64_t rows, int64_t d, float* y) {
  using V = typename S::V;
  constexpr int64_t L = S::W, R = 8;
  const int64_t dv = d - d % L;
  auto tail = [&](const T* wr) {
    float s = 0;
    for (int64_t k = dv; k < d; ++k) s += S::to_f32(wr[k]) * S::to_f32(h[k]);
    return s;
  };
  int64_t r = 0;
  for (; r + R <= rows; r += R) {
    const T* wr = w + r * d;
    V acc[R];
    for (V& a : acc) a = S::zero();
    for (int64_t k = 0; k < dv; k += L) {
      const V hk = S::load(h + k);
      for (int64_t i = 0; i < R; ++i) acc[i] = S::fmadd(S::load(wr + i * d + k), hk, acc[i]);
    }
    for (int64_t i = 0; i < R; ++i) y[r + i] = S::hsum(acc[i]) + tail(wr + i * d);
  }
  for (; r < rows; ++r) {
    const T* wr = w + r * d;
    V a0 = S::zero(), a1 = S::zero();
    int64_t k = 0;
    for (; k + 2 * L <= dv; k += 2 * L) {
      a0 = S::fmadd(S::load(wr + k), S::load(h + k), a0);
      a1 = S::fmadd(S::load(wr + k + L), S::load(h + k + L), a1);
    }
    for (; k < dv; k += L) a0 = S::fmadd(S::load(wr + k), S::load(h + k), a0);
    y[r] = S::hsum(S::add(a0, a1)) + tail(wr);
  }
}

// y[i] = lc[m[i]] with the indices read 64 bits at a time (2 int32 or 4 int16 per load): one token
// per cycle on Zen 4 at any K, where vgatherdps / vpgatherdps (microcoded there) took 1.3× as long
// (V = 128k, best of 200 calls) — so every ISA's table uses this loop.
template <class I>
void gather(const float* lc, const I* m, int64_t n, float* y) {
  constexpr int64_t P = 8 / sizeof(I);  // indices per 64-bit word
  int64_t i = 0;
  for (; i + 2 * P <= n; i += 2 * P) {
    uint64_t w[2];
    __builtin_memcpy(w, m + i, 16);
    for (int64_t k = 0; k < 2 * P; ++k) y[i + k] = lc[I(w[k / P] >> (8 * sizeof(I) * (k % P)))];
  }
  for (; i < n; ++i) y[i] = lc[m[i]];
}

// Terms of a log-sum-exp: x[i], or x[i] + a[i].
template <class S, bool Add>
struct Terms {
  const float* x;
  const float* a;
  typename S::V vec(int64_t i) const { return Add ? S::add(S::load(x + i), S::load(a + i)) : S::load(x + i); }
  float at(int64_t i) const { return Add ? x[i] + a[i] : x[i]; }
};

template <class S, bool Add>
double logsumexp_terms(Terms<S, Add> t, int64_t n) {
  using V = typename S::V;
  constexpr int64_t L = S::W, B = 4 * L;
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  const int64_t nb = n - n % B;
  V m4[4] = {S::set1(kNegInf), S::set1(kNegInf), S::set1(kNegInf), S::set1(kNegInf)};
  for (int64_t i = 0; i < nb; i += B)
    for (int64_t j = 0; j < 4; ++j) m4[j] = S::max(m4[j], t.vec(i + j * L));
  float m = S::hmax(S::max(S::max(m4[0], m4[1]), S::max(m4[2], m4[3])));
  for (int64_t i = nb; i < n; ++i) m = std::fmax(m, t.at(i));
  if (!std::isfinite(m)) return m;  // −inf: no term (log 0); +inf: the sum is infinite
  // Σ exp(x − m): each f32 lane adds at most 64 terms per chunk; chunks are summed in double.
  const V vm = S::set1(m);
  double total = 0;
  for (int64_t c = 0; c < nb; c += 64 * B) {
    V s4[4] = {S::zero(), S::zero(), S::zero(), S::zero()};
    const int64_t end = c + 64 * B < nb ? c + 64 * B : nb;
    for (int64_t i = c; i < end; i += B)
      for (int64_t j = 0; j < 4; ++j) s4[j] = S::add(s4[j], S::exp_nonpos(S::sub(t.vec(i + j * L), vm)));
    total += double(S::hsum(S::add(S::add(s4[0], s4[1]), S::add(s4[2], s4[3]))));
  }
  for (int64_t i = nb; i < n; ++i) total += std::exp(double(t.at(i)) - double(m));
  return double(m) + std::log(total);
}

template <class S>
double logsumexp(const float* x, int64_t n) {
  return logsumexp_terms(Terms<S, false>{x, nullptr}, n);
}

template <class S>
double logsumexp_add(const float* x, const float* a, int64_t n) {
  return logsumexp_terms(Terms<S, true>{x, a}, n);
}

// Block sums in f32 lanes find the block where the running double sum passes target; inside
// it (and past it, if rounding put the crossing later) the search goes element by element.
template <class S>
int64_t cdf_search(const float* p, int64_t n, double target) {
  constexpr int64_t L = S::W, B = 4 * L;
  double run = 0;
  int64_t i = 0, last_block = -1;
  for (; i + B <= n; i += B) {
    const float s = S::hsum(S::add(S::add(S::load(p + i), S::load(p + i + L)),
                                   S::add(S::load(p + i + 2 * L), S::load(p + i + 3 * L))));
    if (run + double(s) > target) break;
    run += double(s);
    if (s > 0) last_block = i;
  }
  int64_t last = -1;
  for (; i < n; ++i) {
    if (!(p[i] > 0)) continue;
    last = i;
    run += double(p[i]);
    if (run > target) return i;
  }
  if (last < 0 && last_block >= 0)
    for (int64_t j = last_block + B - 1; j >= last_block && last < 0; --j)
      if (p[j] > 0) last = j;
  return last < 0 ? 0 : last;
}

// A vector trait of core/simd with the vector exp of core/simd/exp.h (the scalar trait uses libm).
template <class S>
struct WithVecExp : S {
  static typename S::V exp_nonpos(typename S::V z) { return simd::exp_nonpos<S>(z); }
};

template <class S>
Ops make_ops(void (*softmax)(const softmax::SoftmaxArgs&)) {
  return Ops{gemv<S, float>, gemv<S, bf16>, gather<int32_t>, gather<int16_t>, logsumexp<S>,
             logsumexp_add<S>, cdf_search<S>, softmax};
}

}  // namespace
}  // namespace hotops::vq_logits
