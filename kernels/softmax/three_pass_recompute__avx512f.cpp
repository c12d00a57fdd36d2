#include "softmax/softmax.h"
namespace hotops::softmax {
void three_pass_recompute__avx512f(const SoftmaxArgs& a) { three_pass_recompute__scalar(a); }  // TODO: placeholder until the SIMD kernel lands
}
