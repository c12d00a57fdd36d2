// The row loop of the float-storage (f32 or bf16) forwards: float_rows runs a per-row
// algorithm over every row. (rows_of is kept out of line: whether GCC inlines it into the
// storage dispatch otherwise flips with unrelated edits and moves the loops' code by ±5 %.)
// Algo::stats<S>(x, a, next) reduces one row of storage type T to RowStats, and
// Algo::write<S>(x, y, a, stats, next) writes its output; `next` is the row to prefetch.
// An Algo with kShortVectors takes rows of at most that many vectors through
// Algo::short_row<S>(x, y, a), which keeps the row in registers.
#pragma once
#include <stdexcept>
#include <string>

#include "core/bf16.h"
#include "norm/common/args.h"

namespace hotops::norm {
namespace {

// Short rows go in blocks: the statistics of a few rows first, then their outputs. The
// rows' reduction chains are independent, so they overlap instead of each row's output
// pass waiting out the latency of its own sums and square root.
template <class S, class T, class Algo>
[[gnu::noinline]] void rows_of(const RowNormArgs& a) {
  constexpr int64_t kBlock = 4;
  const int64_t block = a.d <= 1024 ? kBlock : 1;
  const T* x = static_cast<const T*>(a.x);
  T* y = static_cast<T*>(a.y);
  if constexpr (requires { Algo::kShortVectors; }) {
    if (a.d <= Algo::kShortVectors * S::W) {  // the row fits in registers
      for (int64_t r = 0; r < a.rows; ++r) Algo::template short_row<S>(x + r * a.d, y + r * a.d, a);
      return;
    }
  }
  for (int64_t r = 0; r < a.rows; r += block) {
    const int64_t n = a.rows - r < block ? a.rows - r : block;
    const T* next = x + (r + block) * a.d;  // prefetched while these rows are in cache
    RowStats rs[kBlock];
    for (int64_t i = 0; i < n; ++i) rs[i] = Algo::template stats<S>(x + (r + i) * a.d, a, next + i * a.d);
    for (int64_t i = 0; i < n; ++i)
      Algo::template write<S>(x + (r + i) * a.d, y + (r + i) * a.d, a, rs[i], next + i * a.d);
  }
}

// The error of a float-storage kernel (f32 or bf16) called with another storage type.
[[noreturn]] inline void not_float_storage(DType t) {
  throw std::invalid_argument("float-storage norm kernel called with " + std::string(dtype_name(t)) + " storage");
}

template <class S, class Algo>
void float_rows(const RowNormArgs& a) {
  if (a.dtype == DType::f32) return rows_of<S, float, Algo>(a);
  if (a.dtype == DType::bf16) return rows_of<S, bf16, Algo>(a);
  not_float_storage(a.dtype);
}

}  // namespace
}  // namespace hotops::norm
