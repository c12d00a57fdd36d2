// What every SIMD trait (core/simd/scalar.h) shares because it does not depend on the ISA:
// element conversions and prefetching. Internal linkage, as the traits.
#pragma once
#include <bit>
#include <cstdint>

#include "core/bf16.h"

namespace hotops::simd {
namespace {

struct Common {
  static void prefetch(const void* p) { __builtin_prefetch(p); }  // prefetcht0
  static float to_f32(float v) { return v; }
  static float to_f32(bf16 h) { return std::bit_cast<float>(uint32_t(h.bits) << 16); }
};

}  // namespace
}  // namespace hotops::simd
