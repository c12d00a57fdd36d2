// Timing of device variants: CUDA events around one call on its stream (the time the
// device spent, not the host's launch overhead), and an L2 flush between calls for
// out-of-cache problems, sized from the device's L2. Without CUDA every call throws.
#pragma once
#include <memory>

namespace hotops {

class DeviceTimer {
 public:
  explicit DeviceTimer(void* stream = nullptr);  // cudaStream_t; null = the default stream
  ~DeviceTimer();
  DeviceTimer(const DeviceTimer&) = delete;
  DeviceTimer& operator=(const DeviceTimer&) = delete;
  void start();
  double stop();  // seconds between start() and now, on the stream (waits for it)

 private:
  void* stream_;
  void* begin_ = nullptr;  // cudaEvent_t
  void* end_ = nullptr;
};

// Evicts the device's L2: writes a buffer of twice its size on the stream (then waits).
void flush_device_l2(void* stream = nullptr);

}  // namespace hotops
