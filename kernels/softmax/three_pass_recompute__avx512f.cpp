// Three-pass softmax, recomputing exp(x − max), AVX-512F (softmax/three_pass.h).
#include "core/simd/avx512.h"
#include "softmax/three_pass.h"

namespace hotops::softmax {
void three_pass_recompute__avx512f(const SoftmaxArgs& a) { three_pass_recompute<simd::Avx512>(a); }
}  // namespace hotops::softmax
