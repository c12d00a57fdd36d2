// f32 and fp16-storage GEMMs on AVX2 + FMA: 6×16 tiles (12 accumulators in 16 registers). fp16 is
// widened with F16C while packing; the microkernel is the f32 one.
#include "core/simd/avx2.h"
#include "gemm/float_job.h"

namespace hotops::gemm {

void impl::float_avx2(const FloatCall& c) {
  using F32 = F32On<simd::Avx2>;
  if (c.elem == Elem::f32) return run_float<F32, 6, 2>(c);
  run_float<F16Source<F32>, 6, 2>(c);
}

}  // namespace hotops::gemm
