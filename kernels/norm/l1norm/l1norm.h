// L1 norm (as in ShiftQuant, arXiv 2411.10948), per row: y = γ·(x − μ)/(mad + ε) + β with
// mad = mean |x − μ| — no squares, no square root. f32 / bf16 storage, and int8 storage
// with integer statistics (common/int8_rows.h gives the exact scheme).
#pragma once
#include "norm/common/row_family.h"

namespace hotops::norm::l1norm {

// fp64 reference of one row (also used by the backward tests).
void reference(const RowRef& r, const double* x, double* y);

}  // namespace hotops::norm::l1norm
