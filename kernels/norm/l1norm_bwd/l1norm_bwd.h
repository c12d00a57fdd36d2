// L1 norm backward (dx, dγ, dβ) given the forward's saved statistics; formulas in
// common/backward.h, fp64 reference in common/bwd_reference.h.
#pragma once
#include "norm/common/args.h"

namespace hotops::norm::l1norm_bwd {

#define HOTOPS_VARIANT(name, ...) void name(const RowNormBwdArgs& a);
#include "norm/l1norm_bwd/variants.inc"
#undef HOTOPS_VARIANT

}  // namespace hotops::norm::l1norm_bwd
