// RMSNorm family: fp64 reference and registration (common/row_family.h).
#include <cmath>

#include "norm/common/row_family.h"
#include "norm/rmsnorm/rmsnorm.h"

namespace hotops::norm::rmsnorm {

void reference(const RowRef& r, const double* x, double* y) {
  double ss = 0;
  for (int64_t j = 0; j < r.width; ++j) ss += x[j] * x[j];
  const double s = 1.0 / std::sqrt(ss / double(r.width) + r.eps);
  for (int64_t j = 0; j < r.width; ++j) y[j] = r.gamma[j] * x[j] * s;
}

}  // namespace hotops::norm::rmsnorm

HOTOPS_NORM_FAMILY(rmsnorm, row_norm_family,
                   {"rmsnorm", "RMSNorm forward (1910.07467), f32/bf16", {"f32", "bf16"}, norm::rmsnorm::reference,
                    4,  // square and accumulate (2), scale and γ (2)
                    norm::RowNormSpec::kSqrt}) {
#define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(RowNormArgs, __VA_ARGS__)
#include "norm/rmsnorm/variants.inc"
#undef HOTOPS_VARIANT
}
