// Folding a per-channel affine (y = x·a + b per column) into the next Linear layer, and
// the plain-loop GEMM of the scalar variants.
#include <cmath>
#include <vector>

#include "norm/norm_linear/norm_linear.h"

namespace hotops::norm::norm_linear {

void fold(int64_t d, int64_t n, const float* gamma, const float* beta, const float* mean, const float* var, float eps,
          const float* w, const float* bias, float* w_folded, float* bias_folded) {
  std::vector<double> b(static_cast<size_t>(n));
  for (int64_t j = 0; j < n; ++j) b[size_t(j)] = bias[j];
  for (int64_t k = 0; k < d; ++k) {
    const double a = gamma[k] / std::sqrt(double(var[k]) + eps);
    const double shift = beta[k] - (mean ? mean[k] : 0.0) * a;
    for (int64_t j = 0; j < n; ++j) {
      w_folded[k * n + j] = float(a * w[k * n + j]);
      b[size_t(j)] += shift * w[k * n + j];
    }
  }
  for (int64_t j = 0; j < n; ++j) bias_folded[j] = float(b[size_t(j)]);
}

void naive_gemm(int64_t rows, int64_t d, int64_t n, const float* x, const float* w, const float* bias, float* y) {
  for (int64_t i = 0; i < rows; ++i) {
    float* yi = y + i * n;
    for (int64_t j = 0; j < n; ++j) yi[j] = bias[j];
    for (int64_t k = 0; k < d; ++k) {
      const float xik = x[i * d + k];
      for (int64_t j = 0; j < n; ++j) yi[j] += xik * w[k * n + j];
    }
  }
}

}  // namespace hotops::norm::norm_linear
