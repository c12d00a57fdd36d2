// Shared by the norm tests: the core check (core/check.h) of a kernel's raw output, as the
// families apply it: errors relative to the rms of each reference row.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/check.h"

namespace hotops::norm {

template <class T>
OutputCheck check_rows(const std::vector<T>& y, DType t, const std::vector<double>& ref, int64_t rows, int64_t width,
                       double tol) {
  Tensor out({"y", t, {rows, width}, Access::out});
  std::copy(y.begin(), y.end(), out.host_as<T>());
  Expected e;
  e.output = "y", e.values = ref, e.floor = Expected::Floor::row_rms;
  return compare(out, e, tol);
}

}  // namespace hotops::norm
