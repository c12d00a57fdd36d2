// Kernels behind measure/ceilings/gpu_bench.h.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "core/cuda_check.h"
#include "measure/ceilings/gpu_bench.h"

namespace hotops::measure::gpu {
namespace {

constexpr int kThreads = 256, kBlocksPerSm = 8;  // a full grid: 2048 threads per SM

// L2-cached 16-byte accesses; volatile so that repeated passes over the same addresses are
// neither merged nor hoisted by the compiler.
__device__ __forceinline__ float4 ld_cg(const float4* p) {
  float4 v;
  asm volatile("ld.global.cg.v4.f32 {%0, %1, %2, %3}, [%4];" : "=f"(v.x), "=f"(v.y), "=f"(v.z), "=f"(v.w) : "l"(p));
  return v;
}
__device__ __forceinline__ void st_cg(float4* p, float4 v) {
  asm volatile("st.global.cg.v4.f32 [%0], {%1, %2, %3, %4};" ::"l"(p), "f"(v.x), "f"(v.y), "f"(v.z), "f"(v.w)
               : "memory");
}

// A never-true test of a computed value, so that the work behind it is kept.
__device__ __forceinline__ void keep(float v, float* sink) {
  if (v == 1234.5f) *sink = v;
}

template <StreamOp Op>
__global__ void __launch_bounds__(kThreads) stream_kernel(float4* a, const float4* b, const float4* c, int64_t n4,
                                                          int reps, float* sink) {
  const int64_t stride = int64_t(gridDim.x) * blockDim.x;
  const int64_t first = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  float acc = 0;
  auto one = [&](int64_t i, float4 v, float4 w, float rep) {
    if constexpr (Op == StreamOp::read) acc += v.x + v.y + v.z + v.w;
    if constexpr (Op == StreamOp::write) st_cg(a + i, make_float4(rep, rep, rep, rep));
    if constexpr (Op == StreamOp::copy) st_cg(a + i, v);
    if constexpr (Op == StreamOp::triad) st_cg(a + i, make_float4(v.x + 0.5f * w.x, v.y + 0.5f * w.y, v.z + 0.5f * w.z,
                                                                v.w + 0.5f * w.w));
  };
  auto load = [&](const float4* p, int64_t i) {
    return Op == StreamOp::write ? make_float4(0, 0, 0, 0) : ld_cg(p + i);
  };
  auto load_c = [&](int64_t i) { return Op == StreamOp::triad ? ld_cg(c + i) : make_float4(0, 0, 0, 0); };
  for (int r = 0; r < reps; ++r) {
    int64_t i = first;
    for (; i + 3 * stride < n4; i += 4 * stride) {  // four independent accesses in flight
      const float4 v0 = load(b, i), v1 = load(b, i + stride), v2 = load(b, i + 2 * stride), v3 = load(b, i + 3 * stride);
      const float4 w0 = load_c(i), w1 = load_c(i + stride), w2 = load_c(i + 2 * stride), w3 = load_c(i + 3 * stride);
      one(i, v0, w0, float(r)), one(i + stride, v1, w1, float(r)), one(i + 2 * stride, v2, w2, float(r));
      one(i + 3 * stride, v3, w3, float(r));
    }
    for (; i < n4; i += stride) one(i, load(b, i), load_c(i), float(r));
  }
  keep(acc, sink);
}

__global__ void __launch_bounds__(kThreads) fma_kernel(int iterations, float mul, float add, float* sink) {
  float x[8];
#pragma unroll
  for (int k = 0; k < 8; ++k) x[k] = float(threadIdx.x) * 1e-6f + float(k);
#pragma unroll 16
  for (int i = 0; i < iterations; ++i) {
#pragma unroll
    for (int k = 0; k < 8; ++k) x[k] = fmaf(x[k], mul, add);
  }
  keep(x[0] + x[1] + x[2] + x[3] + x[4] + x[5] + x[6] + x[7], sink);
}

__device__ uint32_t hash(uint64_t i, uint32_t seed) {  // splitmix-style mixer
  uint64_t z = i * 0x9E3779B97F4A7C15ull + seed;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return uint32_t(z ^ (z >> 31));
}

__global__ void fill_kernel(void* p, int64_t count, Fill kind, uint32_t seed) {
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x) {
    const uint32_t h = hash(uint64_t(i), seed);
    const float u = float(h >> 8) * (2.0f / 16777216.0f) - 1.0f;  // [-1, 1)
    switch (kind) {
      case Fill::f32: static_cast<float*>(p)[i] = u; break;
      case Fill::bf16: static_cast<__nv_bfloat16*>(p)[i] = __float2bfloat16(u); break;
      case Fill::f16: static_cast<__half*>(p)[i] = __float2half(u); break;
      case Fill::i8: static_cast<int8_t*>(p)[i] = int8_t(int(h % 255u) - 127); break;
    }
  }
}

float* sink() {
  static float* s = [] {
    float* p = nullptr;
    cuda_check(cudaMalloc(&p, sizeof(float)), "cudaMalloc (sink)");
    return p;
  }();
  return s;
}

unsigned full_grid() {
  static const unsigned blocks = unsigned(sm_count() * kBlocksPerSm);
  return blocks;
}

cudaStream_t as_stream(void* s) { return static_cast<cudaStream_t>(s); }

template <StreamOp Op>
void launch(void* a, const void* b, const void* c, int64_t n4, int reps, void* stream) {
  stream_kernel<Op><<<full_grid(), kThreads, 0, as_stream(stream)>>>(
      static_cast<float4*>(a), static_cast<const float4*>(b), static_cast<const float4*>(c), n4, reps, sink());
  cuda_check_launch("stream_kernel");
}

}  // namespace

int sm_count() {
  int device = 0, sms = 0;
  cuda_check(cudaGetDevice(&device), "cudaGetDevice");
  cuda_check(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device), "cudaDeviceGetAttribute(SMs)");
  return sms;
}

size_t l2_bytes() {
  int device = 0, l2 = 0;
  cuda_check(cudaGetDevice(&device), "cudaGetDevice");
  cuda_check(cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, device), "cudaDeviceGetAttribute(L2)");
  return size_t(l2);
}

void fill_random(void* p, int64_t count, Fill kind, uint32_t seed) {
  fill_kernel<<<full_grid(), kThreads>>>(p, count, kind, seed);
  cuda_check_launch("fill_kernel");
  cuda_check(cudaDeviceSynchronize(), "fill_kernel");
}

void launch_stream(StreamOp op, void* a, const void* b, const void* c, int64_t n4, int reps, void* stream) {
  switch (op) {
    case StreamOp::read: return launch<StreamOp::read>(a, b, c, n4, reps, stream);
    case StreamOp::write: return launch<StreamOp::write>(a, b, c, n4, reps, stream);
    case StreamOp::copy: return launch<StreamOp::copy>(a, b, c, n4, reps, stream);
    case StreamOp::triad: return launch<StreamOp::triad>(a, b, c, n4, reps, stream);
  }
}

double launch_fma(int iterations, void* stream) {
  fma_kernel<<<full_grid(), kThreads, 0, as_stream(stream)>>>(iterations, 0.999999f, 1e-6f, sink());
  cuda_check_launch("fma_kernel");
  return 2.0 * 8 * double(iterations) * double(full_grid()) * kThreads;
}

void launch_memcpy(void* dst, const void* src, size_t bytes, void* stream) {
  cuda_check(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, as_stream(stream)), "cudaMemcpyAsync");
}

}  // namespace hotops::measure::gpu
