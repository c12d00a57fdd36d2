// CPU / device feature requirements of a variant, checked at run time.
#pragma once
#include <cstdint>
#include <string>

namespace hotops {

enum Feature : uint32_t {
  kAvx2 = 1u << 0,
  kFma = 1u << 1,
  kF16c = 1u << 2,
  kAvx512f = 1u << 3,
  kAvx512bw = 1u << 4,
  kAvx512vl = 1u << 5,
  kAvx512dq = 1u << 6,
  kAvx512vnni = 1u << 7,
  kAvx512bf16 = 1u << 8,
  kAvxVnni = 1u << 9,
  kCudaDevice = 1u << 10,
  kPeerLibrary = 1u << 11,  // a linked peer library (always present when compiled in)
};

// Feature sets named after the variant-name ISA suffix.
namespace isa {
inline constexpr uint32_t scalar = 0;
inline constexpr uint32_t avx2 = kAvx2 | kFma;
inline constexpr uint32_t avx512f = kAvx512f | kAvx512bw | kAvx512vl | kAvx512dq;
inline constexpr uint32_t avx512vnni = avx512f | kAvx512vnni;
inline constexpr uint32_t avx512bf16 = avx512f | kAvx512bf16;
inline constexpr uint32_t cuda = kCudaDevice;
inline constexpr uint32_t peer = kPeerLibrary;
}  // namespace isa

// Features of the machine we run on (CPUID via the compiler builtins; CUDA
// device probed once when the CUDA runtime is linked).
uint32_t host_features();

// Empty when every required feature is present, else why not ("needs avx512f, avx512bw").
std::string missing_features(uint32_t required);

// Comma-separated names of the set bits, e.g. "avx2,fma".
std::string feature_names(uint32_t features);

}  // namespace hotops
