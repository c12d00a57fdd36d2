// RMSNorm backward: one pass for the row sums (and dγ, dβ), one for dx (common/backward.h).
#include "core/simd/avx2.h"
#include "norm/common/backward.h"

namespace hotops::norm::rmsnorm_bwd {
void two_pass__avx2(const RowNormBwdArgs& a) { float_bwd<simd::Avx2, NormBackward<NormKind::rms>>(a); }
}  // namespace hotops::norm::rmsnorm_bwd
