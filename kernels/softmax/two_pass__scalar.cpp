// Two-pass softmax (Dukhan & Ablavatski): exp(x) = p·2^k with k = round(x·log2 e);
// pass 1 accumulates Σ as a (mantissa, exponent) pair, so no max pass is needed and
// nothing overflows; pass 2 writes y = p · (1/Σm) · 2^(k − Σe). Valid for |x| ≤ 1e6 and −inf.
#include <cmath>
#include <limits>

#include "softmax/softmax.h"

namespace hotops::softmax {
namespace {

constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693145751953125f;  // ln 2 split so k·hi is exact for |k| < 2^11
constexpr float kLn2Lo = 1.42860682030941723212e-6f;

// exp(x) = p · 2^k with p in [√½, √2]; x = −inf gives p = 0.
inline float exp_split(float x, float& k) {
  if (x == -std::numeric_limits<float>::infinity()) {
    k = -std::numeric_limits<float>::infinity();
    return 0.0f;
  }
  k = std::nearbyint(x * kLog2e);
  const float t = std::fma(k, -kLn2Lo, std::fma(k, -kLn2Hi, x));
  return std::exp(t);
}

}  // namespace

void two_pass__scalar(const SoftmaxArgs& a) {
  for_each_row(a, [](const float* x, float* y, int64_t n) {
    double sm = 0;  // Σ = sm · 2^se
    float se = -std::numeric_limits<float>::infinity();
    for (int64_t i = 0; i < n; ++i) {
      float k;
      const float p = exp_split(x[i], k);
      if (p == 0.0f) continue;
      if (sm == 0) {
        sm = p, se = k;
        continue;
      }
      const float e = std::fmax(se, k);
      sm = std::ldexp(sm, int(se - e)) + std::ldexp(double(p), int(k - e));
      se = e;
    }
    const float inv = float(1.0 / sm);
    for (int64_t i = 0; i < n; ++i) {
      float k;
      const float p = exp_split(x[i], k);
      const float d = k - se;  // ≤ 0 (−inf for −inf inputs)
      y[i] = p == 0.0f || d < -300.0f ? 0.0f : float(std::ldexp(double(p * inv), int(d)));
    }
  });
}

}  // namespace hotops::softmax
