// Online softmax (1805.02867), CUDA: a warp per row (short rows).
#include "softmax/cuda/rows.cuh"
void hotops::softmax::online_warp__cuda(const SoftmaxArgs& a) {
  cuda::launch<cuda::Online, cuda::Warp>(a, __func__);
}
