// RMSNorm backward family: the shared backward case (common/bwd_case.h) for NormKind::rms.
#include "core/isa.h"
#include "norm/common/bwd_case.h"
#include "norm/rmsnorm_bwd/rmsnorm_bwd.h"

namespace hotops {
namespace norm::rmsnorm_bwd {
namespace {

const RowBwdSpec kSpec{NormKind::rms, /*flops_per_element=*/9};

std::vector<Variant> variants() {
#define HOTOPS_NORM_FAMILY "rmsnorm_bwd"
#define HOTOPS_NORM_VARIANTS "norm/rmsnorm_bwd/variants.inc"
#include "norm/common/variant_list.inc"
}

}  // namespace
}  // namespace norm::rmsnorm_bwd

const Family& rmsnorm_bwd_family() {
  using namespace norm;
  static const NormFamily f(bwd_family("rmsnorm_bwd", "RMSNorm backward (dx, dγ) from saved statistics, f32/bf16",
                                       rmsnorm_bwd::kSpec, rmsnorm_bwd::variants()));
  return f;
}

}  // namespace hotops
