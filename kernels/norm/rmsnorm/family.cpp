// RMSNorm family: fp64 reference and registration (common/row_family.h).
#include <cmath>

#include "norm/rmsnorm/rmsnorm.h"

namespace hotops::norm::rmsnorm {

void reference(const RowRef& r, const double* x, double* y) {
  double ss = 0;
  for (int64_t j = 0; j < r.width; ++j) ss += x[j] * x[j];
  const double s = 1.0 / std::sqrt(ss / double(r.width) + r.eps);
  for (int64_t j = 0; j < r.width; ++j) y[j] = r.gamma[j] * x[j] * s;
}

namespace {

std::vector<Variant> list_variants() {
  VariantList list("rmsnorm");
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "norm/rmsnorm/variants.inc"
#undef HOTOPS_VARIANT
  return list.take();
}

}  // namespace
}  // namespace hotops::norm::rmsnorm

namespace hotops {
const Family& rmsnorm_family() {
  static const norm::RowNormFamily f({.name = "rmsnorm",
                                      .description = "RMSNorm forward (1910.07467), f32/bf16",
                                      .dtypes = {"f32", "bf16"},
                                      .has_beta = false,
                                      .compressed = false,
                                      .reference = norm::rmsnorm::reference,
                                      .flops_per_element = 4,  // square and accumulate (2), scale and γ (2)
                                      .params = 1,
                                      .sqrt = true},
                                     norm::rmsnorm::list_variants());
  return f;
}
}  // namespace hotops
