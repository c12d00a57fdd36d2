// Device (CUDA) memory for operands. Without the CUDA runtime linked in, every call throws:
// device variants are then skipped before anything reaches here.
#pragma once
#include <cstddef>
#include <memory>

namespace hotops {

class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t bytes);  // throws std::runtime_error naming the CUDA error
  void* data() const { return p_.get(); }
  size_t bytes() const { return bytes_; }
  void upload(const void* host);   // host -> device, all bytes
  void download(void* host) const;  // device -> host, all bytes

 private:
  struct Free {
    void operator()(void* p) const;
  };
  std::unique_ptr<void, Free> p_;
  size_t bytes_ = 0;
};

}  // namespace hotops
