// RMSNorm: one pass for Σx², one to write (common/scaled.h); f32 or bf16 storage.
#include "core/simd/scalar.h"
#include "norm/common/row_dispatch.h"
#include "norm/common/scaled.h"
#include "norm/rmsnorm/rmsnorm.h"

namespace hotops::norm::rmsnorm {
void sum_squares__scalar(const RowNormArgs& a) { float_rows<simd::Scalar, Rms>(a); }
}  // namespace hotops::norm::rmsnorm
