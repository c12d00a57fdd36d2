// The per-ISA building blocks of the VQ-logits paths: the GEMV that streams the weights, the
// gather along the vocabulary, the log-sum-exp, the inverse-CDF search of a sampler, and the
// softmax family's kernel for the ISA (the paths never carry a softmax of their own).
// One table per ISA (ops_<isa>.cpp, templates in ops_impl.h); the paths (paths.cpp) are ISA-free.
#pragma once
#include <cstdint>

#include "core/bf16.h"
#include "softmax/softmax.h"
#include "vq_logits/paths.h"

namespace hotops::vq_logits {

struct Ops {
  // y[r] = Σ_k w[r·d + k]·h[k] for r < rows, summed in f32: the T = 1 GEMV, w streamed once.
  void (*gemv_f32)(const float* w, const float* h, int64_t rows, int64_t d, float* y);
  void (*gemv_bf16)(const bf16* w, const bf16* h, int64_t rows, int64_t d, float* y);
  // y[i] = lc[m[i]] for i < n: the VQ-Logits "scatter" of code logits over the vocabulary (the
  // same loop on every ISA: ops_impl.h says why).
  void (*gather_i32)(const float* lc, const int32_t* m, int64_t n, float* y);
  void (*gather_i16)(const float* lc, const int16_t* m, int64_t n, float* y);
  // log Σ_i exp(x[i]) (x[i] + a[i] with an addend), in double: max first, then Σ exp(x − max)
  // in f32 lanes per chunk and chunks in double. −inf when every term is −inf (or n = 0).
  double (*logsumexp)(const float* x, int64_t n);
  double (*logsumexp_add)(const float* x, const float* a, int64_t n);
  // The smallest i with p[0] + … + p[i] > target (p ≥ 0, summed in double); the last i with
  // p[i] > 0 when rounding leaves the total at or below target.
  int64_t (*cdf_search)(const float* p, int64_t n, double target);
  // The softmax family's kernel of this ISA (two-pass, arXiv 2001.04438).
  void (*softmax)(const softmax::SoftmaxArgs&);
};

}  // namespace hotops::vq_logits
