// Unfolded, scalar: the per-channel norm into scratch, then the naive GEMM.
#include "core/simd/scalar.h"
#include "norm/common/channel.h"
#include "norm/norm_linear/norm_linear.h"

namespace hotops::norm::norm_linear {
void unfolded__scalar(const NormLinearArgs& a) {
  float* xn = a.scratch;
  channel_affine<simd::Scalar>({a.rows, a.d, DType::f32, a.x, xn, a.gamma, a.beta, a.mean, a.var, a.eps, nullptr, 0,
                                a.scratch + a.rows * a.d, 1});
  naive_gemm(a.rows, a.d, a.n, xn, a.w, a.bias, a.y);
}
}  // namespace hotops::norm::norm_linear
