#include "vq_logits/paths.h"

namespace hotops::vq_logits {
void gather__avx2(const VqArgs& a) { run(Path::gather, Gemm::gemv, ops_avx2(), a); }
}  // namespace hotops::vq_logits
