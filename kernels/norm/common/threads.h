// Row splitting for the norm cases: own kernels are single-threaded, so a case with
// threads > 1 gives each OpenMP thread one contiguous block of rows.
#pragma once
#include <cstdint>

namespace hotops::norm {

// Calls fn(lo, hi, t) for t in [0, threads), blocks covering [0, rows) in order.
template <class F>
void split_rows(int64_t rows, int threads, F&& fn) {
  if (threads <= 1 || rows < threads) {
    fn(int64_t(0), rows, 0);
    return;
  }
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int t = 0; t < threads; ++t) fn(rows * t / threads, rows * (t + 1) / threads, t);
}

}  // namespace hotops::norm
