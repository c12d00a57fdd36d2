// LayerNorm backward family: the shared backward family (common/bwd_family.h) for NormKind::layer.
#include "norm/common/bwd_family.h"
#include "norm/layernorm_bwd/layernorm_bwd.h"

namespace hotops::norm::layernorm_bwd {
namespace {

std::vector<Variant> list_variants() {
  VariantList list("layernorm_bwd");
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "norm/layernorm_bwd/variants.inc"
#undef HOTOPS_VARIANT
  return list.take();
}

}  // namespace
}  // namespace hotops::norm::layernorm_bwd

namespace hotops {
const Family& layernorm_bwd_family() {
  static const norm::RowBwdFamily f({"layernorm_bwd", "LayerNorm backward (dx, dγ, dβ) from saved statistics, f32/bf16",
                                     norm::NormKind::layer, /*flops_per_element=*/12},
                                    norm::layernorm_bwd::list_variants());
  return f;
}
}  // namespace hotops
