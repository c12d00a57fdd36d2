// RMSNorm family: fp64 reference and registration (common/row_case.h).
#include <cmath>

#include "core/isa.h"
#include "norm/common/dtype.h"
#include "norm/rmsnorm/rmsnorm.h"

namespace hotops {
namespace norm::rmsnorm {

void reference(const RowRef& r, const double* x, double* y) {
  double ss = 0;
  for (int64_t j = 0; j < r.width; ++j) ss += x[j] * x[j];
  const double s = 1.0 / std::sqrt(ss / double(r.width) + r.eps);
  for (int64_t j = 0; j < r.width; ++j) y[j] = r.gamma[j] * x[j] * s;
}

namespace {

// Square and accumulate (2), scale and γ (2) per element.
const RowNormSpec kSpec{/*has_beta=*/false, /*compressed=*/false, reference, /*flops=*/4, /*params=*/1};

std::vector<Variant> variants() {
#define HOTOPS_NORM_FAMILY "rmsnorm"
#define HOTOPS_NORM_VARIANTS "norm/rmsnorm/variants.inc"
#include "norm/common/variant_list.inc"
}

}  // namespace
}  // namespace norm::rmsnorm

const Family& rmsnorm_family() {
  using namespace norm;
  static const NormFamily f(row_family("rmsnorm", "RMSNorm forward (1910.07467), f32/bf16", {"f32", "bf16"},
                                       rmsnorm::kSpec, rmsnorm::variants()));
  return f;
}

}  // namespace hotops
