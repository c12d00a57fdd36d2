#include "norm/common/bwd_reference.h"

#include <cmath>

namespace hotops::norm {

void forward_stats(NormKind k, const double* x, int64_t d, double eps, double& mean, double& inv_scale) {
  mean = 0;
  if (k != NormKind::rms) {
    for (int64_t j = 0; j < d; ++j) mean += x[j];
    mean /= double(d);
  }
  double spread = 0;
  for (int64_t j = 0; j < d; ++j) {
    const double c = x[j] - mean;
    spread += k == NormKind::l1 ? std::fabs(c) : c * c;
  }
  spread /= double(d);
  inv_scale = k == NormKind::l1 ? 1.0 / (spread + eps) : 1.0 / std::sqrt(spread + eps);
}

void backward_reference(NormKind k, const double* x, const double* dy, const float* gamma, int64_t d, double mean,
                        double inv_scale, double* dx, double* dgamma, double* dbeta) {
  double g_sum = 0, gn_sum = 0, sign_sum = 0;
  for (int64_t j = 0; j < d; ++j) {
    const double c = x[j] - mean, n = c * inv_scale, g = dy[j] * gamma[j];
    g_sum += g, gn_sum += g * n, sign_sum += (c > 0) - (c < 0);
    dgamma[j] += dy[j] * n;
    if (dbeta) dbeta[j] += dy[j];
  }
  const double g_mean = k == NormKind::rms ? 0.0 : g_sum / double(d);
  const double gn_mean = gn_sum / double(d), sign_mean = sign_sum / double(d);
  for (int64_t j = 0; j < d; ++j) {
    const double c = x[j] - mean, g = dy[j] * gamma[j];
    const double t = k == NormKind::l1 ? double((c > 0) - (c < 0)) - sign_mean : c * inv_scale;
    dx[j] = inv_scale * (g - g_mean - t * gn_mean);
  }
}

}  // namespace hotops::norm
