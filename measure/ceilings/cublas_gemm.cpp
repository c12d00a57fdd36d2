#include "measure/ceilings/cublas_gemm.h"

#ifdef HOTOPS_HAVE_CUDA
#include <cublas_v2.h>
#include <dlfcn.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <type_traits>

#include "core/cuda_check.h"
#include "core/device_memory.h"
#include "core/device_timer.h"
#include "measure/ceilings/gpu_bench.h"
#endif

namespace hotops::measure::gpu {

#ifdef HOTOPS_HAVE_CUDA
namespace {

// The cuBLAS entry points used, typed from cublas_v2.h, found with dlsym.
struct Cublas {
  decltype(&cublasCreate_v2) create = nullptr;
  decltype(&cublasDestroy_v2) destroy = nullptr;
  decltype(&cublasSetStream_v2) set_stream = nullptr;
  decltype(&cublasGetProperty) property = nullptr;
  // cublasGemmEx is overloaded in C++ (an older computeType); this is the C entry point.
  cublasStatus_t (*gemm)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int, int, int, const void*, const void*,
                         cudaDataType, int, const void*, cudaDataType, int, const void*, void*, cudaDataType, int,
                         cublasComputeType_t, cublasGemmAlgo_t) = nullptr;
  CublasInfo info;

  Cublas() {
    const char* env = std::getenv("HOTOPS_CUBLAS");
    const std::string name = env && *env ? env : "libcublas.so." + std::to_string(CUBLAS_VER_MAJOR);
    void* lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char* e = dlerror();
      info.why = "cuBLAS not loadable (" + std::string(e ? e : name) +
                 "); put its directory on LD_LIBRARY_PATH or name the file in HOTOPS_CUBLAS";
      return;
    }
    auto sym = [&](auto& f, const char* s) {
      f = reinterpret_cast<std::remove_reference_t<decltype(f)>>(dlsym(lib, s));
    };
    sym(create, "cublasCreate_v2"), sym(destroy, "cublasDestroy_v2"), sym(set_stream, "cublasSetStream_v2");
    sym(property, "cublasGetProperty"), sym(gemm, "cublasGemmEx");
    if (!create || !destroy || !set_stream || !property || !gemm) {
      info.why = name + " lacks cublasCreate_v2, cublasDestroy_v2, cublasSetStream_v2, cublasGetProperty or cublasGemmEx";
      return;
    }
    info.library = name;
    int v[3] = {};
    for (int i = 0; i < 3; ++i) property(libraryPropertyType(i), &v[i]);  // MAJOR, MINOR, PATCH
    info.version = std::to_string(v[0]) + "." + std::to_string(v[1]) + "." + std::to_string(v[2]);
  }
};

struct Spec {
  const char* name;
  const char* dtype;
  cudaDataType ab, c;
  cublasComputeType_t compute;
  Fill fill;
  size_t ab_bytes, c_bytes;
};

const Spec kSpecs[] = {
    {"fp32 cublas gemm", "fp32", CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F, Fill::f32, 4, 4},
    {"tf32 cublas gemm", "tf32", CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F_FAST_TF32, Fill::f32, 4, 4},
    {"bf16 cublas gemm", "bf16", CUDA_R_16BF, CUDA_R_16BF, CUBLAS_COMPUTE_32F, Fill::bf16, 2, 2},
    {"fp16 cublas gemm", "fp16", CUDA_R_16F, CUDA_R_16F, CUBLAS_COMPUTE_32F, Fill::f16, 2, 2},
    {"int8 cublas gemm", "int8", CUDA_R_8I, CUDA_R_32I, CUBLAS_COMPUTE_32I, Fill::i8, 1, 4},
};

std::string status_text(cublasStatus_t s) { return "cublasGemmEx returned status " + std::to_string(int(s)); }

}  // namespace

std::vector<GemmPeak> measure_gemm_peaks(int size, int samples, CublasInfo* info) {
  static const Cublas cublas;
  *info = cublas.info;
  std::vector<GemmPeak> out;
  for (const Spec& s : kSpecs) {
    GemmPeak p{s.name, s.dtype, s.ab == CUDA_R_8I ? "GOP/s" : "GFLOP/s", size, {}, cublas.info.why};
    out.push_back(p);
  }
  if (!cublas.info.why.empty()) return out;

  cublasHandle_t handle = nullptr;
  if (const cublasStatus_t st = cublas.create(&handle); st != CUBLAS_STATUS_SUCCESS) {
    for (GemmPeak& p : out) p.skipped = "cublasCreate returned status " + std::to_string(int(st));
    return out;
  }
  void* stream = timing_stream();
  cublas.set_stream(handle, static_cast<cudaStream_t>(stream));
  const size_t n = size_t(size), elements = n * n;
  const double ops = 2.0 * double(n) * double(n) * double(n);
  for (size_t i = 0; i < out.size(); ++i) {
    const Spec& s = kSpecs[i];
    GemmPeak& p = out[i];
    try {
      DeviceBuffer a(elements * s.ab_bytes), b(elements * s.ab_bytes), c(elements * s.c_bytes);
      fill_random(a.data(), int64_t(elements), s.fill, 1), fill_random(b.data(), int64_t(elements), s.fill, 2);
      const float alpha_f = 1, beta_f = 0;
      const int32_t alpha_i = 1, beta_i = 0;
      const bool integer = s.compute == CUBLAS_COMPUTE_32I;
      const void* alpha = integer ? static_cast<const void*>(&alpha_i) : &alpha_f;
      const void* beta = integer ? static_cast<const void*>(&beta_i) : &beta_f;
      cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
      DeviceCallTimer timer(stream, [&] {
        st = cublas.gemm(handle, CUBLAS_OP_T, CUBLAS_OP_N, size, size, size, alpha, a.data(), s.ab, size, b.data(), s.ab,
                         size, beta, c.data(), s.c, size, s.compute, CUBLAS_GEMM_DEFAULT);
        if (st != CUBLAS_STATUS_SUCCESS) throw std::runtime_error(status_text(st));
      }, /*flush_l2=*/false);
      for (int k = 0; k < samples; ++k) p.rates.push_back(ops / timer.sample() / 1e9);
    } catch (const std::exception& e) {
      p.rates.clear();
      p.skipped = e.what();
    }
  }
  cublas.destroy(handle);
  return out;
}
#else
std::vector<GemmPeak> measure_gemm_peaks(int, int, CublasInfo* info) {
  info->why = "hotops was built without CUDA";
  return {};
}
#endif

}  // namespace hotops::measure::gpu
