// Row loops shared by the norm kernel templates, generic over the ISA struct S
// (simd_scalar.h / simd_avx2.h / simd_avx512.h). A row is walked in whole vectors and
// one partial last vector (Part), which is loaded zero-padded and masked in sums.
#pragma once
#include <cstdint>
#include <cstring>

namespace hotops::norm {
namespace {

struct Full {};
struct Part {
  int n;  // valid lanes, 0 < n < W
};

template <class S, class T>
typename S::V ld(const T* p, Full) {
  return S::load(p);
}
// Partial vectors use the ISA's masked load/store where it has one for T, else a
// zero-padded copy through a stack buffer.
template <class S, class T>
typename S::V ld(const T* p, Part t) {
  if constexpr (requires { S::load_n(p, t.n); }) {
    return S::load_n(p, t.n);
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
  if constexpr (requires { S::store_n(p, v, t.n); }) {
    S::store_n(p, v, t.n);
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
  return S::keep_first(v, p.n);
}

// Calls f(j, Full{}) for each whole vector of [0, d), then f(j, Part{n}) for the rest.
template <class S, class F>
void for_vectors(int64_t d, F&& f) {
  int64_t j = 0;
  for (; j + 2 * S::W <= d; j += 2 * S::W) f(j, Full{}), f(j + S::W, Full{});  // half the loop overhead
  for (; j + S::W <= d; j += S::W) f(j, Full{});
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
  if (j < d) {
    const Part p{int(d - j)};
    f(j, p, t);
    for (int k = 0; k < N; ++k) acc[U - 1][k] = S::add(acc[U - 1][k], S::keep_first(t[k], p.n));
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
}  // namespace hotops::norm
