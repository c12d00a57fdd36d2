// affine_norm family: the shared per-channel case (common/channel_case.h), inference.
#include "core/isa.h"
#include "norm/affine_norm/affine_norm.h"
#include "norm/common/channel_case.h"
#include "norm/common/row_case.h"

namespace hotops {
namespace norm::affine_norm {
namespace {

const ChannelSpec kSpec{/*train=*/false, [](const Problem& p) { return p.option("stats") == "mean_var"; }};

std::vector<Variant> variants(){
#define HOTOPS_NORM_FAMILY "affine_norm"
#define HOTOPS_NORM_VARIANTS "norm/affine_norm/variants.inc"
#include "norm/common/variant_list.inc"
}

ProblemSchema schema() {
  ProblemSchema s = rows_schema({"f32", "bf16"});
  s.options.push_back({"stats", {"mean_var", "quadratic_mean"}});
  return s;
}

std::vector<std::string> test_problems() {
  std::vector<std::string> p = row_test_problems({"f32", "bf16"});
  for (const char* q : {"rows=3,d=1", "rows=2,d=17", "rows=64,d=257", "rows=3,d=1000,dtype=bf16"})
    p.push_back(std::string(q) + ",stats=quadratic_mean");
  return p;
}

}  // namespace
}  // namespace norm::affine_norm

const Family& affine_norm_family() {
  using namespace norm;
  static const NormFamily f(channel_family(
      "affine_norm",
      "BatchNorm / UN (stats=mean_var) and PowerNorm (stats=quadratic_mean) inference: per-channel affine from "
      "running statistics, f32/bf16",
      affine_norm::schema(), affine_norm::test_problems(), affine_norm::kSpec, affine_norm::variants()));
  return f;
}

}  // namespace hotops
