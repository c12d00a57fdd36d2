// CRMSNorm: one pass for Σx and Σx² of the d − 1 stored entries, one to write (common/scaled.h).
#include "core/simd/avx512.h"
#include "norm/common/row_dispatch.h"
#include "norm/common/scaled.h"
#include "norm/crmsnorm/crmsnorm.h"

namespace hotops::norm::crmsnorm {
void sum_squares__avx512f(const RowNormArgs& a) { float_rows<simd::Avx512, CompressedRms>(a); }
}  // namespace hotops::norm::crmsnorm
