// Online softmax, AVX2+FMA (softmax/online.h).
#include "core/simd/avx2.h"
#include "softmax/online.h"

namespace hotops::softmax {
void online__avx2(const SoftmaxArgs& a) { online<simd::Avx2>(a); }
}  // namespace hotops::softmax
