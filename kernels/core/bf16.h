// bfloat16 storage type (the top 16 bits of an IEEE f32); kernels compute in f32.
// Conversions round to nearest even, as hardware (vcvtneps2bf16) and frameworks do.
#pragma once
#include <bit>
#include <cstdint>

namespace hotops {

struct bf16 {
  uint16_t bits;
};

inline float bf16_to_f32(bf16 h) { return std::bit_cast<float>(uint32_t(h.bits) << 16); }

inline bf16 f32_to_bf16(float f) {
  const uint32_t u = std::bit_cast<uint32_t>(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return bf16{uint16_t((u >> 16) | 0x40)};  // NaN stays a (quiet) NaN
  const uint32_t rounding = 0x7fffu + ((u >> 16) & 1u);  // ties go to the even neighbour
  return bf16{uint16_t((u + rounding) >> 16)};
}

}  // namespace hotops
