// Row splitting for own CPU kernels, which are single-threaded: a case run with threads > 1
// gives each OpenMP thread one contiguous block of rows.
#pragma once
#include <cstdint>

namespace hotops {

// Calls fn(lo, hi, t) for t in [0, blocks), blocks covering [0, rows) in order; blocks is
// `threads`, or 1 when there are fewer rows than threads.
template <class F>
void split_rows(int64_t rows, int threads, F&& fn) {
  if (threads <= 1 || rows < threads) {
    fn(int64_t(0), rows, 0);
    return;
  }
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int t = 0; t < threads; ++t) fn(rows * t / threads, rows * (t + 1) / threads, t);
}

inline int row_blocks(int64_t rows, int threads) { return threads > 1 && rows >= threads ? threads : 1; }

}  // namespace hotops
