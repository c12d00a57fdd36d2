// Loop skeletons, masked tails and horizontal reductions for the AVX-512 softmax kernels;
// mirrors vec_avx2.h with 16 lanes and mask registers for the partial vector.
// Include only from *_avx512f.cpp files (this code is compiled with their AVX-512 flags).
#pragma once
#include <immintrin.h>

#include <cstdint>
#include <type_traits>

namespace hotops::softmax::avx512 {
// Internal linkage on purpose, see exp_avx512.h.
namespace {

constexpr int64_t kLanes = 16;
constexpr int64_t kBlock = 4 * kLanes;  // four independent vectors per loop iteration
// Sums over a row run chunk by chunk, each float accumulator lane adding at most 64 terms, and
// the chunk totals are combined in double (see vec_avx2.h).
constexpr int64_t kChunk = 64 * kBlock;

// max as vmaxps (NaN in either operand gives b). GCC 12's _mm512_max_ps passes a
// self-initialized "undefined" vector that sets off false -Wmaybe-uninitialized warnings
// (GCC bug 105593); the masked form with a full mask compiles to the same instruction.
inline __m512 vmax(__m512 a, __m512 b) { return _mm512_mask_max_ps(a, __mmask16(0xFFFF), a, b); }

// Lanes [0, r) for 1 ≤ r < 16.
inline __mmask16 tail_mask(int64_t r) { return __mmask16((1u << r) - 1); }

// x[0..r) in the lanes of `mask`, `fill` elsewhere; masked-off lanes are not accessed.
inline __m512 load_tail(const float* x, __mmask16 mask, __m512 fill) { return _mm512_mask_loadu_ps(fill, mask, x); }

// Horizontal sum and max. (GCC 12's _mm512_reduce_* and _mm512_castps512_ps256 warn like vmax.)
inline float hsum(__m512 v) {
  const __m256 h = _mm256_add_ps(_mm512_extractf32x8_ps(v, 0), _mm512_extractf32x8_ps(v, 1));
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

inline float hmax(__m512 v) {
  const __m256 h = _mm256_max_ps(_mm512_extractf32x8_ps(v, 0), _mm512_extractf32x8_ps(v, 1));
  __m128 s = _mm_max_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  s = _mm_max_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_max_ss(s, _mm_movehdup_ps(s)));
}

// Streams x[0..n): f4 gets blocks of four vectors (a kernel gives each its own accumulator,
// so four dependency chains overlap), f1 the remaining whole vectors, and ftail(v, mask) the
// last partial vector, whose lanes outside `mask` hold `fill`.
template <class F4, class F1, class FT>
inline void for_each_vector(const float* x, int64_t n, __m512 fill, F4&& f4, F1&& f1, FT&& ftail) {
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock)
    f4(_mm512_loadu_ps(x + i), _mm512_loadu_ps(x + i + kLanes), _mm512_loadu_ps(x + i + 2 * kLanes),
       _mm512_loadu_ps(x + i + 3 * kLanes));
  for (; i + kLanes <= n; i += kLanes) f1(_mm512_loadu_ps(x + i));
  if (i < n) {
    const __mmask16 mask = tail_mask(n - i);
    ftail(load_tail(x + i, mask, fill), mask);
  }
}

// Same, with the partial vector going to f1 too: `fill` must be neutral for the reduction.
template <class F4, class F1>
inline void for_each_vector(const float* x, int64_t n, __m512 fill, F4&& f4, F1&& f1) {
  for_each_vector(x, n, fill, f4, f1, [&](__m512 v, __mmask16) { f1(v); });
}

// y[i] = f(x[i], k) for i in [0, n), where k (a std::integral_constant, 0..3) numbers the
// four independent vectors of a block so f can keep one accumulator per chain; whole
// vectors after the blocks use k = 0, the partial vector k = 1 with `fill` in its unused
// lanes (masked on load and store). y may be x.
template <class F>
inline void transform(const float* x, float* y, int64_t n, __m512 fill, F&& f) {
  using K0 = std::integral_constant<int, 0>;
  using K1 = std::integral_constant<int, 1>;
  using K2 = std::integral_constant<int, 2>;
  using K3 = std::integral_constant<int, 3>;
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    const __m512 a = f(_mm512_loadu_ps(x + i), K0{}), b = f(_mm512_loadu_ps(x + i + kLanes), K1{});
    const __m512 c = f(_mm512_loadu_ps(x + i + 2 * kLanes), K2{});
    const __m512 d = f(_mm512_loadu_ps(x + i + 3 * kLanes), K3{});
    _mm512_storeu_ps(y + i, a);
    _mm512_storeu_ps(y + i + kLanes, b);
    _mm512_storeu_ps(y + i + 2 * kLanes, c);
    _mm512_storeu_ps(y + i + 3 * kLanes, d);
  }
  for (; i + kLanes <= n; i += kLanes) _mm512_storeu_ps(y + i, f(_mm512_loadu_ps(x + i), K0{}));
  if (i < n) {
    const __mmask16 mask = tail_mask(n - i);
    _mm512_mask_storeu_ps(y + i, mask, f(load_tail(x + i, mask, fill), K1{}));
  }
}

// f(i, len) for consecutive chunks [i, i + len) of [0, n); len = kChunk except for the last.
template <class F>
inline void for_each_chunk(int64_t n, F&& f) {
  for (int64_t i = 0; i < n; i += kChunk) f(i, n - i < kChunk ? n - i : kChunk);
}

// y[0..n) = value (a row whose softmax is undefined, e.g. one holding +inf, gets NaN).
inline void fill(float* y, int64_t n, float value) {
  const __m512 v = _mm512_set1_ps(value);
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) _mm512_storeu_ps(y + i, v);
  if (i < n) _mm512_mask_storeu_ps(y + i, tail_mask(n - i), v);
}

// max of x[0..n), n ≥ 1.
inline float max_of(const float* x, int64_t n) {
  const __m512 ninf = _mm512_set1_ps(-__builtin_inff());
  __m512 m0 = ninf, m1 = ninf, m2 = ninf, m3 = ninf;
  for_each_vector(
      x, n, ninf,
      [&](__m512 a, __m512 b, __m512 c, __m512 d) {
        m0 = vmax(m0, a);
        m1 = vmax(m1, b);
        m2 = vmax(m2, c);
        m3 = vmax(m3, d);
      },
      [&](__m512 v) { m0 = vmax(m0, v); });
  return hmax(vmax(vmax(m0, m1), vmax(m2, m3)));
}

}  // namespace
}  // namespace hotops::softmax::avx512
