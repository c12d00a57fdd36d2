// Three passes: max; store exp(x − max) into y while summing; scale y in place. libm expf.
#include <cmath>
#include <limits>

#include "softmax/softmax.h"

namespace hotops::softmax {

void three_pass_reload__scalar(const SoftmaxArgs& a) {
  for_each_row(a, [](const float* x, float* y, int64_t n) {
    float m = -std::numeric_limits<float>::infinity();
    for (int64_t i = 0; i < n; ++i) m = std::fmax(m, x[i]);
    double s = 0;
    for (int64_t i = 0; i < n; ++i) s += (y[i] = std::exp(x[i] - m));
    const float inv = float(1.0 / s);
    for (int64_t i = 0; i < n; ++i) y[i] *= inv;
  });
}

}  // namespace hotops::softmax
