// L1 norm with two-pass statistics (mean, then mean |x − μ|; common/centered.h); f32 or bf16.
#include "core/simd/scalar.h"
#include "norm/common/centered.h"
#include "norm/common/row_dispatch.h"
#include "norm/l1norm/l1norm.h"

namespace hotops::norm::l1norm {
void two_pass__scalar(const RowNormArgs& a) { float_rows<simd::Scalar, TwoPass<AbsDeviations>>(a); }
}  // namespace hotops::norm::l1norm
