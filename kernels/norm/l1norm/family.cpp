// L1 norm family: fp64 reference (float and int8 schemes) and registration.
#include <cmath>

#include "core/isa.h"
#include "norm/common/dtype.h"
#include "norm/l1norm/l1norm.h"

namespace hotops {
namespace norm::l1norm {

void reference(const RowRef& r, const double* x, double* y) {
  const double d = double(r.width);
  double mean = 0;
  for (int64_t j = 0; j < r.width; ++j) mean += x[j];  // int8: exact, the x are integers
  mean /= d;
  double sx = 1, out_scale = 1;
  if (r.dtype == DType::int8) {  // integer mean, rounded half away from zero (common/int8_rows.h)
    mean = std::round(mean);
    sx = r.x_scale;
    out_scale = 1.0 / r.y_scale;
  }
  double abs_dev = 0;
  for (int64_t j = 0; j < r.width; ++j) abs_dev += std::fabs(x[j] - mean);
  const double f = sx / (sx * abs_dev / d + r.eps);
  for (int64_t j = 0; j < r.width; ++j) y[j] = (r.gamma[j] * (x[j] - mean) * f + r.beta[j]) * out_scale;
}

namespace {

// Mean (1), centred absolute value (3), normalize and affine (4) per element.
const RowNormSpec kSpec{/*has_beta=*/true, /*compressed=*/false, reference, /*flops=*/8, /*params=*/2};

std::vector<Variant> variants() {
#define HOTOPS_NORM_FAMILY "l1norm"
#define HOTOPS_NORM_VARIANTS "norm/l1norm/variants.inc"
#include "norm/common/variant_list.inc"
}

}  // namespace
}  // namespace norm::l1norm

const Family& l1norm_family() {
  using namespace norm;
  static const NormFamily f(
      row_family("l1norm", "L1 norm forward (mean absolute deviation, 2411.10948), f32/bf16 and fully quantized int8",
                 {"f32", "bf16", "int8"}, l1norm::kSpec, l1norm::variants()));
  return f;
}

}  // namespace hotops
