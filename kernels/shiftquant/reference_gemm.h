// The fp64 product loops of reference.h (i-k-j order, j vectorizable), included by
// reference_gemm.cpp (baseline) and reference_gemm_avx2.cpp; templated on the file's tag so each
// copy keeps internal linkage.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace hotops::shiftquant {

template <class Tag>
void ref_rows(int64_t i0, int64_t i1, int64_t n, int64_t k, const double* __restrict a, const double* __restrict b,
              const double* __restrict babs,
              double* __restrict c, double* __restrict bound) {
  std::vector<double> abs_row(static_cast<size_t>(n));
  for (int64_t i = i0; i < i1; ++i) {
    double* ci = c + i * n;
    std::fill(ci, ci + n, 0.0);
    std::fill(abs_row.begin(), abs_row.end(), 0.0);
    for (int64_t kk = 0; kk < k; ++kk) {
      const double x = a[i * k + kk], ax = std::fabs(x);
      if (x == 0) continue;
      const double* bk = b + kk * n;
      const double* bak = babs + kk * n;
      for (int64_t j = 0; j < n; ++j) ci[j] += x * bk[j], abs_row[size_t(j)] += ax * bak[j];
    }
    bound[i] = *std::max_element(abs_row.begin(), abs_row.end());
  }
}

}  // namespace hotops::shiftquant
