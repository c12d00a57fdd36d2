// L1 norm backward: one pass for the row sums (and dγ, dβ), one for dx (common/backward.h).
#include "core/simd/scalar.h"
#include "norm/common/backward.h"

namespace hotops::norm::l1norm_bwd {
void two_pass__scalar(const RowNormBwdArgs& a) { float_bwd<simd::Scalar, NormBackward<NormKind::l1>>(a); }
}  // namespace hotops::norm::l1norm_bwd
