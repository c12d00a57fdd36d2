// LayerNorm on int8 storage with exact integer Σq, Σq² (common/int8_rows.h).
#include "core/simd/scalar.h"
#include "norm/common/int8_rows.h"
#include "norm/layernorm/layernorm.h"

namespace hotops::norm::layernorm {
void int_stats__scalar(const RowNormArgs& a) { int8_rows<Int8L2, simd::Scalar>(a); }
}  // namespace hotops::norm::layernorm
