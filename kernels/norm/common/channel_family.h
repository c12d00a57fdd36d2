// The per-channel families (affine_norm: BatchNorm/UN/PowerNorm inference; powernorm:
// PowerNorm training forward), one class configured by a spec: x, y of rows × d in the
// problem's dtype, per-column γ, β and running statistics, per-thread workspace, and an
// fp64 reference.
#pragma once
#include <string>
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

class ChannelFamily final : public NormFamily {
 public:
  ChannelFamily(ChannelSpec spec, std::vector<Variant> variants);
  Work work(const Problem& p) const override;
  std::vector<Operand> operands(const Problem& p, const Context& ctx) const override;
  void fill(Case& c) const override;
  std::vector<Expected> reference(const Case& c) const override;
  void run(const Variant& v, Case& c) const override;

 private:
  ChannelSpec spec_;
};

}  // namespace hotops::norm
