// LayerNorm (Ba et al., arXiv 1607.06450), per row: y = γ·(x − μ)/√(σ² + ε) + β.
// f32 / bf16 storage (two-pass and Welford statistics) and int8 storage (integer
// statistics, common/int8_rows.h) — the L2 counterpart of the L1 norm.
#pragma once
#include <string>

#include "core/problem.h"
#include "norm/common/row_family.h"

namespace hotops::norm::layernorm {

std::string onednn_unsupported(const Problem& p);  // onednn__jit.cpp

// fp64 reference of one row (also used by the backward tests).
void reference(const RowRef& r, const double* x, double* y);

}  // namespace hotops::norm::layernorm
