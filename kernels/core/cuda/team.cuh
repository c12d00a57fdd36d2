// A team of threads that shares one row: a warp (WarpRows: 8 rows per 256-thread block) or
// a whole 1024-thread block (BlockRows: one row per block), and its all-reduce of a Pair.
// Each device reduction has its host model right below it, computing the same values in
// the same order, so that tests replay a kernel on the CPU.
//
// Order of a warp all-reduce: a butterfly, for off = 16, 8, 4, 2, 1 every lane l takes
// op(v[l], v[l ^ off]); then every lane takes lane 0's value (one answer, bit for bit, even
// where op rounds differently with its operands swapped). A block all-reduce does that in
// every warp, then warp 0 does it over the warps' results (identity for missing warps) and
// shares lane 0's through shared memory.
#pragma once
#include <vector>

#include "core/cuda/hd.cuh"

namespace hotops::cuda {

struct Pair {
  float a, b;
};

inline constexpr int kWarpSize = 32;

// Host models (the device code below must stay their mirror image).
template <class Op>
Pair model_warp_all_reduce(std::vector<Pair> v, Op op) {  // v: one value per lane, 32 of them
  for (int off = kWarpSize / 2; off > 0; off /= 2) {
    std::vector<Pair> next(v.size());
    for (int l = 0; l < kWarpSize; ++l) next[l] = op(v[l], v[l ^ off]);
    v = next;
  }
  return v[0];
}

template <class Op>
Pair model_block_all_reduce(const std::vector<Pair>& v, Op op, Pair identity) {  // v: one per thread
  const int warps = int(v.size()) / kWarpSize;
  std::vector<Pair> per_warp(kWarpSize, identity);
  for (int w = 0; w < warps; ++w)
    per_warp[w] = model_warp_all_reduce(std::vector<Pair>(v.begin() + w * kWarpSize, v.begin() + (w + 1) * kWarpSize), op);
  return model_warp_all_reduce(per_warp, op);
}

// kMinBlocks: the blocks per SM the compiler keeps room for (registers ≤ 64 per thread, at
// least 1024 threads per SM; memory-level parallelism comes from the four loads in flight).
struct WarpRows {
  static constexpr int kThreads = 256, kLanes = kWarpSize, kRowsPerBlock = kThreads / kWarpSize, kMinBlocks = 4;
  struct Scratch {};
  template <class Op>
  static Pair model_all_reduce(const std::vector<Pair>& v, Op op, Pair) { return model_warp_all_reduce(v, op); }
#ifdef __CUDACC__
  __device__ static int64_t row() { return int64_t(blockIdx.x) * kRowsPerBlock + threadIdx.x / kWarpSize; }
  __device__ static int lane() { return int(threadIdx.x % kWarpSize); }
  template <class Op>
  __device__ static Pair all_reduce(Pair v, Op op, Pair, Scratch&);
#endif
};

struct BlockRows {
  static constexpr int kThreads = 1024, kLanes = kThreads, kRowsPerBlock = 1, kMinBlocks = 1;
  static constexpr int kWarps = kThreads / kWarpSize;
  static_assert(kWarps <= kWarpSize, "warp 0 reduces one value per warp");
  struct Scratch {
    Pair warp[kWarps];
    Pair total;
  };
  template <class Op>
  static Pair model_all_reduce(const std::vector<Pair>& v, Op op, Pair identity) {
    return model_block_all_reduce(v, op, identity);
  }
#ifdef __CUDACC__
  __device__ static int64_t row() { return blockIdx.x; }
  __device__ static int lane() { return int(threadIdx.x); }
  template <class Op>
  __device__ static Pair all_reduce(Pair v, Op op, Pair identity, Scratch& s);
#endif
};

#ifdef __CUDACC__
template <class Op>
__device__ Pair warp_all_reduce(Pair v, Op op) {
  constexpr unsigned kAll = 0xffffffffu;
#pragma unroll
  for (int off = kWarpSize / 2; off > 0; off /= 2)
    v = op(v, Pair{__shfl_xor_sync(kAll, v.a, off), __shfl_xor_sync(kAll, v.b, off)});
  return Pair{__shfl_sync(kAll, v.a, 0), __shfl_sync(kAll, v.b, 0)};
}

template <class Op>
__device__ Pair WarpRows::all_reduce(Pair v, Op op, Pair, Scratch&) {
  return warp_all_reduce(v, op);
}

// `s` is used by this one reduction only (callers give each reduction its own Scratch), so
// no barrier is needed after the result is read.
template <class Op>
__device__ Pair BlockRows::all_reduce(Pair v, Op op, Pair identity, Scratch& s) {
  const int warp = int(threadIdx.x) / kWarpSize, lane = int(threadIdx.x) % kWarpSize;
  v = warp_all_reduce(v, op);
  if (lane == 0) s.warp[warp] = v;
  __syncthreads();
  if (warp == 0) {
    const Pair w = warp_all_reduce(lane < kWarps ? s.warp[lane] : identity, op);
    if (lane == 0) s.total = w;
  }
  __syncthreads();
  return s.total;
}
#endif

}  // namespace hotops::cuda
