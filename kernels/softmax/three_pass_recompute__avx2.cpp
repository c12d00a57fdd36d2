// Three-pass softmax, recomputing exp(x − max), AVX2+FMA (softmax/three_pass.h).
#include "core/simd/avx2.h"
#include "softmax/three_pass.h"

namespace hotops::softmax {
void three_pass_recompute__avx2(const SoftmaxArgs& a) { three_pass_recompute<simd::Avx2>(a); }
}  // namespace hotops::softmax
