// Code shared by device kernels and their host-side models: compiled by nvcc for the device
// and by the host compiler for the tests that replay a kernel's exact order of operations on
// the CPU (no GPU needed). Only what both sides compute identically belongs here.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

#ifdef __CUDACC__
#include <cuda_runtime.h>
#define HOTOPS_HD __host__ __device__ __forceinline__
#else
#define HOTOPS_HD inline
#endif

namespace hotops::cuda {

// Four floats moved as one 16-byte access (LDG.128 / STG.128 on the device).
struct alignas(16) Vec4 {
  float v[4];
};

HOTOPS_HD Vec4 load4(const float* p) {  // p is 16-byte aligned
#ifdef __CUDACC__
  const float4 f = *reinterpret_cast<const float4*>(p);
  return {{f.x, f.y, f.z, f.w}};
#else
  Vec4 r;
  std::memcpy(r.v, p, sizeof r.v);
  return r;
#endif
}

HOTOPS_HD void store4(float* p, const Vec4& r) {  // p is 16-byte aligned
#ifdef __CUDACC__
  *reinterpret_cast<float4*>(p) = make_float4(r.v[0], r.v[1], r.v[2], r.v[3]);
#else
  std::memcpy(p, r.v, sizeof r.v);
#endif
}

// 2^d for an integer d in [−126, 0], exactly (a normal float built from its exponent bits).
HOTOPS_HD float pow2_normal(int d) {
  const int bits = (d + 127) << 23;
#ifdef __CUDA_ARCH__
  return __int_as_float(bits);
#else
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
#endif
}

}  // namespace hotops::cuda
