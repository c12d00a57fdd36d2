// L1 norm on int8 storage: integer mean and Σ|q − μ| by psadbw (common/int8_rows.h).
#include "core/simd/avx2.h"
#include "norm/common/int8_rows.h"
#include "norm/l1norm/l1norm.h"

namespace hotops::norm::l1norm {
void int_stats__avx2(const RowNormArgs& a) { int8_rows<Int8L1, simd::Avx2>(a); }
}  // namespace hotops::norm::l1norm
