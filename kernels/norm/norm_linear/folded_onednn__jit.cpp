// Folded: oneDNN's matmul with the folded weights and bias; no norm pass.
#ifdef HOTOPS_HAVE_ONEDNN
#include "norm/norm_linear/norm_linear.h"

namespace hotops::norm::norm_linear {
void folded_onednn__jit(const NormLinearArgs& a) {
  onednn_gemm(a.rows, a.d, a.n, a.x, a.w_folded, a.bias_folded, a.y, a.threads);
}
}  // namespace hotops::norm::norm_linear
#endif  // HOTOPS_HAVE_ONEDNN
