// L1 norm backward family: the shared backward family (common/bwd_family.h) for NormKind::l1.
#include "norm/common/bwd_family.h"
#include "norm/l1norm_bwd/l1norm_bwd.h"

namespace hotops::norm::l1norm_bwd {
namespace {

std::vector<Variant> list_variants() {
  VariantList list("l1norm_bwd");
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "norm/l1norm_bwd/variants.inc"
#undef HOTOPS_VARIANT
  return list.take();
}

}  // namespace
}  // namespace hotops::norm::l1norm_bwd

namespace hotops {
const Family& l1norm_bwd_family() {
  static const norm::RowBwdFamily f({"l1norm_bwd", "L1 norm backward (dx, dγ, dβ) from saved statistics, f32/bf16",
                                     norm::NormKind::l1, /*flops_per_element=*/14},
                                    norm::l1norm_bwd::list_variants());
  return f;
}
}  // namespace hotops
