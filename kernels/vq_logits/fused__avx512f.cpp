#include "vq_logits/paths.h"

namespace hotops::vq_logits {
void fused__avx512f(const VqArgs& a) { run(Path::fused, Gemm::gemv, ops_avx512f(), a); }
}  // namespace hotops::vq_logits
