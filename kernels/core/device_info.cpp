#include "core/device_info.h"

#include <dlfcn.h>

#include <type_traits>
#include <utility>

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
    char bus[32] = {};
    if (cudaDeviceGetPCIBusId(bus, sizeof bus, d) == cudaSuccess) g.pci_bus_id = bus;
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

size_t device_l2_bytes() {
  static const size_t bytes = [] {
    const std::vector<GpuInfo> g = gpu_devices();
    return g.empty() ? size_t(0) : g.front().l2_bytes;
  }();
  return bytes;
}

std::vector<std::string> clock_limit_names(unsigned long long reasons) {
  // nvml.h's nvmlClocksEventReason* bits.
  static const std::pair<unsigned long long, const char*> kBits[] = {
      {0x1, "gpu_idle"},          {0x2, "applications_clocks_setting"}, {0x4, "sw_power_cap"},
      {0x8, "hw_slowdown"},       {0x10, "sync_boost"},                 {0x20, "sw_thermal_slowdown"},
      {0x40, "hw_thermal_slowdown"}, {0x80, "hw_power_brake_slowdown"}, {0x100, "display_clock_setting"}};
  std::vector<std::string> out;
  for (auto [bit, name] : kBits)
    if (reasons & bit) out.push_back(name);
  if (reasons & ~0x1ffull) out.push_back("other");
  return out;
}

namespace {

// The few NVML entry points we read, declared from nvml.h's stable C ABI (the toolkit here
// ships no nvml.h; the driver ships the library).
struct Nvml {
  using Device = void*;
  int (*init)() = nullptr;
  const char* (*error)(int) = nullptr;
  int (*by_bus_id)(const char*, Device*) = nullptr;
  int (*clock)(Device, int, unsigned*) = nullptr;
  int (*max_clock)(Device, int, unsigned*) = nullptr;
  int (*temperature)(Device, int, unsigned*) = nullptr;
  int (*power)(Device, unsigned*) = nullptr;
  int (*reasons)(Device, unsigned long long*) = nullptr;
  int (*driver)(char*, unsigned) = nullptr;
  std::string why;  // empty when loaded and initialized

  Nvml() {
    void* lib = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char* e = dlerror();
      why = std::string("NVML not available (") + (e ? e : "dlopen failed") + ")";
      return;
    }
    auto sym = [&](auto& f, const char* name) {
      f = reinterpret_cast<std::remove_reference_t<decltype(f)>>(dlsym(lib, name));
    };
    sym(init, "nvmlInit_v2"), sym(error, "nvmlErrorString"), sym(by_bus_id, "nvmlDeviceGetHandleByPciBusId_v2");
    sym(clock, "nvmlDeviceGetClockInfo"), sym(max_clock, "nvmlDeviceGetMaxClockInfo");
    sym(temperature, "nvmlDeviceGetTemperature"), sym(power, "nvmlDeviceGetPowerUsage");
    sym(reasons, "nvmlDeviceGetCurrentClocksEventReasons"), sym(driver, "nvmlSystemGetDriverVersion");
    if (!reasons) sym(reasons, "nvmlDeviceGetCurrentClocksThrottleReasons");  // the name before driver 535
    if (!init || !by_bus_id || !clock) {
      why = "NVML lacks nvmlInit_v2 / nvmlDeviceGetHandleByPciBusId_v2 / nvmlDeviceGetClockInfo";
      return;
    }
    if (const int rc = init(); rc != 0) why = std::string("nvmlInit failed: ") + (error ? error(rc) : std::to_string(rc));
  }
};

}  // namespace

GpuState gpu_state(const GpuInfo& device) {
  static const Nvml nvml;
  GpuState s;
  if (!nvml.why.empty()) return s.why = nvml.why, s;
  Nvml::Device d = nullptr;
  if (const int rc = nvml.by_bus_id(device.pci_bus_id.c_str(), &d); rc != 0)
    return s.why = "NVML has no device at PCI " + device.pci_bus_id + ": " + nvml.error(rc), s;
  constexpr int kSm = 1, kMem = 2, kGpuSensor = 0;  // nvmlClockType_t, nvmlTemperatureSensors_t
  unsigned v = 0;
  s.available = true;
  char release[96] = {};
  if (nvml.driver && nvml.driver(release, sizeof release) == 0) s.driver_release = release;
  if (nvml.clock(d, kSm, &v) == 0) s.sm_clock_mhz = int(v);
  if (nvml.clock(d, kMem, &v) == 0) s.memory_clock_mhz = int(v);
  if (nvml.max_clock && nvml.max_clock(d, kSm, &v) == 0) s.max_sm_clock_mhz = int(v);
  if (nvml.temperature && nvml.temperature(d, kGpuSensor, &v) == 0) s.temperature_c = int(v);
  if (nvml.power && nvml.power(d, &v) == 0) s.power_w = v / 1000.0;  // milliwatts
  unsigned long long bits = 0;
  if (nvml.reasons && nvml.reasons(d, &bits) == 0) s.clock_limits = clock_limit_names(bits);
  return s;
}

}  // namespace hotops
