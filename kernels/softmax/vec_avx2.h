// Loop skeletons, masked tails and horizontal reductions for the AVX2 softmax kernels.
// Include only from *_avx2.cpp files (this code is compiled with their AVX2 flags).
#pragma once
#include <immintrin.h>

#include <cstdint>
#include <type_traits>

namespace hotops::softmax::avx2 {
// Internal linkage on purpose, see exp_avx2.h.
namespace {

constexpr int64_t kLanes = 8;
constexpr int64_t kBlock = 4 * kLanes;  // four independent vectors per loop iteration
// Sums over a row run chunk by chunk, each float accumulator lane adding at most 64 terms, and
// the chunk totals are combined in double. A float lane that added n/32 equal terms would
// drift by up to n·2^-31 relative (round-to-nearest is biased for a constant addend).
constexpr int64_t kChunk = 64 * kBlock;

// Lanes [0, r) for 1 ≤ r < 8, as a maskload/maskstore mask.
inline __m256i tail_mask(int64_t r) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(r)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// x[0..r) in the lanes of `mask`, `fill` elsewhere; touches no memory outside the mask.
inline __m256 load_tail(const float* x, __m256i mask, __m256 fill) {
  return _mm256_blendv_ps(fill, _mm256_maskload_ps(x, mask), _mm256_castsi256_ps(mask));
}

inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

inline float hmax(__m256 v) {
  __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_max_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_max_ss(s, _mm_movehdup_ps(s)));
}

// Streams x[0..n): f4 gets blocks of four vectors (a kernel gives each its own accumulator,
// so four dependency chains overlap), f1 the remaining whole vectors, and ftail(v, mask) the
// last partial vector, whose lanes outside `mask` hold `fill`.
template <class F4, class F1, class FT>
inline void for_each_vector(const float* x, int64_t n, __m256 fill, F4&& f4, F1&& f1, FT&& ftail) {
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock)
    f4(_mm256_loadu_ps(x + i), _mm256_loadu_ps(x + i + kLanes), _mm256_loadu_ps(x + i + 2 * kLanes),
       _mm256_loadu_ps(x + i + 3 * kLanes));
  for (; i + kLanes <= n; i += kLanes) f1(_mm256_loadu_ps(x + i));
  if (i < n) {
    const __m256i mask = tail_mask(n - i);
    ftail(load_tail(x + i, mask, fill), mask);
  }
}

// Same, with the partial vector going to f1 too: `fill` must be neutral for the reduction.
template <class F4, class F1>
inline void for_each_vector(const float* x, int64_t n, __m256 fill, F4&& f4, F1&& f1) {
  for_each_vector(x, n, fill, f4, f1, [&](__m256 v, __m256i) { f1(v); });
}

// y[i] = f(x[i], k) for i in [0, n), where k (a std::integral_constant, 0..3) numbers the
// four independent vectors of a block so f can keep one accumulator per chain; whole
// vectors after the blocks use k = 0, the partial vector k = 1 with `fill` in its unused
// lanes (masked on load and store). y may be x.
template <class F>
inline void transform(const float* x, float* y, int64_t n, __m256 fill, F&& f) {
  using K0 = std::integral_constant<int, 0>;
  using K1 = std::integral_constant<int, 1>;
  using K2 = std::integral_constant<int, 2>;
  using K3 = std::integral_constant<int, 3>;
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    const __m256 a = f(_mm256_loadu_ps(x + i), K0{}), b = f(_mm256_loadu_ps(x + i + kLanes), K1{});
    const __m256 c = f(_mm256_loadu_ps(x + i + 2 * kLanes), K2{});
    const __m256 d = f(_mm256_loadu_ps(x + i + 3 * kLanes), K3{});
    _mm256_storeu_ps(y + i, a);
    _mm256_storeu_ps(y + i + kLanes, b);
    _mm256_storeu_ps(y + i + 2 * kLanes, c);
    _mm256_storeu_ps(y + i + 3 * kLanes, d);
  }
  for (; i + kLanes <= n; i += kLanes) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i), K0{}));
  if (i < n) {
    const __m256i mask = tail_mask(n - i);
    _mm256_maskstore_ps(y + i, mask, f(load_tail(x + i, mask, fill), K1{}));
  }
}

// f(i, len) for consecutive chunks [i, i + len) of [0, n); len = kChunk except for the last.
template <class F>
inline void for_each_chunk(int64_t n, F&& f) {
  for (int64_t i = 0; i < n; i += kChunk) f(i, n - i < kChunk ? n - i : kChunk);
}

// y[0..n) = value (a row whose softmax is undefined, e.g. one holding +inf, gets NaN).
inline void fill(float* y, int64_t n, float value) {
  const __m256 v = _mm256_set1_ps(value);
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) _mm256_storeu_ps(y + i, v);
  if (i < n) _mm256_maskstore_ps(y + i, tail_mask(n - i), v);
}

// max of x[0..n), n ≥ 1.
inline float max_of(const float* x, int64_t n) {
  const __m256 ninf = _mm256_set1_ps(-__builtin_inff());
  __m256 m0 = ninf, m1 = ninf, m2 = ninf, m3 = ninf;
  for_each_vector(
      x, n, ninf,
      [&](__m256 a, __m256 b, __m256 c, __m256 d) {
        m0 = _mm256_max_ps(m0, a);
        m1 = _mm256_max_ps(m1, b);
        m2 = _mm256_max_ps(m2, c);
        m3 = _mm256_max_ps(m3, d);
      },
      [&](__m256 v) { m0 = _mm256_max_ps(m0, v); });
  return hmax(_mm256_max_ps(_mm256_max_ps(m0, m1), _mm256_max_ps(m2, m3)));
}

}  // namespace
}  // namespace hotops::softmax::avx2
