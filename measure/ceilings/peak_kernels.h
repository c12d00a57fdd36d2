// Peak-throughput kernels: independent multiply-add chains held in registers, enough
// of them to cover latency × pipes on current x86 cores. Each runs `iterations`
// rounds and returns the operations done (a multiply-add counts 2; an int8/bf16 dot
// counts 2 per element pair). Files named *_<isa>.cpp get that ISA's flags.
#pragma once
#include <cstdint>

namespace hotops::measure {

// Baseline x86-64 (SSE2): what code compiled without ISA flags can reach.
double peak_fp32_scalar(int64_t iterations);  // mulss/addss, one lane
double peak_fp64_scalar(int64_t iterations);
double peak_fp32_sse2(int64_t iterations);    // mulps/addps, four lanes
double peak_fp64_sse2(int64_t iterations);
// AVX2 + FMA.
double peak_fp32_avx2_fma(int64_t iterations);
double peak_fp64_avx2_fma(int64_t iterations);
double peak_int8_avx2(int64_t iterations);    // vpmaddubsw + vpmaddwd + vpaddd
double peak_int8_avxvnni(int64_t iterations);  // vpdpbusd ymm
// AVX-512.
double peak_fp32_avx512f_fma(int64_t iterations);
double peak_fp64_avx512f_fma(int64_t iterations);
double peak_bf16_avx512bf16(int64_t iterations);  // vdpbf16ps zmm
double peak_int8_avx512vnni(int64_t iterations);  // vpdpbusd zmm

}  // namespace hotops::measure
