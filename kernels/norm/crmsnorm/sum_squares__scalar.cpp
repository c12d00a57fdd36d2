// CRMSNorm: one pass for Σx and Σx² of the d − 1 stored entries, one to write (common/scaled.h).
#include "core/simd/scalar.h"
#include "norm/common/row_dispatch.h"
#include "norm/common/scaled.h"
#include "norm/crmsnorm/crmsnorm.h"

namespace hotops::norm::crmsnorm {
void sum_squares__scalar(const RowNormArgs& a) { float_rows<simd::Scalar, CompressedRms>(a); }
}  // namespace hotops::norm::crmsnorm
