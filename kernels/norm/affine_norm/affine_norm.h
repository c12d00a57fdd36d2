// Inference-time per-channel normalization from running statistics: BatchNorm (Ioffe &
// Szegedy, 1502.03167) and Unified Normalization (Yang et al., 2208.01313; it differs from
// BN in how training gathers the statistics, not at inference) with stats=mean_var, and
// PowerNorm (Shen et al., 2003.07845) with stats=quadratic_mean (no mean; var = ψ²).
// Each is a per-column affine y = x·a + b — foldable into a following Linear (norm_linear).
#pragma once
#include <string>

#include "core/problem.h"
#include "norm/common/args.h"

namespace hotops::norm::affine_norm {

std::string onednn_unsupported(const Problem& p);  // onednn__jit.cpp

}  // namespace hotops::norm::affine_norm
