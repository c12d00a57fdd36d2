#include "vq_logits/paths.h"

namespace hotops::vq_logits {
void dense__avx2(const VqArgs& a) { run(Path::dense, Gemm::gemv, ops_avx2(), a); }
}  // namespace hotops::vq_logits
