// An operand by role: name, dtype, shape, access, and its storage on the host (and, for a
// device variant, a mirror on the device). Values read and written as double are the exact
// stored values (int8: q itself, without any scale) — what fp64 references compute from.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/buffer.h"
#include "core/device_memory.h"
#include "core/dtype.h"

namespace hotops {

enum class Access : uint8_t {
  in,       // read by the kernel; filled from the input kind
  out,      // written by the kernel; poisoned before a check, then compared with the reference
  state,    // read and updated (a training step's weights): reset() restores the filled values
  scratch,  // workspace the case owns; neither checked nor reset
};

// What a family declares per operand (Family::operands), before anything is allocated.
struct Operand {
  std::string role;
  DType dtype;
  std::vector<int64_t> shape;  // row-major, innermost last
  Access access = Access::in;
  double count() const;        // elements, in double: cannot overflow before the memory check
  double bytes() const;
};

class Tensor {
 public:
  explicit Tensor(Operand spec);  // host storage, zeroed (pages touched before any timing)

  const Operand& spec() const { return spec_; }
  const std::string& role() const { return spec_.role; }
  DType dtype() const { return spec_.dtype; }
  const std::vector<int64_t>& shape() const { return spec_.shape; }
  int64_t dim(int i) const { return spec_.shape[size_t(i < 0 ? int(spec_.shape.size()) + i : i)]; }
  size_t count() const { return count_; }
  size_t bytes() const { return host_.size(); }
  int64_t width() const { return spec_.shape.empty() ? 1 : spec_.shape.back(); }  // innermost extent
  int64_t rows() const { return width() ? int64_t(count_) / width() : 0; }

  void* host() { return host_.data(); }
  const void* host() const { return host_.data(); }
  template <class T>
  T* host_as() { return reinterpret_cast<T*>(host_.data()); }
  template <class T>
  const T* host_as() const { return reinterpret_cast<const T*>(host_.data()); }

  // Element access as double (exact stored values) and rounding stores: floats to nearest
  // even; integers q = round(v / scale), saturated to the type's range.
  double at(size_t i) const;
  void put(size_t i, double v, double scale = 1.0);
  void set(const double* v, double scale = 1.0);  // all elements
  void set(const std::vector<double>& v, double scale = 1.0) { set(v.data(), scale); }
  std::vector<double> values() const;
  void poison();  // NaN everywhere (integers: a fixed odd pattern): unwritten outputs show up

  // Device mirror (device variants): allocated on first use; copies are explicit.
  void* device();
  void to_device();
  void from_device();
  bool on_device() const { return device_.data() != nullptr; }

 private:
  Operand spec_;
  size_t count_;
  Buffer<std::byte> host_;
  DeviceBuffer device_;
};

}  // namespace hotops
