// LayerNorm backward family: the shared backward case (common/bwd_case.h) for NormKind::layer.
#include "core/isa.h"
#include "norm/common/bwd_case.h"
#include "norm/layernorm_bwd/layernorm_bwd.h"

namespace hotops {
namespace norm::layernorm_bwd {
namespace {

const RowBwdSpec kSpec{NormKind::layer, /*flops_per_element=*/12};

std::vector<Variant> variants() {
#define HOTOPS_NORM_FAMILY "layernorm_bwd"
#define HOTOPS_NORM_VARIANTS "norm/layernorm_bwd/variants.inc"
#include "norm/common/variant_list.inc"
}

}  // namespace
}  // namespace norm::layernorm_bwd

const Family& layernorm_bwd_family() {
  using namespace norm;
  static const NormFamily f(bwd_family("layernorm_bwd",
                                       "LayerNorm backward (dx, dγ, dβ) from saved statistics, f32/bf16",
                                       layernorm_bwd::kSpec, layernorm_bwd::variants()));
  return f;
}

}  // namespace hotops
