// LayerNorm with two-pass statistics (common/centered.h); f32 or bf16 storage.
#include "core/simd/scalar.h"
#include "norm/common/centered.h"
#include "norm/common/row_dispatch.h"
#include "norm/layernorm/layernorm.h"

namespace hotops::norm::layernorm {
void two_pass__scalar(const RowNormArgs& a) { float_rows<simd::Scalar, TwoPass<Squares>>(a); }
}  // namespace hotops::norm::layernorm
