// RMSNorm backward: dx, dγ given the statistic the forward saved
// (formulas: common/backward.h; fp64 reference: common/bwd_reference.h).
#include "norm/common/bwd_family.h"

HOTOPS_NORM_FAMILY(rmsnorm_bwd, bwd_norm_family,
                   {"rmsnorm_bwd", "RMSNorm backward (dx, dγ) from saved statistics, f32/bf16",
                    norm::NormKind::rms, 9}) {
#define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(RowNormBwdArgs, __VA_ARGS__)
#include "norm/rmsnorm_bwd/variants.inc"
#undef HOTOPS_VARIANT
}
