// CUDA devices of this machine, for the environment recorded with results (none without
// the CUDA runtime linked in, or without a device).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace hotops {

struct GpuInfo {
  std::string name;
  int sm_count = 0, compute_major = 0, compute_minor = 0;
  int clock_mhz = 0, memory_clock_mhz = 0;  // peak clocks the driver reports
  size_t memory_bytes = 0, l2_bytes = 0;
  int driver_version = 0, runtime_version = 0;  // e.g. 13000 = 13.0
};

std::vector<GpuInfo> gpu_devices();
bool cuda_device_present();

}  // namespace hotops
