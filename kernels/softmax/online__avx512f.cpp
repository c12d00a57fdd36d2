// Online softmax, AVX-512F (softmax/online.h).
#include "core/simd/avx512.h"
#include "softmax/online.h"

namespace hotops::softmax {
void online__avx512f(const SoftmaxArgs& a) { online<simd::Avx512>(a); }
}  // namespace hotops::softmax
