// Online softmax (1805.02867), CUDA: a 1024-thread block per row (long rows).
#include "softmax/cuda/rows.cuh"
void hotops::softmax::online_block__cuda(const SoftmaxArgs& a) {
  cuda::launch<cuda::Online, cuda::Block>(a, __func__);
}
