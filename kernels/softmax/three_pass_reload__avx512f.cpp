// Three-pass softmax, storing exp(x − max) and reloading it, AVX-512F (softmax/three_pass.h).
#include "core/simd/avx512.h"
#include "softmax/three_pass.h"

namespace hotops::softmax {
void three_pass_reload__avx512f(const SoftmaxArgs& a) { three_pass_reload<simd::Avx512>(a); }
}  // namespace hotops::softmax
