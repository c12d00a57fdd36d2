// Three-pass softmax (reload y), CUDA: a 1024-thread block per row (long rows).
#include "softmax/cuda/rows.cuh"
void hotops::softmax::three_pass_reload_block__cuda(const SoftmaxArgs& a) {
  cuda::launch<cuda::ThreePassReload, cuda::Block>(a, __func__);
}
