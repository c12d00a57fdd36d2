// The scalar vector trait (one lane) and what every trait provides to the attention kernels,
// which are written once against it (tiles.h, flash_*.h, materialized.h, linear.h):
//   vec, W (lanes); kR, kMj: score tiles of kR·W queries × kMj keys held in registers; kMr, kNc:
//   row tiles of kMr rows × kNc·W columns; zero, set1, load/store (unaligned), load_part/store_part
//   (first r lanes, the rest untouched / zero), iota (0, 1, ...); add, sub, mul, fmadd (a·b + c),
//   fnmadd (c − a·b), max, min, div, clamp_abs (|x| ≤ c, sign kept), abs, rcp (1/x), select_lt (a < b ? x : y), hsum; exp_nonpos
//   (z ≤ 0; −inf and NaN give 0), exp_any (x ≤ 88), split_sqrt2 (x = m·2^e, m in [√½, √2)).
#pragma once
#include <cmath>
#include <cstdint>

#include "core/simd/scalar.h"

namespace hotops::attention {
namespace {  // internal linkage: the kernels that use it are compiled once per ISA

// The core trait (core/simd/scalar.h) plus the tile shapes and the few operations attention adds.
struct Scalar : simd::Scalar {
  using vec = V;
  static constexpr int kR = 4, kMj = 3;
  static constexpr int kMr = 4, kNc = 3;

  static vec load_part(const float* p, int64_t r) { return r > 0 ? *p : 0.0f; }
  static void store_part(float* p, vec v, int64_t r) {
    if (r > 0) *p = v;
  }
  static vec iota() { return 0.0f; }
  static vec min(vec a, vec b) { return a < b ? a : b; }
  static vec div(vec a, vec b) { return a / b; }
  static vec clamp_abs(vec x, float c) { return x < -c ? -c : x > c ? c : x; }
  static vec rcp(vec x) { return 1.0f / x; }
  static vec select_lt(vec a, vec b, vec x, vec y) { return a < b ? x : y; }

  // Same edge cases as the vector exps: below ~2^-126 (and for −inf, NaN) the result is 0.
  static vec exp_nonpos(vec z) { return z >= -87.3f ? std::exp(z) : 0.0f; }
  static vec exp_any(vec x) { return x >= -87.3f ? std::exp(x < 88.3f ? x : 88.3f) : 0.0f; }
  static vec split_sqrt2(vec x, vec& e) {
    int k;
    float m = std::frexp(x, &k);  // [0.5, 1)
    if (m < 0.70710678f) m *= 2, --k;
    e = float(k);
    return m;
  }
};

}  // namespace
}  // namespace hotops::attention
