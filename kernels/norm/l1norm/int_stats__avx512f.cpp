// L1 norm on int8 storage: integer mean and Σ|q − μ| by psadbw (common/int8_rows.h).
#include "core/simd/avx512.h"
#include "norm/common/int8_rows.h"
#include "norm/l1norm/l1norm.h"

namespace hotops::norm::l1norm {
void int_stats__avx512f(const RowNormArgs& a) { int8_rows<Int8L1, simd::Avx512>(a); }
}  // namespace hotops::norm::l1norm
