// LayerNorm on int8 storage with exact integer Σq, Σq² (common/int8_rows.h).
#include "core/simd/avx2.h"
#include "norm/common/int8_rows.h"
#include "norm/layernorm/layernorm.h"

namespace hotops::norm::layernorm {
void int_stats__avx2(const RowNormArgs& a) { int8_rows<Int8L2, simd::Avx2>(a); }
}  // namespace hotops::norm::layernorm
