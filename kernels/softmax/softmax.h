// Softmax family (KERNELS.md §1): y = exp(x − max x) / Σ exp(x − max x), per row.
#pragma once
#include <cstdint>

#include "core/variant.h"

namespace hotops::softmax {

struct SoftmaxArgs {
  int64_t rows;
  int64_t n;  // row length; rows are contiguous (stride n)
  const float* x;
  float* y;                // may not alias x
  int threads;             // peers use it; own CPU kernels are single-threaded (the family splits rows)
  void* stream = nullptr;  // device variants: the cudaStream_t to launch on
};

// f(x, y, n) for each row of a: its input, its output and their length.
template <class F>
void for_each_row(const SoftmaxArgs& a, F&& f) {
  for (int64_t r = 0; r < a.rows; ++r) f(a.x + r * a.n, a.y + r * a.n, a.n);
}

// Traffic of an algorithm that reads x `R` times and writes y `W` times per element when a
// row streams from memory (KERNELS.md §1); the family minimum is R = W = 1.
template <int R, int W>
Work passes(const Problem&, const Work& minimum) {
  Work w = minimum;
  w.bytes_read = minimum.bytes_read * R;
  w.bytes_written = minimum.bytes_written * W;
  return w;
}

#define HOTOPS_VARIANT(name, ...) void name(const SoftmaxArgs& a);
#include "softmax/variants.inc"
#undef HOTOPS_VARIANT

}  // namespace hotops::softmax
