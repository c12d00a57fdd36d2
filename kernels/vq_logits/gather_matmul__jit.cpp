#ifdef HOTOPS_HAVE_ONEDNN
#include "vq_logits/paths.h"

namespace hotops::vq_logits {
void gather_matmul__jit(const VqArgs& a) { run(Path::gather, Gemm::matmul, best_ops(), a); }
}  // namespace hotops::vq_logits
#endif
