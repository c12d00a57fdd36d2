// Three-pass softmax, AVX2+FMA: max; Σ exp(x − max); y = exp(x − max)·(1/Σ). Reads x three
// times and computes exp twice, but writes y only once.
// Accuracy: x − max is rounded to float, which alone costs up to 3.8e-6 relative error when
// |x − max| is near 88 (inherent to this algorithm in f32; two_pass avoids it).
#include <cmath>

#include "softmax/exp_avx2.h"
#include "softmax/softmax.h"
#include "softmax/vec_avx2.h"

namespace hotops::softmax {

void three_pass_recompute__avx2(const SoftmaxArgs& a) {
  using namespace avx2;
  const __m256 ninf = _mm256_set1_ps(-__builtin_inff());  // padding: exp(−inf − max) = 0
  for (int64_t r = 0; r < a.rows; ++r) {
    const float* x = a.x + r * a.n;
    float* y = a.y + r * a.n;
    const float m = max_of(x, a.n);
    if (!std::isfinite(m)) {  // +inf input or no finite entry: NaN, as the fp64 reference
      fill(y, a.n, __builtin_nanf(""));
      continue;
    }
    const __m256 row_max = _mm256_set1_ps(m);
    auto e = [&](__m256 v) { return exp_nonpos(_mm256_sub_ps(v, row_max)); };

    double sum = 0;
    for_each_chunk(a.n, [&](int64_t i, int64_t len) {
      __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
      for_each_vector(
          x + i, len, ninf,
          [&](__m256 v0, __m256 v1, __m256 v2, __m256 v3) {
            s0 = _mm256_add_ps(s0, e(v0));
            s1 = _mm256_add_ps(s1, e(v1));
            s2 = _mm256_add_ps(s2, e(v2));
            s3 = _mm256_add_ps(s3, e(v3));
          },
          [&](__m256 v) { s0 = _mm256_add_ps(s0, e(v)); });
      sum += hsum(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    });
    const ExpScale inv(1.0 / sum, 0.0f);

    transform(x, y, a.n, ninf, [&](__m256 v, auto) { return exp_scaled(_mm256_sub_ps(v, row_max), inv); });
  }
}

}  // namespace hotops::softmax
