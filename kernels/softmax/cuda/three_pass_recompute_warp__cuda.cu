// Three-pass softmax (recompute exp), CUDA: a warp per row (short rows).
#include "softmax/cuda/rows.cuh"
void hotops::softmax::three_pass_recompute_warp__cuda(const SoftmaxArgs& a) {
  cuda::launch<cuda::ThreePassRecompute, cuda::Warp>(a, __func__);
}
