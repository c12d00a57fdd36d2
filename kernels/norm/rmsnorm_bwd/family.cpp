// RMSNorm backward family: the shared backward family (common/bwd_family.h) for NormKind::rms.
#include "norm/common/bwd_family.h"
#include "norm/rmsnorm_bwd/rmsnorm_bwd.h"

namespace hotops::norm::rmsnorm_bwd {
namespace {

std::vector<Variant> list_variants() {
  VariantList list("rmsnorm_bwd");
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "norm/rmsnorm_bwd/variants.inc"
#undef HOTOPS_VARIANT
  return list.take();
}

}  // namespace
}  // namespace hotops::norm::rmsnorm_bwd

namespace hotops {
const Family& rmsnorm_bwd_family() {
  static const norm::RowBwdFamily f({"rmsnorm_bwd", "RMSNorm backward (dx, dγ) from saved statistics, f32/bf16",
                                     norm::NormKind::rms, /*flops_per_element=*/9},
                                    norm::rmsnorm_bwd::list_variants());
  return f;
}
}  // namespace hotops
