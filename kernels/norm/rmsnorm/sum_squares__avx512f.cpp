// RMSNorm: one pass for Σx², one to write (common/scaled.h); f32 or bf16 storage.
#include "core/simd/avx512.h"
#include "norm/common/row_dispatch.h"
#include "norm/common/scaled.h"
#include "norm/rmsnorm/rmsnorm.h"

namespace hotops::norm::rmsnorm {
void sum_squares__avx512f(const RowNormArgs& a) { float_rows<simd::Avx512, Rms>(a); }
}  // namespace hotops::norm::rmsnorm
