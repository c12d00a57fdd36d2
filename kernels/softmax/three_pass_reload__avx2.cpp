// Three-pass softmax, storing exp(x − max) and reloading it, AVX2+FMA (softmax/three_pass.h).
#include "core/simd/avx2.h"
#include "softmax/three_pass.h"

namespace hotops::softmax {
void three_pass_reload__avx2(const SoftmaxArgs& a) { three_pass_reload<simd::Avx2>(a); }
}  // namespace hotops::softmax
