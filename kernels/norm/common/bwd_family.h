// The per-row backward families (layernorm_bwd, rmsnorm_bwd, l1norm_bwd), one class
// configured by a spec: x, dy, dx in the problem's dtype; γ; the statistics the forward
// saved (derived operands, f32); dγ, dβ; per-thread partial dγ, dβ when the rows are split;
// and an fp64 reference given the same saved statistics (bwd_reference.h).
#pragma once
#include <memory>
#include <string_view>
#include <vector>

#include "norm/common/args.h"
#include "norm/common/norm_family.h"

namespace hotops::norm {

struct RowBwdSpec {
  std::string_view name, description;
  NormKind kind;
  double flops_per_element;
  bool centred() const { return kind != NormKind::rms; }  // saves a mean, has a shift β
};

std::unique_ptr<Family> bwd_norm_family(RowBwdSpec spec, std::vector<Variant> variants);

}  // namespace hotops::norm
