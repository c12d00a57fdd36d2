// A rows × width activation tensor stored as f32, bf16 or int8, with its exact stored
// values readable as double (what the fp64 references compute from).
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/buffer.h"
#include "norm/common/dtype.h"

namespace hotops::norm {

class Tensor {
 public:
  Tensor() = default;
  Tensor(DType t, int64_t rows, int64_t width);

  DType dtype() const { return t_; }
  int64_t rows() const { return rows_; }
  int64_t width() const { return width_; }
  size_t count() const { return size_t(rows_) * size_t(width_); }
  size_t bytes() const { return count() * dtype_size(t_); }
  void* data() { return buf_.data(); }
  const void* data() const { return buf_.data(); }
  void* row(int64_t r) { return buf_.data() + size_t(r) * size_t(width_) * dtype_size(t_); }
  const void* row(int64_t r) const { return buf_.data() + size_t(r) * size_t(width_) * dtype_size(t_); }

  // Stores v rounded to the dtype: f32 and bf16 to nearest even; int8 q = round(v / scale), saturated.
  void set(const double* v, double scale = 1.0);
  // The stored values exactly (int8: q itself, without the scale).
  void get(double* out) const;
  void get_row(int64_t r, double* out) const;
  double at(size_t i) const;
  // NaN everywhere (int8: a fixed pattern), so an output a kernel never writes shows up.
  void poison();

 private:
  DType t_ = DType::f32;
  int64_t rows_ = 0, width_ = 0;
  Buffer<std::byte> buf_;
};

}  // namespace hotops::norm
