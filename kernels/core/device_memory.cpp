#include "core/device_memory.h"

#include <stdexcept>
#include <string>

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

DeviceBuffer::DeviceBuffer(size_t bytes) : bytes_(bytes) {
#ifdef HOTOPS_HAVE_CUDA
  void* p = nullptr;
  check(cudaMalloc(&p, bytes ? bytes : 1), "cudaMalloc");
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
  check(cudaMemcpy(data(), host, bytes_, cudaMemcpyHostToDevice), "cudaMemcpy to device");
#else
  (void)host;
  no_cuda();
#endif
}

void DeviceBuffer::download(void* host) const {
#ifdef HOTOPS_HAVE_CUDA
  check(cudaMemcpy(host, data(), bytes_, cudaMemcpyDeviceToHost), "cudaMemcpy to host");
#else
  (void)host;
  no_cuda();
#endif
}

}  // namespace hotops
