// LayerNorm with one-pass Welford statistics (welford.h); f32 or bf16 storage.
#include "core/simd/avx512.h"
#include "norm/common/row_dispatch.h"
#include "norm/layernorm/layernorm.h"
#include "norm/layernorm/welford.h"

namespace hotops::norm::layernorm {
void welford__avx512f(const RowNormArgs& a) { float_rows<simd::Avx512, Welford>(a); }
}  // namespace hotops::norm::layernorm
