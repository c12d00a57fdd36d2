// PowerNorm training forward (Shen et al., arXiv 2003.07845, Algorithm 1): normalize by the
// running quadratic mean, y = γ·x/√(ψ² + ε) + β (per column, no mean), and update it with
// the batch's: ψ² ← α·ψ² + (1 − α)·mean_rows(x²). Inference is affine_norm with
// stats=quadratic_mean.
#pragma once
#include "norm/common/args.h"

namespace hotops::norm::powernorm {

#define HOTOPS_VARIANT(name, ...) void name(const ChannelNormArgs& a);
#include "norm/powernorm/variants.inc"
#undef HOTOPS_VARIANT

}  // namespace hotops::norm::powernorm
