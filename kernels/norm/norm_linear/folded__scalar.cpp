// Folded, scalar: the naive GEMM with the folded weights and bias; no norm pass.
#include "norm/norm_linear/norm_linear.h"

namespace hotops::norm::norm_linear {
void folded__scalar(const NormLinearArgs& a) { naive_gemm(a.rows, a.d, a.n, a.x, a.w_folded, a.bias_folded, a.y); }
}  // namespace hotops::norm::norm_linear
