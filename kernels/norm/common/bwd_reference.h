// fp64 forward statistics and analytic backward of the per-row norms (the formulas are in
// backward.h); the backward tests check these against finite differences.
#pragma once
#include <cstdint>

#include "norm/common/args.h"

namespace hotops::norm {

// Mean (0 for RMSNorm) and inverse scale 1/√(var + ε), 1/√(mean x² + ε) or 1/(mad + ε).
void forward_stats(NormKind k, const double* x, int64_t d, double eps, double& mean, double& inv_scale);

// dx of one row given the statistics; adds the row's terms to dgamma and (if not null) dbeta.
void backward_reference(NormKind k, const double* x, const double* dy, const float* gamma, int64_t d, double mean,
                        double inv_scale, double* dx, double* dgamma, double* dbeta);

}  // namespace hotops::norm
