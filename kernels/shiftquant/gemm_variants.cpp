// The GEMM variants: each picks the GEMM library's ISA (kernels/gemm does the ISA work, in its own
// ISA-flagged files), so this file needs no ISA flags.
#include "shiftquant/shiftquant.h"

namespace hotops::shiftquant {

using I = gemm::Isa;

void gemm_shift__scalar(const GemmArgs& a) { run_gemm(I::scalar, false, a); }
void gemm_shift__avx2(const GemmArgs& a) { run_gemm(I::avx2, false, a); }
void gemm_shift__avxvnni(const GemmArgs& a) { run_gemm(I::avxvnni, false, a); }
void gemm_shift__avx512vnni(const GemmArgs& a) { run_gemm(I::avx512vnni, false, a); }
void gemm_fmagroup__scalar(const GemmArgs& a) { run_gemm(I::scalar, false, a); }
void gemm_fmagroup__avx2(const GemmArgs& a) { run_gemm(I::avx2, false, a); }
void gemm_fmagroup__avxvnni(const GemmArgs& a) { run_gemm(I::avxvnni, false, a); }
void gemm_fmagroup__avx512vnni(const GemmArgs& a) { run_gemm(I::avx512vnni, false, a); }
void gemm_rearranged__avx2(const GemmArgs& a) { run_gemm(I::avx2, true, a); }
void gemm_rearranged__avxvnni(const GemmArgs& a) { run_gemm(I::avxvnni, true, a); }
void gemm_rearranged__avx512vnni(const GemmArgs& a) { run_gemm(I::avx512vnni, true, a); }
void gemm_rowwise__scalar(const GemmArgs& a) { run_gemm(I::scalar, false, a); }
void gemm_rowwise__avx2(const GemmArgs& a) { run_gemm(I::avx2, false, a); }
void gemm_rowwise__avxvnni(const GemmArgs& a) { run_gemm(I::avxvnni, false, a); }
void gemm_rowwise__avx512vnni(const GemmArgs& a) { run_gemm(I::avx512vnni, false, a); }
void gemm_f32__scalar(const GemmArgs& a) { run_gemm(I::scalar, false, a); }
void gemm_f32__avx2(const GemmArgs& a) { run_gemm(I::avx2, false, a); }
void gemm_f32__avx512f(const GemmArgs& a) { run_gemm(I::avx512f, false, a); }
void gemm_f16__scalar(const GemmArgs& a) { run_gemm(I::scalar, false, a); }
void gemm_f16__avx2(const GemmArgs& a) { run_gemm(I::avx2, false, a); }
void gemm_f16__avx512f(const GemmArgs& a) { run_gemm(I::avx512f, false, a); }
void gemm_bf16__scalar(const GemmArgs& a) { run_gemm(I::scalar, false, a); }
void gemm_bf16__avx512bf16(const GemmArgs& a) { run_gemm(I::avx512bf16, false, a); }

}  // namespace hotops::shiftquant
