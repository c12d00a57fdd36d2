// Large square GEMMs through cuBLAS (cublasGemmEx, which dispatches to cuBLASLt kernels): the
// reachable tensor-core and FMA rates of a device. cuBLAS is loaded at run time (it is not in
// the driver, and too large to bundle): from $HOTOPS_CUBLAS, else libcublas.so.<major> on the
// library path; without it every GEMM ceiling is skipped with the reason.
#pragma once
#include <string>
#include <vector>

namespace hotops::measure::gpu {

struct GemmPeak {
  std::string name;     // "bf16 cublas gemm", ...
  std::string dtype;    // of A and B: fp32 tf32 bf16 fp16 int8
  std::string unit;     // GFLOP/s or GOP/s
  int size = 0;         // m = n = k
  std::vector<double> rates;  // per timed call, in unit
  std::string skipped;  // why not measured (empty when measured)
};

struct CublasInfo {
  std::string library;  // what was loaded, or empty
  std::string version;  // e.g. "13.1.0"
  std::string why;      // why cuBLAS is unavailable (empty when loaded)
};

// fp32 (FMA), tf32, bf16 and fp16 (fp32 accumulation) and int8 (int32 accumulation), A
// transposed (the layout every type supports), random data; `samples` timed calls each after
// two warm-up calls.
std::vector<GemmPeak> measure_gemm_peaks(int size, int samples, CublasInfo* info);

}  // namespace hotops::measure::gpu
