#include "core/isa.h"

#include "core/device_info.h"

namespace hotops {
namespace {

constexpr std::string_view kFeatureNames[] = {
#define HOTOPS_FEATURE(x) #x,
#define HOTOPS_ISA(name, device, features)
#include "core/isa.inc"
#undef HOTOPS_ISA
#undef HOTOPS_FEATURE
};

uint32_t detect() {
  __builtin_cpu_init();
  uint32_t f = 0;
#define HOTOPS_FEATURE(x) \
  if (__builtin_cpu_supports(#x)) f |= feature::x;
#define HOTOPS_ISA(name, device, features)
#include "core/isa.inc"
#undef HOTOPS_ISA
#undef HOTOPS_FEATURE
  return f;
}

}  // namespace

std::string_view device_name(Device d) { return d == Device::cuda ? "cuda" : "cpu"; }

uint32_t host_features() {
  static const uint32_t features = detect();
  return features;
}

std::string feature_names(uint32_t features) {
  std::string out;
  for (uint32_t i = 0; i < feature::count; ++i) {
    if (!(features & (1u << i))) continue;
    if (!out.empty()) out += ',';
    out += kFeatureNames[i];
  }
  return out;
}

std::string missing_features(uint32_t required) {
  const uint32_t missing = required & ~host_features();
  return missing ? "CPU lacks " + feature_names(missing) : std::string();
}

std::string isa_unavailable(const IsaInfo& i) {
  if (i.device == Device::cuda)
    return cuda_device_present() ? std::string() : std::string("no CUDA device");
  return missing_features(i.features);
}

const IsaInfo& best_host_isa() {
  const IsaInfo* best = &isa("scalar");
  int most = 0;
  for (const IsaInfo& i : kIsas) {
    if (i.device != Device::cpu || !isa_unavailable(i).empty()) continue;
    const int n = __builtin_popcount(i.features);
    if (n > most) best = &i, most = n;
  }
  return *best;
}

}  // namespace hotops
