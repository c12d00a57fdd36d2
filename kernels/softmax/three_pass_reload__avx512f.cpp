// Three-pass softmax, AVX-512F: max; y = exp(x − max) stored while summing; y *= 1/Σ in
// place. One exp per element, but y is written twice and read back once.
// Accuracy: x − max is rounded to float, which alone costs up to 3.8e-6 relative error when
// |x − max| is near 88 (inherent to this algorithm in f32; two_pass avoids it).
#include <cmath>

#include "softmax/exp_avx512.h"
#include "softmax/softmax.h"
#include "softmax/vec_avx512.h"

namespace hotops::softmax {

void three_pass_reload__avx512f(const SoftmaxArgs& a) {
  using namespace avx512;
  const __m512 ninf = _mm512_set1_ps(-__builtin_inff());  // padding: exp(−inf − max) = 0
  for (int64_t r = 0; r < a.rows; ++r) {
    const float* x = a.x + r * a.n;
    float* y = a.y + r * a.n;
    const float m = max_of(x, a.n);
    if (!std::isfinite(m)) {  // +inf input or no finite entry: NaN, as the fp64 reference
      fill(y, a.n, __builtin_nanf(""));
      continue;
    }
    const __m512 row_max = _mm512_set1_ps(m);

    double sum = 0;
    for_each_chunk(a.n, [&](int64_t i, int64_t len) {
      __m512 s[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
      transform(x + i, y + i, len, ninf, [&](__m512 v, auto k) {
        const __m512 p = exp_nonpos(_mm512_sub_ps(v, row_max));
        s[k] = _mm512_add_ps(s[k], p);  // one accumulator per independent vector of a block
        return p;
      });
      sum += hsum(_mm512_add_ps(_mm512_add_ps(s[0], s[1]), _mm512_add_ps(s[2], s[3])));
    });
    // Outputs below 2^-125 are flushed to +0 through the mask, never computed: producing
    // denormals costs microcode assists on Intel cores.
    const __m512 inv = _mm512_set1_ps(float(1.0 / sum)), tiny = _mm512_set1_ps(float(0x1p-125 * sum));
    transform(y, y, a.n, ninf, [&](__m512 v, auto) {
      return _mm512_maskz_mul_ps(_mm512_cmp_ps_mask(v, tiny, _CMP_GE_OQ), v, inv);
    });
  }
}

}  // namespace hotops::softmax
