// Integer GEMMs on AVX-VNNI: vpdpbusd (VEX, 256-bit; int8_256.h) on 6×24 tiles. The same code,
// EVEX-encoded, runs as avx512vnni_ymm (int_avx512vnni.cpp): that is how it is tested on CPUs
// without AVX-VNNI.
#include "gemm/int8_256.h"
#include "gemm/int_job.h"

namespace hotops::gemm {

void impl::int_avxvnni(const IntCall& c) { run_int_call<VnniYmm, 6, 3, 2>(c); }
void impl::rearranged_avxvnni(const IntCall& c) { run_rearranged<VnniYmm, 6, 2>(c); }

}  // namespace hotops::gemm
