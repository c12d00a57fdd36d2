// CRMSNorm family: fp64 reference and registration (common/row_family.h).
#include <cmath>

#include "norm/common/row_family.h"
#include "norm/crmsnorm/crmsnorm.h"

namespace hotops::norm::crmsnorm {

void reference(const RowRef& r, const double* x, double* y) {
  double s = 0, ss = 0;
  for (int64_t j = 0; j < r.width; ++j) s += x[j], ss += x[j] * x[j];
  const double scale = 1.0 / std::sqrt((ss + s * s) / double(r.d) + r.eps);
  for (int64_t j = 0; j < r.width; ++j) y[j] = r.gamma[j] * x[j] * scale;
}

}  // namespace hotops::norm::crmsnorm

HOTOPS_NORM_FAMILY(crmsnorm, row_norm_family,
                   {"crmsnorm",
                    "CRMSNorm forward (2305.14858): RMSNorm of zero-mean vectors stored as d − 1 entries, f32/bf16",
                    {"f32", "bf16"}, norm::crmsnorm::reference,
                    5,  // sum, square-accumulate (3), scale and γ (2) per stored element
                    norm::RowNormSpec::kSqrt | norm::RowNormSpec::kCompressed}) {
#define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(RowNormArgs, __VA_ARGS__)
#include "norm/crmsnorm/variants.inc"
#undef HOTOPS_VARIANT
}
