// Two-pass softmax (2001.04438), CUDA: a 1024-thread block per row (long rows).
#include "softmax/cuda/rows.cuh"
void hotops::softmax::two_pass_block__cuda(const SoftmaxArgs& a) {
  cuda::launch<cuda::TwoPass, cuda::Block>(a, __func__);
}
