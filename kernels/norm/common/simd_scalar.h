// Scalar "ISA" for the norm kernel templates: one lane, plain C++ (the compiler may still
// use the x86-64 baseline SSE2). Internal linkage: every ISA file gets its own copy.
#pragma once
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "core/bf16.h"

namespace hotops::norm {
namespace {

struct Scalar {
  using V = float;
  static constexpr int W = 1;
  static V zero() { return 0.0f; }
  static V set1(float v) { return v; }
  static V add(V a, V b) { return a + b; }
  static V sub(V a, V b) { return a - b; }
  static V mul(V a, V b) { return a * b; }
  // a·b + c; std::fma would be a slow library call without hardware FMA in the baseline ISA
  static V fmadd(V a, V b, V c) { return a * b + c; }
  static V abs(V a) { return std::fabs(a); }
  static V sign(V a) { return a > 0 ? 1.0f : a < 0 ? -1.0f : 0.0f; }
  static float hsum(V a) { return a; }
  static V keep_first(V a, int n) { return n > 0 ? a : 0.0f; }

  static void prefetch(const void* p) { __builtin_prefetch(p); }
  static float to_f32(float v) { return v; }
  static float to_f32(bf16 h) { return std::bit_cast<float>(uint32_t(h.bits) << 16); }
  static V load(const float* p) { return *p; }
  static V load(const bf16* p) { return to_f32(*p); }
  static V load(const int8_t* p) { return float(*p); }
  static void store(float* p, V v) { *p = v; }
  static void store(bf16* p, V v) {
    const uint32_t u = std::bit_cast<uint32_t>(v);
    *p = (u & 0x7fffffffu) > 0x7f800000u ? bf16{uint16_t((u >> 16) | 0x40)}
                                         : bf16{uint16_t((u + 0x7fffu + ((u >> 16) & 1u)) >> 16)};
  }
  // Round to nearest even (the default mode, as cvtps2dq), saturate to int8.
  static void store(int8_t* p, V v) { *p = int8_t(std::lrint(std::clamp(v, -128.0f, 127.0f))); }

  static void store2(int8_t* p, V lo, V hi) { store(p, lo), store(p + W, hi); }

  static int64_t i8_sum(const int8_t* p, int64_t n) {
    int64_t s = 0;
    for (int64_t j = 0; j < n; ++j) s += p[j];
    return s;
  }
  static int64_t i8_sad(const int8_t* p, int64_t n, int mu) {
    int64_t s = 0;
    for (int64_t j = 0; j < n; ++j) s += std::abs(p[j] - mu);
    return s;
  }
  static void i8_sum_sumsq(const int8_t* p, int64_t n, int64_t& sum, int64_t& sumsq) {
    int64_t s = 0, q = 0;
    for (int64_t j = 0; j < n; ++j) s += p[j], q += p[j] * p[j];
    sum = s, sumsq = q;
  }
};

}  // namespace
}  // namespace hotops::norm
