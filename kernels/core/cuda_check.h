// CUDA runtime errors as exceptions that name the call, shared by every file that calls the
// runtime; in a build without CUDA, device calls throw no_cuda() (device variants are
// skipped before they get there).
#pragma once
#include <stdexcept>
#include <string>

#ifdef HOTOPS_HAVE_CUDA
#include <cuda_runtime_api.h>
#endif

namespace hotops {

[[noreturn]] inline void no_cuda() { throw std::runtime_error("hotops was built without CUDA"); }

#ifdef HOTOPS_HAVE_CUDA
inline void cuda_check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

// After a kernel launch: a bad configuration shows up here, not at the next call (and is cleared).
inline void cuda_check_launch(const char* kernel) { cuda_check(cudaGetLastError(), kernel); }
#endif

}  // namespace hotops
