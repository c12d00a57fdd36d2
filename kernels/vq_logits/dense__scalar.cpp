#include "vq_logits/paths.h"

namespace hotops::vq_logits {
void dense__scalar(const VqArgs& a) { run(Path::dense, Gemm::gemv, ops_scalar(), a); }
}  // namespace hotops::vq_logits
