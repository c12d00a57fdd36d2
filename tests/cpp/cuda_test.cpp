// The CUDA path: device variants are registered, declared as such, and skipped with the
// reason where no device is present (every CI machine here); where one is, the shared
// correctness test runs them.
#include <gtest/gtest.h>

#include "core/device_info.h"
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

}  // namespace
}  // namespace hotops
