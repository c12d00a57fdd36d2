// L1 norm backward: dx, dγ, dβ given the statistics the forward saved
// (formulas: common/backward.h; fp64 reference: common/bwd_reference.h).
#include "norm/common/bwd_family.h"

HOTOPS_NORM_FAMILY(l1norm_bwd, bwd_norm_family,
                   {"l1norm_bwd", "L1 norm backward (dx, dγ, dβ) from saved statistics, f32/bf16",
                    norm::NormKind::l1, 14}) {
#define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(RowNormBwdArgs, __VA_ARGS__)
#include "norm/l1norm_bwd/variants.inc"
#undef HOTOPS_VARIANT
}
