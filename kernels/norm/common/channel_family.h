// The per-channel families (affine_norm: BatchNorm/UN/PowerNorm inference; powernorm:
// PowerNorm training forward), one class configured by a spec: x, y of rows × d in the
// problem's dtype, per-column γ, β and running statistics, per-thread workspace, and an
// fp64 reference.
#pragma once
#include <string>
#include <memory>
#include <string_view>
#include <vector>

#include "norm/common/args.h"
#include "norm/common/norm_family.h"

namespace hotops::norm {

inline constexpr float kMomentum = 0.9f;  // PowerNorm's running-statistics momentum α

struct ChannelSpec {
  std::string_view name, description;
  ProblemSchema schema;
  std::vector<std::string> test_problems;
  bool train;                         // PowerNorm training: also updates the running ψ² (new_var)
  bool (*uses_mean)(const Problem&);  // running mean subtracted (BN/UN) or not (PowerNorm)
};

std::unique_ptr<Family> channel_norm_family(ChannelSpec spec, std::vector<Variant> variants);

}  // namespace hotops::norm
