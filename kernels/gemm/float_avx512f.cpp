// f32 and fp16-storage GEMMs on AVX-512F: 8×48 tiles (24 accumulators), FMA with the A value
// broadcast. fp16 operands are widened with F16C (vcvtph2ps) while packing, so the microkernel
// is the f32 one: these CPUs have no fp16 arithmetic.
#include "core/simd/avx512.h"
#include "gemm/float_job.h"

namespace hotops::gemm {

void impl::float_avx512f(const FloatCall& c) {
  using F32 = F32On<simd::Avx512>;
  if (c.elem == Elem::f32) return run_float<F32, 8, 3>(c);
  run_float<F16Source<F32>, 8, 3>(c);  // the dispatcher sends no bf16 here
}

}  // namespace hotops::gemm
