// 16-bit float storage types; kernels compute in f32. Conversions round to nearest even, as
// hardware (vcvtneps2bf16, vcvtps2ph) and frameworks do.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>

namespace hotops {

struct bf16 {
  uint16_t bits;
};
struct f16 {
  uint16_t bits;
};

inline float bf16_to_f32(bf16 h) { return std::bit_cast<float>(uint32_t(h.bits) << 16); }

inline bf16 f32_to_bf16(float f) {
  const uint32_t u = std::bit_cast<uint32_t>(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return bf16{uint16_t((u >> 16) | 0x40)};  // NaN stays a (quiet) NaN
  const uint32_t rounding = 0x7fffu + ((u >> 16) & 1u);  // ties go to the even neighbour
  return bf16{uint16_t((u + rounding) >> 16)};
}

// IEEE binary16 (F16C's format), without F16C: the scalar path every ISA can run.
inline float f16_to_f32(f16 h) {
  const uint32_t sign = uint32_t(h.bits & 0x8000u) << 16;
  const int e = (h.bits >> 10) & 0x1f;
  const uint32_t m = h.bits & 0x3ffu;
  if (e == 0x1f) return std::bit_cast<float>(sign | 0x7f800000u | (m << 13));  // inf / NaN
  if (e == 0) {  // subnormal: m·2^-24
    const float v = std::ldexp(float(m), -24);
    return sign ? -v : v;
  }
  return std::bit_cast<float>(sign | (uint32_t(e + 112) << 23) | (m << 13));
}

inline f16 f32_to_f16(float f) {
  const uint32_t u = std::bit_cast<uint32_t>(f);
  const uint16_t sign = uint16_t((u >> 16) & 0x8000u);
  const float a = std::fabs(f);
  if (std::isnan(f)) return f16{uint16_t(sign | 0x7e00u)};
  if (a >= 65520.0f) return f16{uint16_t(sign | 0x7c00u)};  // rounds to inf
  if (a < 0x1p-14f) {  // subnormal: a multiple of 2^-24, rounded to nearest even
    return f16{uint16_t(sign | uint16_t(std::nearbyint(a * 0x1p24f)))};
  }
  const uint32_t v = std::bit_cast<uint32_t>(a);
  const uint32_t rounded = v + 0xfffu + ((v >> 13) & 1u);  // to 10 mantissa bits, ties to even
  return f16{uint16_t(sign | (((rounded >> 13) - (112u << 10)) & 0x7fffu))};
}

}  // namespace hotops
