// Three-pass softmax (reload y), CUDA: a warp per row (short rows).
#include "softmax/cuda/rows.cuh"
void hotops::softmax::three_pass_reload_warp__cuda(const SoftmaxArgs& a) {
  cuda::launch<cuda::ThreePassReload, cuda::Warp>(a, __func__);
}
