// RMSNorm (Zhang & Sennrich, arXiv 1910.07467), per row: y = γ·x/√(mean x² + ε).
#pragma once
#include "norm/common/row_family.h"

namespace hotops::norm::rmsnorm {

// fp64 reference of one row (also used by the backward tests).
void reference(const RowRef& r, const double* x, double* y);

}  // namespace hotops::norm::rmsnorm
