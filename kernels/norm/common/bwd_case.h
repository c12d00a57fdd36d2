// The case shared by the per-row backward families (layernorm_bwd, rmsnorm_bwd,
// l1norm_bwd): x, dy, dx in the problem's dtype; γ; the saved statistics the forward
// would keep (f32); dγ, dβ; and an fp64 reference given the same saved statistics.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/family.h"
#include "norm/common/args.h"
#include "norm/common/family.h"

namespace hotops::norm {

struct RowBwdSpec {
  NormKind kind;  // its fp64 statistics and backward are in bwd_reference.h
  double flops_per_element;
  bool centred() const { return kind != NormKind::rms; }  // saves a mean, has a shift β
};

using RowNormBwdKernel = void (*)(const RowNormBwdArgs&);

// The whole description of a backward family: schema (rows, d, dtype f32/bf16), work
// model, inputs, the shared test sweep (without the out-of-cache problem) and the case.
FamilyInfo bwd_family(std::string_view name, std::string_view description, const RowBwdSpec& spec,
                      std::vector<Variant> variants);

}  // namespace hotops::norm
