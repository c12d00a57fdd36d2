// Two-pass softmax (2001.04438), CUDA: a warp per row (short rows).
#include "softmax/cuda/rows.cuh"
void hotops::softmax::two_pass_warp__cuda(const SoftmaxArgs& a) {
  cuda::launch<cuda::TwoPass, cuda::Warp>(a, __func__);
}
