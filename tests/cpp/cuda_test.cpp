// The CUDA path: device variants are registered, declared as such, and skipped with the
// reason where no device is present (every CI machine here); where one is, the shared
// correctness test runs them.
#include <gtest/gtest.h>

#include <cmath>

#include "core/device_info.h"
#include "core/device_timer.h"
#include "core/registry.h"

namespace hotops {
namespace {

TEST(Cuda, DeviceVariantsDeclareTheirDeviceAndSkipWithoutOne) {
  int device_variants = 0;
  for (const Family* f : families())
    for (const Variant& v : f->variants()) {
      if (v.device() != Device::cuda) continue;
      ++device_variants;
      EXPECT_EQ(v.isa_name(), "cuda") << v.name;
      const std::string why = v.skip_reason(f->parse(f->test_problems().front()));
      if (cuda_device_present()) {
        EXPECT_EQ(why, "") << v.name;
      } else {
        EXPECT_EQ(why, "no CUDA device") << v.name;
      }
    }
#ifdef HOTOPS_HAVE_CUDA
  EXPECT_GT(device_variants, 0) << "built with CUDA, yet no device variant is registered";
#else
  EXPECT_EQ(device_variants, 0);
#endif
}

TEST(Cuda, EnvironmentListsDevicesOnlyWhereThereAreSome) {
  const std::vector<GpuInfo> gpus = gpu_devices();
  EXPECT_EQ(cuda_device_present(), !gpus.empty());
  for (const GpuInfo& g : gpus) {
    EXPECT_FALSE(g.name.empty());
    EXPECT_GT(g.sm_count, 0);
    EXPECT_GT(g.memory_bytes, 0u);
  }
}

TEST(Cuda, TinyCallsAreTimedAsGraphsLongOnesOneByOne) {
  EXPECT_EQ(graph_calls_for(kGraphBelow), 1);
  EXPECT_EQ(graph_calls_for(1e-3), 1);
  EXPECT_EQ(graph_calls_for(10e-6), 20);  // 200 µs of calls per replay
  EXPECT_EQ(graph_calls_for(19e-6), 11);
  EXPECT_EQ(graph_calls_for(1e-9), kGraphMaxCalls);
  EXPECT_EQ(graph_calls_for(0), kGraphMaxCalls);
  EXPECT_EQ(graph_calls_for(std::nan("")), 1);
}

TEST(Cuda, DeviceTimingFailsWithAReasonWithoutADevice) {
  if (cuda_device_present()) GTEST_SKIP() << "a CUDA device is present";
  try {
    DeviceCallTimer t(nullptr, [] {}, false);
    FAIL() << "timed without a device";
  } catch (const std::runtime_error& e) {
    EXPECT_FALSE(std::string(e.what()).empty());
  }
}

TEST(Cuda, GpuStateSaysWhyItIsUnknown) {
  GpuInfo nowhere;
  nowhere.pci_bus_id = "0000:ff:1f.7";
  const GpuState s = gpu_state(nowhere);
  EXPECT_FALSE(s.available);  // no NVML here, or no device at that address
  EXPECT_NE(s.why.find("NVML"), std::string::npos) << s.why;
}

TEST(Cuda, ClockLimitsAreNamed) {
  EXPECT_TRUE(clock_limit_names(0).empty());
  EXPECT_EQ(clock_limit_names(0x4 | 0x40), (std::vector<std::string>{"sw_power_cap", "hw_thermal_slowdown"}));
  EXPECT_EQ(clock_limit_names(0x1000), (std::vector<std::string>{"other"}));
}

}  // namespace
}  // namespace hotops
