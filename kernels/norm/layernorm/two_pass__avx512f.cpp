// LayerNorm with two-pass statistics (common/centered.h); f32 or bf16 storage.
#include "core/simd/avx512.h"
#include "norm/common/centered.h"
#include "norm/common/row_dispatch.h"
#include "norm/layernorm/layernorm.h"

namespace hotops::norm::layernorm {
void two_pass__avx512f(const RowNormArgs& a) { float_rows<simd::Avx512, TwoPass<Squares>>(a); }
}  // namespace hotops::norm::layernorm
