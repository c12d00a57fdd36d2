// exp_arrays.h for one trait S: include after the trait's header, from its exp_arrays__<isa>.cpp.
#pragma once
#include "core/simd/exp.h"
#include "core/simd/exp_arrays.h"
#include "core/simd/loops.h"

namespace hotops::simd {
namespace {

template <class S>
struct ExpArraysOf {
  using V = typename S::V;
  static void nonpos(const float* z, float* y, int64_t n) {
    transform<S>(z, y, n, S::zero(), [](V v, auto) { return exp_nonpos<S>(v); });
  }
  static void split(const float* x, float* p, float* e, int64_t n) {
    transform<S>(x, e, n, S::zero(), [](V v, auto) { return exp_split<S>(v).n; });
    transform<S>(x, p, n, S::zero(), [](V v, auto) { return exp_split<S>(v).p; });
  }
  static void scaled(const float* z, float* y, int64_t n, double c, float E) {
    const ExpScale<S> s(c, E);
    transform<S>(z, y, n, S::zero(), [&](V v, auto) { return exp_scaled<S>(v, s); });
  }
  static constexpr ExpArrays arrays(const char* isa) { return {isa, nonpos, split, scaled}; }
};

}  // namespace
}  // namespace hotops::simd
