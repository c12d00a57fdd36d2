// Online softmax (Milakov & Gimelshein, arXiv 1805.02867) on a CUDA device, one thread
// block per row: pass 1 keeps a running (max m, sum s) per thread over a strided slice of
// the row and merges the pairs across the block (warp shuffles, then shared memory); pass 2
// writes y = exp(x − M) / S. x is read twice, y written once. −inf entries are safe: a pair
// whose max is −inf has sum 0 and never produces exp(−inf − (−inf)).
#include <cuda_runtime.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "softmax/softmax.h"

namespace hotops::softmax {
namespace {

constexpr int kThreads = 256;

struct MaxSum {
  float m, s;
};

__device__ MaxSum merge(MaxSum a, MaxSum b) {
  const float m = fmaxf(a.m, b.m);
  if (m == -INFINITY) return {m, 0.0f};
  return {m, a.s * expf(a.m - m) + b.s * expf(b.m - m)};
}

__device__ MaxSum block_merge(MaxSum v) {
  __shared__ MaxSum partial[kThreads / 32];
  for (int off = 16; off > 0; off /= 2)
    v = merge(v, {__shfl_xor_sync(0xffffffffu, v.m, off), __shfl_xor_sync(0xffffffffu, v.s, off)});
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  v = partial[0];
  for (int w = 1; w < kThreads / 32; ++w) v = merge(v, partial[w]);
  return v;
}

__global__ void __launch_bounds__(kThreads) online_rows(const float* __restrict__ x, float* __restrict__ y, int64_t n) {
  const float* xr = x + int64_t(blockIdx.x) * n;
  float* yr = y + int64_t(blockIdx.x) * n;
  MaxSum acc{-INFINITY, 0.0f};
  for (int64_t i = threadIdx.x; i < n; i += kThreads) acc = merge(acc, {xr[i], 1.0f});
  const MaxSum row = block_merge(acc);
  const float inv = 1.0f / row.s;
  for (int64_t i = threadIdx.x; i < n; i += kThreads) yr[i] = expf(xr[i] - row.m) * inv;
}

}  // namespace

void online_block__cuda(const SoftmaxArgs& a) {
  if (a.rows == 0) return;
  if (a.rows > 2147483647) throw std::invalid_argument("online_block__cuda: more than 2^31 - 1 rows");
  online_rows<<<unsigned(a.rows), kThreads, 0, static_cast<cudaStream_t>(a.stream)>>>(a.x, a.y, a.n);
  if (const cudaError_t e = cudaPeekAtLastError(); e != cudaSuccess)
    throw std::runtime_error(std::string("online_block__cuda launch: ") + cudaGetErrorString(e));
}

}  // namespace hotops::softmax
