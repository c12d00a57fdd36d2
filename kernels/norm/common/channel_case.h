// The case shared by the per-channel families (affine_norm: BatchNorm/UN/PowerNorm
// inference; powernorm: PowerNorm training forward): x, y of rows × d in the problem's
// dtype, per-column γ, β and running statistics, and an fp64 reference.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/family.h"
#include "norm/common/args.h"
#include "norm/common/family.h"

namespace hotops::norm {

struct ChannelSpec {
  bool train;                         // PowerNorm training: also updates the running ψ²
  bool (*uses_mean)(const Problem&);  // running mean subtracted (BN/UN) or not (PowerNorm)
};

using ChannelNormKernel = void (*)(const ChannelNormArgs&);

inline constexpr float kMomentum = 0.9f;  // PowerNorm's running-statistics momentum α

// The whole description of a per-channel family, given its schema and test problems.
FamilyInfo channel_family(std::string_view name, std::string_view description, ProblemSchema schema,
                          std::vector<std::string> test_problems, const ChannelSpec& spec,
                          std::vector<Variant> variants);

}  // namespace hotops::norm
