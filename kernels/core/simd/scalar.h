// The SIMD traits: one struct per ISA (scalar.h, avx2.h, avx512.h) with the same members, so
// that a kernel written once as a template over the trait S compiles to each ISA, and its
// per-ISA file is one line. Every trait offers:
//   V, W, Mask     the f32 vector, its lanes, and a partial vector's lane mask
//   arithmetic     zero set1 broadcast(*p) add sub mul fmadd(a·b + c) fnmadd(c − a·b)
//                  max(b if either is NaN) abs sign mul_where_ge(v·f where v ≥ min, else 0); hsum hmax
//   memory         load/store of f32, bf16 (nearest even) and int8 (nearest even, saturated)
//                  rows; store2 (two int8 vectors); and from common.h prefetch, to_f32
//   partial        tail_mask(n) for lanes [0, n); load_tail (zeros or `fill` elsewhere),
//                  store_tail, keep: masked-off lanes are neither read nor written
//   exp support    kScalef: how exp.h applies 2^n (scalef, or pow2_biased from the exponent bits)
//   bytes          (vector traits) B, kBytes and the integer operations the int8 sums of
//                  int8.h are written with
// Templates over the trait: exp.h (vector exp), loops.h (row loops), int8.h (int8 sums).
// This file: the scalar trait, one lane of plain C++ (the compiler may still use the x86-64
// baseline SSE2). Internal linkage: every ISA file gets its own copy.
#pragma once
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "core/bf16.h"
#include "core/simd/common.h"

namespace hotops::simd {
namespace {

struct Scalar : Common {
  using V = float;
  using Mask = bool;  // one lane: a partial vector never occurs
  static constexpr int W = 1;
  static constexpr bool kScalef = false;

  static V zero() { return 0.0f; }
  static V set1(float v) { return v; }
  static V broadcast(const float* p) { return *p; }
  static V add(V a, V b) { return a + b; }
  static V sub(V a, V b) { return a - b; }
  static V mul(V a, V b) { return a * b; }
  // Two roundings: std::fma would be a slow library call without hardware FMA in the baseline
  // ISA (exp.h reduces its argument in double instead).
  static V fmadd(V a, V b, V c) { return a * b + c; }
  static V fnmadd(V a, V b, V c) { return c - a * b; }
  static V max(V a, V b) { return a > b ? a : b; }
  static V abs(V a) { return std::fabs(a); }
  static V sign(V a) { return a > 0 ? 1.0f : a < 0 ? -1.0f : 0.0f; }
  static V mul_where_ge(V v, V f, V min) { return v >= min ? v * f : 0.0f; }
  static float hsum(V a) { return a; }
  static float hmax(V a) { return a; }

  static Mask tail_mask(int64_t n) { return n > 0; }
  static V load_tail(const float* p, Mask m) { return m ? *p : 0.0f; }
  static V load_tail(const float* p, Mask m, V fill) { return m ? *p : fill; }
  static void store_tail(float* p, Mask m, V v) {
    if (m) *p = v;
  }
  static V keep(V v, Mask m) { return m ? v : 0.0f; }

  static V pow2_biased(V v) { return std::bit_cast<float>(std::bit_cast<uint32_t>(v) << 23); }

  static V load(const float* p) { return *p; }
  static V load(const bf16* p) { return to_f32(*p); }
  static V load(const int8_t* p) { return float(*p); }
  static void store(float* p, V v) { *p = v; }
  // f32_to_bf16 of core/bf16.h, restated: that one has external linkage (see avx2.h).
  static void store(bf16* p, V v) {
    const uint32_t u = std::bit_cast<uint32_t>(v);
    *p = (u & 0x7fffffffu) > 0x7f800000u ? bf16{uint16_t((u >> 16) | 0x40)}
                                         : bf16{uint16_t((u + 0x7fffu + ((u >> 16) & 1u)) >> 16)};
  }
  // Round to nearest even (the default mode, as cvtps2dq), saturate to int8.
  static void store(int8_t* p, V v) { *p = int8_t(std::lrint(std::clamp(v, -128.0f, 127.0f))); }
  static void store2(int8_t* p, V lo, V hi) { store(p, lo), store(p + W, hi); }
};

}  // namespace
}  // namespace hotops::simd
