// LayerNorm family: fp64 reference and registration (common/row_family.h).
#include <cmath>

#include "norm/common/row_family.h"
#include "norm/layernorm/layernorm.h"
#include "peers/isa.h"

namespace hotops::norm::layernorm {

void reference(const RowRef& r, const double* x, double* y) {
  const double d = double(r.width);
  double mean, var, sx = 1;
  if (r.dtype == DType::int8) {  // the integer scheme of common/int8_rows.h
    double s1 = 0, s2 = 0;
    for (int64_t j = 0; j < r.width; ++j) s1 += x[j], s2 += x[j] * x[j];  // exact: integers < 2^53
    sx = r.x_scale;
    mean = s1 / d;
    var = (d * s2 - s1 * s1) / (d * d);
  } else {
    double s = 0;
    for (int64_t j = 0; j < r.width; ++j) s += x[j];
    mean = s / d;
    var = 0;
    for (int64_t j = 0; j < r.width; ++j) var += (x[j] - mean) * (x[j] - mean);
    var /= d;
  }
  const double f = sx / std::sqrt(sx * sx * var + r.eps);
  const double out_scale = r.dtype == DType::int8 ? 1.0 / r.y_scale : 1.0;
  for (int64_t j = 0; j < r.width; ++j) y[j] = (r.gamma[j] * (x[j] - mean) * f + r.beta[j]) * out_scale;
}

}  // namespace hotops::norm::layernorm

HOTOPS_NORM_FAMILY(layernorm, row_norm_family,
                   {"layernorm",
                    "LayerNorm forward, f32/bf16 (two-pass, Welford) and int8 with integer statistics (L2 counterpart of "
                    "the L1 norm, 2411.10948)",
                    {"f32", "bf16", "int8"}, norm::layernorm::reference,
                    8,  // mean (1), centred square (3), normalize and affine (4)
                    norm::RowNormSpec::kShift | norm::RowNormSpec::kSqrt}) {
#define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(RowNormArgs, __VA_ARGS__)
#include "norm/layernorm/variants.inc"
#undef HOTOPS_VARIANT
}
