// L1 norm family: fp64 reference (float and int8 schemes) and registration.
#include <cmath>

#include "norm/common/row_family.h"
#include "norm/l1norm/l1norm.h"

namespace hotops::norm::l1norm {

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

}  // namespace hotops::norm::l1norm

HOTOPS_NORM_FAMILY(l1norm, row_norm_family,
                   {"l1norm", "L1 norm forward (mean absolute deviation, 2411.10948), f32/bf16 and fully quantized int8",
                    {"f32", "bf16", "int8"}, norm::l1norm::reference,
                    8,  // mean (1), centred absolute value (3), normalize and affine (4)
                    norm::RowNormSpec::kShift}) {
#define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(RowNormArgs, __VA_ARGS__)
#include "norm/l1norm/variants.inc"
#undef HOTOPS_VARIANT
}
