#include "core/device_timer.h"

#include <stdexcept>
#include <string>

#include "core/device_memory.h"

#ifdef HOTOPS_HAVE_CUDA
#include <cuda_runtime_api.h>
#endif

namespace hotops {
namespace {
#ifdef HOTOPS_HAVE_CUDA
void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}
#else
[[noreturn]] void no_cuda() { throw std::runtime_error("hotops was built without CUDA"); }
#endif
}  // namespace

#ifdef HOTOPS_HAVE_CUDA
DeviceTimer::DeviceTimer(void* stream) : stream_(stream) {
  cudaEvent_t b, e;
  check(cudaEventCreate(&b), "cudaEventCreate");
  check(cudaEventCreate(&e), "cudaEventCreate");
  begin_ = b, end_ = e;
}
DeviceTimer::~DeviceTimer() {
  cudaEventDestroy(static_cast<cudaEvent_t>(begin_));
  cudaEventDestroy(static_cast<cudaEvent_t>(end_));
}
void DeviceTimer::start() {
  check(cudaEventRecord(static_cast<cudaEvent_t>(begin_), static_cast<cudaStream_t>(stream_)), "cudaEventRecord");
}
double DeviceTimer::stop() {
  check(cudaEventRecord(static_cast<cudaEvent_t>(end_), static_cast<cudaStream_t>(stream_)), "cudaEventRecord");
  check(cudaEventSynchronize(static_cast<cudaEvent_t>(end_)), "cudaEventSynchronize");
  float ms = 0;
  check(cudaEventElapsedTime(&ms, static_cast<cudaEvent_t>(begin_), static_cast<cudaEvent_t>(end_)),
        "cudaEventElapsedTime");
  return double(ms) * 1e-3;
}

void flush_device_l2(void* stream) {
  static DeviceBuffer scratch = [] {
    int device = 0, l2 = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, device), "cudaDeviceGetAttribute(L2)");
    return DeviceBuffer(2 * size_t(l2 > 0 ? l2 : 64 << 20));
  }();
  static int pattern = 0;
  check(cudaMemsetAsync(scratch.data(), ++pattern & 0xff, scratch.bytes(), static_cast<cudaStream_t>(stream)),
        "cudaMemsetAsync (L2 flush)");
  check(cudaStreamSynchronize(static_cast<cudaStream_t>(stream)), "cudaStreamSynchronize");
}
#else
DeviceTimer::DeviceTimer(void* stream) : stream_(stream) { no_cuda(); }
DeviceTimer::~DeviceTimer() = default;
void DeviceTimer::start() { no_cuda(); }
double DeviceTimer::stop() { no_cuda(); }
void flush_device_l2(void*) { no_cuda(); }
#endif

}  // namespace hotops
