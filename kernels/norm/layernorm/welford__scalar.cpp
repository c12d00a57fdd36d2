// LayerNorm with one-pass Welford statistics (welford.h); f32 or bf16 storage.
#include "core/simd/scalar.h"
#include "norm/common/row_dispatch.h"
#include "norm/layernorm/layernorm.h"
#include "norm/layernorm/welford.h"

namespace hotops::norm::layernorm {
void welford__scalar(const RowNormArgs& a) { float_rows<simd::Scalar, Welford>(a); }
}  // namespace hotops::norm::layernorm
