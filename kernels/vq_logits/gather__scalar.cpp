#include "vq_logits/paths.h"

namespace hotops::vq_logits {
void gather__scalar(const VqArgs& a) { run(Path::gather, Gemm::gemv, ops_scalar(), a); }
}  // namespace hotops::vq_logits
