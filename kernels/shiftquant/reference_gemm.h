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
  for (int64_t i = i0; i < i1; ++i) {
    double* __restrict ci = c + i * n;
    std::fill(ci, ci + n, 0.0);
    for (int64_t kk = 0; kk < k; ++kk) {
      const double x = a[i * k + kk];
      if (x == 0) continue;
      const double* __restrict bk = b + kk * n;
      for (int64_t j = 0; j < n; ++j) ci[j] += x * bk[j];
    }
  }
}

}  // namespace hotops::shiftquant
