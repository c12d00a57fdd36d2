// L1 norm backward family: the shared backward case (common/bwd_case.h) for NormKind::l1.
#include "core/isa.h"
#include "norm/common/bwd_case.h"
#include "norm/l1norm_bwd/l1norm_bwd.h"

namespace hotops {
namespace norm::l1norm_bwd {
namespace {

const RowBwdSpec kSpec{NormKind::l1, /*flops_per_element=*/14};

std::vector<Variant> variants() {
#define HOTOPS_NORM_FAMILY "l1norm_bwd"
#define HOTOPS_NORM_VARIANTS "norm/l1norm_bwd/variants.inc"
#include "norm/common/variant_list.inc"
}

}  // namespace
}  // namespace norm::l1norm_bwd

const Family& l1norm_bwd_family() {
  using namespace norm;
  static const NormFamily f(bwd_family("l1norm_bwd", "L1 norm backward (dx, dγ, dβ) from saved statistics, f32/bf16",
                                       l1norm_bwd::kSpec, l1norm_bwd::variants()));
  return f;
}

}  // namespace hotops
