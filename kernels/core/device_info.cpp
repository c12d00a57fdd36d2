#include "core/device_info.h"

#ifdef HOTOPS_HAVE_CUDA
#include <cuda_runtime_api.h>
#endif

namespace hotops {

std::vector<GpuInfo> gpu_devices() {
  std::vector<GpuInfo> out;
#ifdef HOTOPS_HAVE_CUDA
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) return out;
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  for (int d = 0; d < n; ++d) {
    cudaDeviceProp p{};
    if (cudaGetDeviceProperties(&p, d) != cudaSuccess) continue;
    GpuInfo g;
    g.name = p.name;
    g.sm_count = p.multiProcessorCount, g.compute_major = p.major, g.compute_minor = p.minor;
    g.memory_bytes = p.totalGlobalMem, g.l2_bytes = size_t(p.l2CacheSize);
    int khz = 0;
    if (cudaDeviceGetAttribute(&khz, cudaDevAttrClockRate, d) == cudaSuccess) g.clock_mhz = khz / 1000;
    if (cudaDeviceGetAttribute(&khz, cudaDevAttrMemoryClockRate, d) == cudaSuccess) g.memory_clock_mhz = khz / 1000;
    g.driver_version = driver, g.runtime_version = runtime;
    out.push_back(g);
  }
#endif
  return out;
}

bool cuda_device_present() {
  static const bool present = !gpu_devices().empty();
  return present;
}

}  // namespace hotops
