// L1 norm on int8 storage: integer mean and Σ|q − μ| by psadbw (common/int8_rows.h).
#include "core/simd/scalar.h"
#include "norm/common/int8_rows.h"
#include "norm/l1norm/l1norm.h"

namespace hotops::norm::l1norm {
void int_stats__scalar(const RowNormArgs& a) { int8_rows<Int8L1, simd::Scalar>(a); }
}  // namespace hotops::norm::l1norm
