#include "vq_logits/paths.h"

namespace hotops::vq_logits {
void fused__scalar(const VqArgs& a) { run(Path::fused, Gemm::gemv, ops_scalar(), a); }
}  // namespace hotops::vq_logits
