// CRMSNorm family: fp64 reference and registration (common/row_case.h).
#include <cmath>

#include "core/isa.h"
#include "norm/common/dtype.h"
#include "norm/crmsnorm/crmsnorm.h"

namespace hotops {
namespace norm::crmsnorm {

void reference(const RowRef& r, const double* x, double* y) {
  double s = 0, ss = 0;
  for (int64_t j = 0; j < r.width; ++j) s += x[j], ss += x[j] * x[j];
  const double scale = 1.0 / std::sqrt((ss + s * s) / double(r.d) + r.eps);
  for (int64_t j = 0; j < r.width; ++j) y[j] = r.gamma[j] * x[j] * scale;
}

namespace {

// Sum, square-accumulate (3), scale and γ (2) per stored element.
const RowNormSpec kSpec{/*has_beta=*/false, /*compressed=*/true, reference, /*flops=*/5, /*params=*/1};

std::vector<Variant> variants() {
#define HOTOPS_NORM_FAMILY "crmsnorm"
#define HOTOPS_NORM_VARIANTS "norm/crmsnorm/variants.inc"
#include "norm/common/variant_list.inc"
}

}  // namespace
}  // namespace norm::crmsnorm

const Family& crmsnorm_family() {
  using namespace norm;
  static const NormFamily f(row_family(
      "crmsnorm", "CRMSNorm forward (2305.14858): RMSNorm of zero-mean vectors stored as d − 1 entries, f32/bf16",
      {"f32", "bf16"}, crmsnorm::kSpec, crmsnorm::variants()));
  return f;
}

}  // namespace hotops
