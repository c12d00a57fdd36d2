// Per-channel (column) normalization with running statistics — BatchNorm / UN / PowerNorm
// at inference: y = x·a + b with a = γ/√(var + ε), b = β − μ·a computed once per call
// (μ = 0 for PowerNorm, var = its running quadratic mean ψ²). PowerNorm training also
// accumulates Σx² per column in the same pass and updates the running ψ².
#pragma once
#include <cmath>

#include "core/simd/loops.h"
#include "norm/common/args.h"
#include "norm/common/row_dispatch.h"

namespace hotops::norm {
namespace {
using namespace simd;

struct ChannelAffine {
  template <class S, class T>
  static void run(const ChannelNormArgs& a) {
    using V = typename S::V;
    float* scale = a.scratch;
    float* shift = a.scratch + a.d;
    float* sumsq = a.scratch + 2 * a.d;
    const bool train = a.new_var != nullptr;
    for (int64_t j = 0; j < a.d; ++j) {
      scale[j] = a.gamma[j] / std::sqrt(a.var[j] + a.eps);
      shift[j] = a.mean ? a.beta[j] - a.mean[j] * scale[j] : a.beta[j];
      if (train) sumsq[j] = 0;
    }
    for (int64_t r = 0; r < a.rows; ++r) {
      const T* x = static_cast<const T*>(a.x) + r * a.d;
      T* y = static_cast<T*>(a.y) + r * a.d;
      if (train) {
        for_vectors<S>(a.d, [&](int64_t j, auto part) {
          const V v = ld<S>(x + j, part);
          st<S>(y + j, S::fmadd(v, ld<S>(scale + j, part), ld<S>(shift + j, part)), part);
          st<S>(sumsq + j, S::fmadd(v, v, ld<S>(sumsq + j, part)), part);
        });
      } else {
        for_vectors<S>(a.d, [&](int64_t j, auto part) {
          st<S>(y + j, S::fmadd(ld<S>(x + j, part), ld<S>(scale + j, part), ld<S>(shift + j, part)), part);
        });
      }
    }
    if (train)
      for (int64_t j = 0; j < a.d; ++j)
        a.new_var[j] = a.momentum * a.var[j] + (1 - a.momentum) * (sumsq[j] / float(a.rows));
  }
};

template <class S>
void channel_affine(const ChannelNormArgs& a) {
  if (a.dtype == DType::f32) return ChannelAffine::run<S, float>(a);
  if (a.dtype == DType::bf16) return ChannelAffine::run<S, bf16>(a);
  not_float_storage(a.dtype);
}

}  // namespace
}  // namespace hotops::norm
