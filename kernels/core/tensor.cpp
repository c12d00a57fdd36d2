#include "core/tensor.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/bf16.h"

namespace hotops {
namespace {

template <class I>
I saturate(double v, double scale) {
  const double q = std::nearbyint(v / scale);
  if (std::isnan(q)) return I(0);
  if (q >= double(std::numeric_limits<I>::max())) return std::numeric_limits<I>::max();  // int64's max rounds up
  return I(std::max(q, double(std::numeric_limits<I>::min())));
}

}  // namespace

double Operand::count() const {
  double n = 1;
  for (int64_t d : shape) n *= double(d);
  return n;
}
double Operand::bytes() const { return std::ceil(count() * dtype_bits(dtype) / 8.0); }

Tensor::Tensor(Operand spec) : spec_(std::move(spec)), count_(size_t(spec_.count())), host_(dtype_bytes(spec_.dtype, count_)) {
  std::memset(host_.data(), 0, host_.size());
}

double Tensor::at(size_t i) const {
  const void* p = host_.data();
  switch (spec_.dtype) {
    case DType::f64: return static_cast<const double*>(p)[i];
    case DType::f32: return static_cast<const float*>(p)[i];
    case DType::f16: return f16_to_f32(static_cast<const f16*>(p)[i]);
    case DType::bf16: return bf16_to_f32(static_cast<const bf16*>(p)[i]);
    case DType::int64: return double(static_cast<const int64_t*>(p)[i]);  // exact below 2^53
    case DType::int32: return static_cast<const int32_t*>(p)[i];
    case DType::int16: return static_cast<const int16_t*>(p)[i];
    case DType::int8: return static_cast<const int8_t*>(p)[i];
    case DType::uint8: return static_cast<const uint8_t*>(p)[i];
    case DType::int4: {
      const uint8_t b = static_cast<const uint8_t*>(p)[i / 2];
      const int nibble = (i % 2) ? b >> 4 : b & 0xf;
      return nibble >= 8 ? nibble - 16 : nibble;
    }
  }
  return 0;
}

void Tensor::put(size_t i, double v, double scale) {
  void* p = host_.data();
  switch (spec_.dtype) {
    case DType::f64: static_cast<double*>(p)[i] = v; break;
    case DType::f32: static_cast<float*>(p)[i] = float(v); break;
    // Via f32: the stored value is what counts, double rounding or not.
    case DType::f16: static_cast<f16*>(p)[i] = f32_to_f16(float(v)); break;
    case DType::bf16: static_cast<bf16*>(p)[i] = f32_to_bf16(float(v)); break;
    case DType::int64: static_cast<int64_t*>(p)[i] = saturate<int64_t>(v, scale); break;
    case DType::int32: static_cast<int32_t*>(p)[i] = saturate<int32_t>(v, scale); break;
    case DType::int16: static_cast<int16_t*>(p)[i] = saturate<int16_t>(v, scale); break;
    case DType::int8: static_cast<int8_t*>(p)[i] = saturate<int8_t>(v, scale); break;
    case DType::uint8: static_cast<uint8_t*>(p)[i] = saturate<uint8_t>(v, scale); break;
    case DType::int4: {
      const int q = int(std::clamp(std::nearbyint(v / scale), -8.0, 7.0));
      uint8_t& b = static_cast<uint8_t*>(p)[i / 2];
      b = (i % 2) ? uint8_t((b & 0x0f) | ((q & 0xf) << 4)) : uint8_t((b & 0xf0) | (q & 0xf));
      break;
    }
  }
}

void Tensor::set(const double* v, double scale) {
  for (size_t i = 0; i < count_; ++i) put(i, v[i], scale);
}

std::vector<double> Tensor::values() const {
  std::vector<double> out(count_);
  for (size_t i = 0; i < count_; ++i) out[i] = at(i);
  return out;
}

void Tensor::poison() {
  if (is_float(spec_.dtype)) {
    for (size_t i = 0; i < count_; ++i) put(i, std::numeric_limits<double>::quiet_NaN());
  } else {
    std::memset(host_.data(), 0xb3, host_.size());  // -77 as int8, odd in every width
  }
}

void* Tensor::device() {
  if (!device_.data()) device_ = DeviceBuffer(host_.size());
  return device_.data();
}
void Tensor::to_device() { device(), device_.upload(host_.data()); }
void Tensor::from_device() { device_.download(host_.data()); }

}  // namespace hotops
