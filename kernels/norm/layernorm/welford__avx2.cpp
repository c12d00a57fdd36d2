// LayerNorm with one-pass Welford statistics (welford.h); f32 or bf16 storage.
#include "norm/common/row_dispatch.h"
#include "norm/common/simd_avx2.h"
#include "norm/layernorm/layernorm.h"
#include "norm/layernorm/welford.h"

namespace hotops::norm::layernorm {
void welford__avx2(const RowNormArgs& a) { float_rows<Avx2, Welford>(a); }
}  // namespace hotops::norm::layernorm
