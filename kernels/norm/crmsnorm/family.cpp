// CRMSNorm family: fp64 reference and registration (common/row_family.h).
#include <cmath>

#include "norm/crmsnorm/crmsnorm.h"

namespace hotops::norm::crmsnorm {

void reference(const RowRef& r, const double* x, double* y) {
  double s = 0, ss = 0;
  for (int64_t j = 0; j < r.width; ++j) s += x[j], ss += x[j] * x[j];
  const double scale = 1.0 / std::sqrt((ss + s * s) / double(r.d) + r.eps);
  for (int64_t j = 0; j < r.width; ++j) y[j] = r.gamma[j] * x[j] * scale;
}

namespace {

std::vector<Variant> list_variants() {
  VariantList list("crmsnorm");
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "norm/crmsnorm/variants.inc"
#undef HOTOPS_VARIANT
  return list.take();
}

}  // namespace
}  // namespace hotops::norm::crmsnorm

namespace hotops {
const Family& crmsnorm_family() {
  static const norm::RowNormFamily f(
      {.name = "crmsnorm",
       .description = "CRMSNorm forward (2305.14858): RMSNorm of zero-mean vectors stored as d − 1 entries, f32/bf16",
       .dtypes = {"f32", "bf16"},
       .has_beta = false,
       .compressed = true,
       .reference = norm::crmsnorm::reference,
       .flops_per_element = 5,  // sum, square-accumulate (3), scale and γ (2) per stored element
       .params = 1,
       .sqrt = true},
      norm::crmsnorm::list_variants());
  return f;
}
}  // namespace hotops
