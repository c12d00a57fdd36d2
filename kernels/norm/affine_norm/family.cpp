// affine_norm family: the shared per-channel family (common/channel_family.h) at inference:
// stats=mean_var subtracts the running mean (BatchNorm / UN), quadratic_mean does not (PowerNorm).
#include "norm/affine_norm/affine_norm.h"
#include "norm/common/channel_family.h"
#include "peers/isa.h"

namespace hotops::norm::affine_norm {

std::vector<std::string> test_problems() {
  std::vector<std::string> p = row_test_problems({"f32", "bf16"});
  for (const char* q : {"rows=3,d=1", "rows=2,d=17", "rows=64,d=257", "rows=3,d=1000,dtype=bf16"})
    p.push_back(std::string(q) + ",stats=quadratic_mean");
  return p;
}

}  // namespace hotops::norm::affine_norm

HOTOPS_NORM_FAMILY(affine_norm, channel_norm_family,
                   {.name = "affine_norm",
                    .description = "BatchNorm / UN (stats=mean_var) and PowerNorm (stats=quadratic_mean) inference: "
                                   "per-channel affine from running statistics, f32/bf16",
                    .schema = norm::rows_schema({"f32", "bf16"}).choice("stats", {"mean_var", "quadratic_mean"}),
                    .test_problems = norm::affine_norm::test_problems(),
                    .train = false,
                    .uses_mean = [](const Problem& p) { return p.option("stats") == "mean_var"; }}) {
#define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(ChannelNormArgs, __VA_ARGS__)
#include "norm/affine_norm/variants.inc"
#undef HOTOPS_VARIANT
}
