// Loops over a row of floats, generic over a SIMD trait S (core/simd/scalar.h): whole vectors
// and one partial last vector, which is read and written through the trait's lane mask.
// Include after the trait's header; like the traits, everything here has internal linkage.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace hotops::simd {
namespace {

// ---- Streaming passes (the softmax kernels): four independent vectors per step ----------

// Sums over a row run chunk by chunk, each float accumulator lane adding at most 64 terms,
// and the chunk totals are combined in double. A float lane that added n/(4·W) equal terms
// would drift by up to n·2^-31 relative (round-to-nearest is biased for a constant addend).
template <class S>
inline constexpr int64_t kChunk = 64 * 4 * S::W;

// Streams x[0..n): f4 gets blocks of four vectors (a kernel gives each its own accumulator,
// so four dependency chains overlap), f1 the remaining whole vectors, and ftail(v, mask) the
// last partial vector, whose lanes outside `mask` hold `fill`.
template <class S, class F4, class F1, class FT>
void for_each_vector(const float* x, int64_t n, typename S::V fill, F4&& f4, F1&& f1, FT&& ftail) {
  constexpr int64_t W = S::W;
  int64_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W)
    f4(S::load(x + i), S::load(x + i + W), S::load(x + i + 2 * W), S::load(x + i + 3 * W));
  for (; i + W <= n; i += W) f1(S::load(x + i));
  if (i < n) {
    const typename S::Mask mask = S::tail_mask(n - i);
    ftail(S::load_tail(x + i, mask, fill), mask);
  }
}

// Same, with the partial vector going to f1 too: `fill` must be neutral for the reduction.
template <class S, class F4, class F1>
void for_each_vector(const float* x, int64_t n, typename S::V fill, F4&& f4, F1&& f1) {
  for_each_vector<S>(x, n, fill, f4, f1, [&](typename S::V v, typename S::Mask) { f1(v); });
}

// y[i] = f(x[i], k) for i in [0, n), where k (a std::integral_constant, 0..3) numbers the
// four independent vectors of a block so f can keep one accumulator per chain; whole
// vectors after the blocks use k = 0, the partial vector k = 1 with `fill` in its unused
// lanes (masked on load and store). y may be x.
template <class S, class F>
void transform(const float* x, float* y, int64_t n, typename S::V fill, F&& f) {
  using K0 = std::integral_constant<int, 0>;
  using K1 = std::integral_constant<int, 1>;
  using K2 = std::integral_constant<int, 2>;
  using K3 = std::integral_constant<int, 3>;
  constexpr int64_t W = S::W;
  int64_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    const auto a = f(S::load(x + i), K0{}), b = f(S::load(x + i + W), K1{});
    const auto c = f(S::load(x + i + 2 * W), K2{});
    const auto d = f(S::load(x + i + 3 * W), K3{});
    S::store(y + i, a);
    S::store(y + i + W, b);
    S::store(y + i + 2 * W, c);
    S::store(y + i + 3 * W, d);
  }
  for (; i + W <= n; i += W) S::store(y + i, f(S::load(x + i), K0{}));
  if (i < n) {
    const typename S::Mask mask = S::tail_mask(n - i);
    S::store_tail(y + i, mask, f(S::load_tail(x + i, mask, fill), K1{}));
  }
}

// f(i, len) for consecutive chunks [i, i + len) of [0, n); len = kChunk<S> except for the last.
template <class S, class F>
void for_each_chunk(int64_t n, F&& f) {
  for (int64_t i = 0; i < n; i += kChunk<S>) f(i, n - i < kChunk<S> ? n - i : kChunk<S>);
}

// y[0..n) = value.
template <class S>
void fill(float* y, int64_t n, float value) {
  const typename S::V v = S::set1(value);
  int64_t i = 0;
  for (; i + S::W <= n; i += S::W) S::store(y + i, v);
  if (i < n) S::store_tail(y + i, S::tail_mask(n - i), v);
}

// max of x[0..n), n ≥ 1.
template <class S>
float max_of(const float* x, int64_t n) {
  using V = typename S::V;
  const V ninf = S::set1(-__builtin_inff());
  V m0 = ninf, m1 = ninf, m2 = ninf, m3 = ninf;
  for_each_vector<S>(
      x, n, ninf,
      [&](V a, V b, V c, V d) {
        m0 = S::max(m0, a);
        m1 = S::max(m1, b);
        m2 = S::max(m2, c);
        m3 = S::max(m3, d);
      },
      [&](V v) { m0 = S::max(m0, v); });
  return S::hmax(S::max(S::max(m0, m1), S::max(m2, m3)));
}

// ---- Row passes over f32, bf16 or int8 storage (the norm kernels) ------------------------

struct Full {};
struct Part {
  int n;  // valid lanes, 0 < n < W
};

template <class S, class T>
typename S::V ld(const T* p, Full) {
  return S::load(p);
}
// A partial vector, zero-padded: the trait's masked load for floats, else a copy through a
// stack buffer.
template <class S, class T>
typename S::V ld(const T* p, Part t) {
  if constexpr (std::is_same_v<T, float>) {
    return S::load_tail(p, S::tail_mask(t.n));
  } else {
    alignas(64) T tmp[S::W] = {};
    std::memcpy(tmp, p, size_t(t.n) * sizeof(T));
    return S::load(tmp);
  }
}
template <class S, class T>
void st(T* p, typename S::V v, Full) {
  S::store(p, v);
}
template <class S, class T>
void st(T* p, typename S::V v, Part t) {
  if constexpr (std::is_same_v<T, float>) {
    S::store_tail(p, S::tail_mask(t.n), v);
  } else {
    alignas(64) T tmp[S::W];
    S::store(tmp, v);
    std::memcpy(p, tmp, size_t(t.n) * sizeof(T));
  }
}

// v with the lanes past a partial vector's end set to zero.
template <class S>
typename S::V masked(typename S::V v, Full) {
  return v;
}
template <class S>
typename S::V masked(typename S::V v, Part p) {
  return S::keep(v, S::tail_mask(p.n));
}

// Calls f(j, Full{}) for each whole vector of [0, d), then f(j, Part{n}) for the rest.
template <class S, class F>
void for_vectors(int64_t d, F&& f) {
  int64_t j = 0;
  for (; j + 2 * S::W <= d; j += 2 * S::W) f(j, Full{}), f(j + S::W, Full{});  // half the loop overhead
  for (; j + S::W <= d; j += S::W) f(j, Full{});
  if constexpr (S::W > 1)  // one lane: no partial vector
    if (j < d) f(j, Part{int(d - j)});
}

// N sums over the row at once: f(j, part, out) writes N vectors to out; lanes past the
// row's end are masked off. U independent accumulators hide the add latency; they are
// emptied into the totals every 64 steps, so a sum's rounding error grows with
// 64 + d/(64·U·W) rather than d/(U·W) (it matters for coherent data, e.g. constant rows).
template <class S, int N, int U = 4, class F>
void sum_vectors(int64_t d, float* sums, F&& f) {
  using V = typename S::V;
  constexpr int64_t kStep = U * S::W, kBlock = 64 * kStep;
  V total[N], acc[U][N], t[N];
  for (V& v : total) v = S::zero();
  auto reset = [&] {
    for (auto& a : acc)
      for (V& v : a) v = S::zero();
  };
  auto drain = [&] {
    for (int k = 0; k < N; ++k) {
      V s = acc[0][k];
      for (int u = 1; u < U; ++u) s = S::add(s, acc[u][k]);
      total[k] = S::add(total[k], s);
    }
  };
  int64_t j = 0;
  while (j + kStep <= d) {
    reset();
    for (const int64_t stop = j + kBlock < d ? j + kBlock : d; j + kStep <= stop; j += kStep)
      for (int u = 0; u < U; ++u) {
        f(j + u * S::W, Full{}, t);
        for (int k = 0; k < N; ++k) acc[u][k] = S::add(acc[u][k], t[k]);
      }
    drain();
  }
  reset();
  for (; j + S::W <= d; j += S::W) {
    f(j, Full{}, t);
    for (int k = 0; k < N; ++k) acc[0][k] = S::add(acc[0][k], t[k]);
  }
  if constexpr (S::W > 1)
    if (j < d) {
      const Part p{int(d - j)};
      f(j, p, t);
      for (int k = 0; k < N; ++k) acc[U - 1][k] = S::add(acc[U - 1][k], masked<S>(t[k], p));
    }
  drain();
  for (int k = 0; k < N; ++k) sums[k] = S::hsum(total[k]);
}

// One sum: f(j, part) returns one vector.
template <class S, int U = 4, class F>
float sum_vector(int64_t d, F&& f) {
  float s;
  sum_vectors<S, 1, U>(d, &s, [&](int64_t j, auto part, typename S::V* out) { out[0] = f(j, part); });
  return s;
}

}  // namespace
}  // namespace hotops::simd
