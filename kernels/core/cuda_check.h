// CUDA runtime errors as exceptions that name the call; shared by every host file that
// calls the runtime. Include only where HOTOPS_HAVE_CUDA is defined (or from .cu files).
#pragma once
#include <cuda_runtime_api.h>

#include <stdexcept>
#include <string>

namespace hotops {

inline void cuda_check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

// After a kernel launch: a bad configuration shows up here, not at the next call.
inline void cuda_check_launch(const char* kernel) { cuda_check(cudaGetLastError(), kernel); }  // and clears it

}  // namespace hotops
