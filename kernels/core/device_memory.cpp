#include "core/device_memory.h"

#include "core/cuda_check.h"

namespace hotops {

DeviceBuffer::DeviceBuffer(size_t bytes) : bytes_(bytes) {
#ifdef HOTOPS_HAVE_CUDA
  void* p = nullptr;
  cuda_check(cudaMalloc(&p, bytes ? bytes : 1), "cudaMalloc");
  p_.reset(p);
#else
  no_cuda();
#endif
}

void DeviceBuffer::Free::operator()(void* p) const {
#ifdef HOTOPS_HAVE_CUDA
  cudaFree(p);
#else
  (void)p;
#endif
}

void DeviceBuffer::upload(const void* host) {
#ifdef HOTOPS_HAVE_CUDA
  cuda_check(cudaMemcpy(data(), host, bytes_, cudaMemcpyHostToDevice), "cudaMemcpy to device");
#else
  (void)host;
  no_cuda();
#endif
}

void DeviceBuffer::download(void* host) const {
#ifdef HOTOPS_HAVE_CUDA
  cuda_check(cudaMemcpy(host, data(), bytes_, cudaMemcpyDeviceToHost), "cudaMemcpy to host");
#else
  (void)host;
  no_cuda();
#endif
}

}  // namespace hotops
