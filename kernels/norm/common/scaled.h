// Uncentred per-row norms, y = γ·x·s with s = 1/√(ms + ε): RMSNorm (ms = Σx²/d) and
// CRMSNorm, whose rows keep d − 1 entries of a zero-mean d-vector, the last being −Σx:
// ms = (Σx² + (Σx)²)/d, both sums taken in the same pass.
#pragma once
#include <cmath>

#include "core/simd/loops.h"
#include "norm/common/args.h"

namespace hotops::norm {
namespace {
using namespace simd;

// y = γ·x·s for one row, prefetching a later row (see write_centered).
struct WriteScaled {
  template <class S, class T>
  static void write(const T* x, T* y, const RowNormArgs& a, const RowStats& rs, const T* next) {
    using V = typename S::V;
    const V vs = S::set1(rs.s);
    const float* g = a.gamma;  // a local: stores to y cannot change it
    for_vectors<S>(a.d, [&](int64_t j, auto part) {
      S::prefetch(next + j);
      st<S>(y + j, S::mul(S::mul(ld<S>(x + j, part), vs), ld<S>(g + j, part)), part);
    });
  }
};

struct Rms : WriteScaled {
  template <class S, class T>
  static RowStats stats(const T* x, const RowNormArgs& a, const T*) {
    const float ss = sum_vector<S>(a.d, [&](int64_t j, auto part) {
      const typename S::V v = ld<S>(x + j, part);
      return S::mul(v, v);
    });
    return {0, 0, 1.0f / std::sqrt(ss / float(a.d) + a.eps)};
  }
};

struct CompressedRms : WriteScaled {
  template <class S, class T>
  static RowStats stats(const T* x, const RowNormArgs& a, const T*) {
    float sums[2];  // Σx, Σx²; two accumulators each keep the 2·2 sums in registers
    sum_vectors<S, 2, 2>(a.d, sums, [&](int64_t j, auto part, typename S::V* out) {
      const typename S::V v = ld<S>(x + j, part);
      out[0] = v;
      out[1] = S::mul(v, v);
    });
    const float full_d = float(a.d + 1);
    return {0, 0, 1.0f / std::sqrt((sums[1] + sums[0] * sums[0]) / full_d + a.eps)};
  }
};

}  // namespace
}  // namespace hotops::norm
