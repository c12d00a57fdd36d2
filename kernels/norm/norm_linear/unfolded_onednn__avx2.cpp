// Unfolded: our AVX2 per-channel norm into scratch (one thread, like every own kernel),
// then oneDNN's matmul on it.
#ifdef HOTOPS_HAVE_ONEDNN
#include "core/simd/avx2.h"
#include "norm/common/channel.h"
#include "norm/norm_linear/norm_linear.h"

namespace hotops::norm::norm_linear {
void unfolded_onednn__avx2(const NormLinearArgs& a) {
  float* xn = a.scratch;
  channel_affine<simd::Avx2>({a.rows, a.d, DType::f32, a.x, xn, a.gamma, a.beta, a.mean, a.var, a.eps, nullptr, 0,
                              a.scratch + a.rows * a.d, 1});
  onednn_gemm(a.rows, a.d, a.n, xn, a.w, a.bias, a.y, a.threads);
}
}  // namespace hotops::norm::norm_linear
#endif  // HOTOPS_HAVE_ONEDNN
