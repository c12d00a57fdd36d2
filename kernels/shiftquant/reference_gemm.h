// The fp64 product loops of reference.h (i-k-j order, j vectorizable), included by reference.cpp
// (baseline) and reference_gemm_avx2.cpp; templated on the file's tag so each copy keeps internal
// linkage.
#pragma once
#include <algorithm>
#include <cstdint>

namespace hotops::shiftquant {

template <class Tag>
void ref_rows(int64_t i0, int64_t i1, int64_t n, int64_t k, const double* __restrict a, const double* __restrict b,
              double* __restrict c) {
  // Blocks of B (256×256 doubles, 512 KiB) stay in L2 while every row of the range passes over them.
  constexpr int64_t kB = 256;
  for (int64_t i = i0; i < i1; ++i) std::fill(c + i * n, c + (i + 1) * n, 0.0);
  for (int64_t j0 = 0; j0 < n; j0 += kB) {
    const int64_t j1 = std::min(n, j0 + kB);
    for (int64_t k0 = 0; k0 < k; k0 += kB) {
      const int64_t k1 = std::min(k, k0 + kB);
      for (int64_t i = i0; i < i1; ++i) {
        double* __restrict ci = c + i * n;
        const double* ai = a + i * k;
        int64_t kk = k0;
        for (; kk + 4 <= k1; kk += 4) {  // four rows of B per pass over the row of C
          const double x0 = ai[kk], x1 = ai[kk + 1], x2 = ai[kk + 2], x3 = ai[kk + 3];
          const double *__restrict b0 = b + kk * n, *__restrict b1 = b0 + n, *__restrict b2 = b1 + n,
                       *__restrict b3 = b2 + n;
          for (int64_t j = j0; j < j1; ++j) ci[j] += (x0 * b0[j] + x1 * b1[j]) + (x2 * b2[j] + x3 * b3[j]);
        }
        for (; kk < k1; ++kk)
          for (int64_t j = j0; j < j1; ++j) ci[j] += ai[kk] * b[kk * n + j];
      }
    }
  }
}

}  // namespace hotops::shiftquant
