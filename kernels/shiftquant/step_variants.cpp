// The training-step variants: the GEMM library's ISA and the quantizer's (the widest the variant's
// ISA has: AVX2 code on AVX2 / AVX-VNNI, AVX-512 code on the AVX-512 ISAs). No ISA code here.
#include "shiftquant/shiftquant.h"

namespace hotops::shiftquant {

using I = gemm::Isa;
using Q = QIsa;

void step_shift__scalar(const StepArgs& a) { run_step(I::scalar, Q::scalar, false, a); }
void step_shift__avx2(const StepArgs& a) { run_step(I::avx2, Q::avx2, false, a); }
void step_shift__avxvnni(const StepArgs& a) { run_step(I::avxvnni, Q::avx2, false, a); }
void step_shift__avx512vnni(const StepArgs& a) { run_step(I::avx512vnni, Q::avx512f, false, a); }
void step_fmagroup__avx2(const StepArgs& a) { run_step(I::avx2, Q::avx2, false, a); }
void step_fmagroup__avxvnni(const StepArgs& a) { run_step(I::avxvnni, Q::avx2, false, a); }
void step_fmagroup__avx512vnni(const StepArgs& a) { run_step(I::avx512vnni, Q::avx512f, false, a); }
void step_rearranged__avx512vnni(const StepArgs& a) { run_step(I::avx512vnni, Q::avx512f, true, a); }
void step_rowwise__avx2(const StepArgs& a) { run_step(I::avx2, Q::avx2, false, a); }
void step_rowwise__avxvnni(const StepArgs& a) { run_step(I::avxvnni, Q::avx2, false, a); }
void step_rowwise__avx512vnni(const StepArgs& a) { run_step(I::avx512vnni, Q::avx512f, false, a); }
void step_f32__scalar(const StepArgs& a) { run_step(I::scalar, Q::scalar, false, a); }
void step_f32__avx2(const StepArgs& a) { run_step(I::avx2, Q::avx2, false, a); }
void step_f32__avx512f(const StepArgs& a) { run_step(I::avx512f, Q::avx512f, false, a); }
void step_f16__avx2(const StepArgs& a) { run_step(I::avx2, Q::avx2, false, a); }
void step_f16__avx512f(const StepArgs& a) { run_step(I::avx512f, Q::avx512f, false, a); }
void step_bf16__avx512bf16(const StepArgs& a) { run_step(I::avx512bf16, Q::avx512f, false, a); }

}  // namespace hotops::shiftquant
