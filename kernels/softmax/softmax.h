// Softmax family (KERNELS.md §1): y = exp(x − max x) / Σ exp(x − max x), per row.
#pragma once
#include <cstdint>

namespace hotops::softmax {

struct SoftmaxArgs {
  int64_t rows;
  int64_t n;     // row length; rows are contiguous (stride n)
  const float* x;
  float* y;      // may not alias x
  int threads;   // peers use it; own kernels are single-threaded (the family splits rows)
};

#define HOTOPS_SOFTMAX(name, req, paper) void name(const SoftmaxArgs& a);
#include "softmax/variants.inc"
#undef HOTOPS_SOFTMAX

}  // namespace hotops::softmax
