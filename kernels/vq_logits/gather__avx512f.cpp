#include "vq_logits/paths.h"

namespace hotops::vq_logits {
void gather__avx512f(const VqArgs& a) { run(Path::gather, Gemm::gemv, ops_avx512f(), a); }
}  // namespace hotops::vq_logits
