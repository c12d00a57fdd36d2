// Three passes: max; Σ exp(x − max); y = exp(x − max) / Σ (exp computed twice). libm expf.
#include <cmath>
#include <limits>

#include "softmax/softmax.h"

namespace hotops::softmax {

void three_pass_recompute__scalar(const SoftmaxArgs& a) {
  for_each_row(a, [](const float* x, float* y, int64_t n) {
    float m = -std::numeric_limits<float>::infinity();
    for (int64_t i = 0; i < n; ++i) m = std::fmax(m, x[i]);
    double s = 0;  // double: a float sum of 10^8 terms would stall at 2^24
    for (int64_t i = 0; i < n; ++i) s += std::exp(x[i] - m);
    const float inv = float(1.0 / s);
    for (int64_t i = 0; i < n; ++i) y[i] = std::exp(x[i] - m) * inv;
  });
}

}  // namespace hotops::softmax
