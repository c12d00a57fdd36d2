// RMSNorm (Zhang & Sennrich, arXiv 1910.07467), per row: y = γ·x/√(mean x² + ε).
#pragma once
#include "norm/common/args.h"
#include "norm/common/row_family.h"

namespace hotops::norm::rmsnorm {

#define HOTOPS_VARIANT(name, ...) void name(const RowNormArgs& a);
#include "norm/rmsnorm/variants.inc"
#undef HOTOPS_VARIANT

// fp64 reference of one row (also used by the backward tests).
void reference(const RowRef& r, const double* x, double* y);

}  // namespace hotops::norm::rmsnorm
