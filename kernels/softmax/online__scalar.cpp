// Online softmax (Milakov & Gimelshein): one pass keeps a running (max, Σ) and rescales
// Σ when the max grows; a second pass writes exp(x − max) / Σ. libm expf.
#include <cmath>
#include <limits>

#include "softmax/softmax.h"

namespace hotops::softmax {

void online__scalar(const SoftmaxArgs& a) {
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  for_each_row(a, [&](const float* x, float* y, int64_t n) {
    float m = kNegInf;
    double s = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (x[i] > m) {
        s = s * std::exp(double(m - x[i])) + 1.0;
        m = x[i];
      } else if (m != kNegInf) {
        s += std::exp(x[i] - m);
      }
    }
    const float inv = float(1.0 / s);
    for (int64_t i = 0; i < n; ++i) y[i] = std::exp(x[i] - m) * inv;
  });
}

}  // namespace hotops::softmax
