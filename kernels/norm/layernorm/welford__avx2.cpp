// LayerNorm with one-pass Welford statistics (welford.h); f32 or bf16 storage.
#include "core/simd/avx2.h"
#include "norm/common/row_dispatch.h"
#include "norm/layernorm/layernorm.h"
#include "norm/layernorm/welford.h"

namespace hotops::norm::layernorm {
void welford__avx2(const RowNormArgs& a) { float_rows<simd::Avx2, Welford>(a); }
}  // namespace hotops::norm::layernorm
