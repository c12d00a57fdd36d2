// CUDA devices of this machine, for the environment recorded with results (none without
// the CUDA runtime linked in, or without a device), and their state at a moment (clocks,
// temperature, power, why clocks are held back) read through NVML where the driver has it.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace hotops {

struct GpuInfo {
  std::string name, pci_bus_id;
  int sm_count = 0, compute_major = 0, compute_minor = 0;
  int clock_mhz = 0, memory_clock_mhz = 0;  // peak clocks the runtime reports
  size_t memory_bytes = 0, l2_bytes = 0;
  int driver_version = 0, runtime_version = 0;  // e.g. 13000 = 13.0
};

std::vector<GpuInfo> gpu_devices();
bool cuda_device_present();
size_t device_l2_bytes();  // of the device variants run on (device 0); 0 without one

// NVML's reading of one device now. NVML is loaded at run time (libnvidia-ml.so.1 comes with
// the driver, not the toolkit): without it, `available` is false and `why` says so.
struct GpuState {
  bool available = false;
  std::string why;
  std::string driver_release;  // e.g. "580.159.03"
  int sm_clock_mhz = 0, memory_clock_mhz = 0, max_sm_clock_mhz = 0, temperature_c = 0;
  double power_w = 0;
  std::vector<std::string> clock_limits;  // NVML's current clock event reasons, e.g. "sw_power_cap"
};
GpuState gpu_state(const GpuInfo& device);

// NVML's clock event reasons bitmask as names (exposed for tests).
std::vector<std::string> clock_limit_names(unsigned long long reasons);

}  // namespace hotops
