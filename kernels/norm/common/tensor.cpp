#include "norm/common/tensor.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/bf16.h"

namespace hotops::norm {

Tensor::Tensor(DType t, int64_t rows, int64_t width)
    : t_(t), rows_(rows), width_(width), buf_(size_t(rows) * size_t(width) * dtype_size(t)) {
  std::memset(buf_.data(), 0, buf_.size());  // touch the pages before anything is timed
}

void Tensor::set(const double* v, double scale) {
  const size_t n = count();
  switch (t_) {
    case DType::f32:
      for (size_t i = 0; i < n; ++i) reinterpret_cast<float*>(data())[i] = float(v[i]);
      break;
    case DType::bf16:  // via f32: double → f32 → bf16 can double-round, but the stored value is what counts
      for (size_t i = 0; i < n; ++i) reinterpret_cast<bf16*>(data())[i] = f32_to_bf16(float(v[i]));
      break;
    case DType::int8:
      for (size_t i = 0; i < n; ++i)
        reinterpret_cast<int8_t*>(data())[i] = int8_t(std::clamp(std::nearbyint(v[i] / scale), -128.0, 127.0));
      break;
  }
}

double Tensor::at(size_t i) const {
  switch (t_) {
    case DType::f32:
      return reinterpret_cast<const float*>(data())[i];
    case DType::bf16:
      return bf16_to_f32(reinterpret_cast<const bf16*>(data())[i]);
    case DType::int8:
      return reinterpret_cast<const int8_t*>(data())[i];
  }
  return 0;
}

void Tensor::get(double* out) const {
  const size_t n = count();
  for (size_t i = 0; i < n; ++i) out[i] = at(i);
}

void Tensor::get_row(int64_t r, double* out) const {
  const size_t off = size_t(r) * size_t(width_);
  for (int64_t j = 0; j < width_; ++j) out[j] = at(off + size_t(j));
}

void Tensor::poison() {
  const size_t n = count();
  switch (t_) {
    case DType::f32:
      std::fill_n(reinterpret_cast<float*>(data()), n, std::numeric_limits<float>::quiet_NaN());
      break;
    case DType::bf16:
      std::fill_n(reinterpret_cast<bf16*>(data()), n, bf16{0x7fc0});
      break;
    case DType::int8:
      std::fill_n(reinterpret_cast<int8_t*>(data()), n, int8_t(-77));
      break;
  }
}

}  // namespace hotops::norm
