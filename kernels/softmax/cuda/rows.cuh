// The softmax kernel of every device variant: one team (a warp, or a block) per row, running
// one algorithm of algorithms.cuh; and its launch. Variant files are one line each.
#pragma once
#include <climits>
#include <stdexcept>
#include <string>

#include "core/cuda_check.h"
#include "softmax/cuda/algorithms.cuh"
#include "softmax/softmax.h"

namespace hotops::softmax::cuda {

using Warp = hotops::cuda::WarpRows;    // short rows
using Block = hotops::cuda::BlockRows;  // long rows

template <class Alg, class Shape>
__global__ void __launch_bounds__(Shape::kThreads, Shape::kMinBlocks)
    softmax_rows(const float* __restrict__ x, float* __restrict__ y, int64_t rows, int64_t n) {
  __shared__ typename Shape::Scratch scratch[Alg::kReductions];  // one per reduction: no reuse, no extra barrier
  const int64_t row = Shape::row();
  if (row >= rows) return;  // whole teams only: a team shares its row
  softmax_row<Alg, Shape>(x + row * n, y + row * n, n, scratch);
}

template <class Alg, class Shape>
void launch(const SoftmaxArgs& a, const char* name) {
  if (a.rows <= 0 || a.n <= 0) return;
  const int64_t blocks = (a.rows + Shape::kRowsPerBlock - 1) / Shape::kRowsPerBlock;
  if (blocks > INT_MAX) throw std::invalid_argument(std::string(name) + ": too many rows for one grid");
  softmax_rows<Alg, Shape>
      <<<unsigned(blocks), Shape::kThreads, 0, static_cast<cudaStream_t>(a.stream)>>>(a.x, a.y, a.rows, a.n);
  cuda_check_launch(name);
}

}  // namespace hotops::softmax::cuda
