// Whether a CUDA device is usable. Without the CUDA runtime linked there is none.
#ifdef HOTOPS_HAVE_CUDA
#include <cuda_runtime_api.h>
#endif

namespace hotops {
bool cuda_device_present() {
#ifdef HOTOPS_HAVE_CUDA
  static const bool present = [] {
    int n = 0;
    return cudaGetDeviceCount(&n) == cudaSuccess && n > 0;
  }();
  return present;
#else
  return false;
#endif
}
}  // namespace hotops
