#include "core/isa.h"

#include <utility>

namespace hotops {

bool cuda_device_present();  // cuda_probe.cpp

namespace {

constexpr std::pair<Feature, const char*> kNames[] = {
    {kAvx2, "avx2"},         {kFma, "fma"},           {kF16c, "f16c"},
    {kAvx512f, "avx512f"},   {kAvx512bw, "avx512bw"}, {kAvx512vl, "avx512vl"},
    {kAvx512dq, "avx512dq"}, {kAvx512vnni, "avx512vnni"}, {kAvx512bf16, "avx512bf16"},
    {kAvxVnni, "avxvnni"},   {kCudaDevice, "cuda-device"}, {kPeerLibrary, "peer"},
};

uint32_t detect() {
  __builtin_cpu_init();
  uint32_t f = kPeerLibrary;
  if (__builtin_cpu_supports("avx2")) f |= kAvx2;
  if (__builtin_cpu_supports("fma")) f |= kFma;
  if (__builtin_cpu_supports("f16c")) f |= kF16c;
  if (__builtin_cpu_supports("avx512f")) f |= kAvx512f;
  if (__builtin_cpu_supports("avx512bw")) f |= kAvx512bw;
  if (__builtin_cpu_supports("avx512vl")) f |= kAvx512vl;
  if (__builtin_cpu_supports("avx512dq")) f |= kAvx512dq;
  if (__builtin_cpu_supports("avx512vnni")) f |= kAvx512vnni;
  if (__builtin_cpu_supports("avx512bf16")) f |= kAvx512bf16;
  if (__builtin_cpu_supports("avxvnni")) f |= kAvxVnni;
  if (cuda_device_present()) f |= kCudaDevice;
  return f;
}

}  // namespace

uint32_t host_features() {
  static const uint32_t features = detect();
  return features;
}

std::string feature_names(uint32_t features) {
  std::string out;
  for (auto [bit, name] : kNames) {
    if (features & bit) {
      if (!out.empty()) out += ',';
      out += name;
    }
  }
  return out;
}

std::string missing_features(uint32_t required) {
  const uint32_t missing = required & ~host_features();
  if (!missing) return {};
  if (missing & kCudaDevice) return "no CUDA device";
  return "CPU lacks " + feature_names(missing);
}

}  // namespace hotops
