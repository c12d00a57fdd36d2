// Three-pass softmax (recompute exp), CUDA: a 1024-thread block per row (long rows).
#include "softmax/cuda/rows.cuh"
void hotops::softmax::three_pass_recompute_block__cuda(const SoftmaxArgs& a) {
  cuda::launch<cuda::ThreePassRecompute, cuda::Block>(a, __func__);
}
