// Online softmax (Milakov & Gimelshein, arXiv 1805.02867), AVX-512F. Pass 1 keeps a running
// (max m, sum s) per lane and rescales s when m grows; pass 2 writes y = exp(x − M)/S. For a
// block of four vectors the block's max is taken first, so s is rescaled once per block:
//   m' = max(m, x0..x3);  s ← s·exp(m − m') + Σ exp(xi − m')
// (1.25 exps per element in pass 1 instead of 2). x reads twice, y writes once.
// −inf entries and rows that start with −inf are safe: exp_nonpos maps −inf − (−inf) = NaN to 0.
// Accuracy: x − max is rounded to float, which alone costs up to 3.8e-6 relative error when
// |x − max| is near 88 (inherent to this algorithm in f32; two_pass avoids it).
#include <cmath>

#include "softmax/exp_avx512.h"
#include "softmax/softmax.h"
#include "softmax/vec_avx512.h"

namespace hotops::softmax {
namespace {
using namespace avx512;

struct RunningSum {  // per lane: Σ exp(x − m) over the elements seen, m their max
  __m512 m = _mm512_set1_ps(-__builtin_inff());
  __m512 s = _mm512_setzero_ps();

  void add(__m512 v0, __m512 v1, __m512 v2, __m512 v3) {
    const __m512 mn = vmax(m, vmax(vmax(v0, v1), vmax(v2, v3)));
    const __m512 e01 = _mm512_add_ps(exp_nonpos(_mm512_sub_ps(v0, mn)), exp_nonpos(_mm512_sub_ps(v1, mn)));
    const __m512 e23 = _mm512_add_ps(exp_nonpos(_mm512_sub_ps(v2, mn)), exp_nonpos(_mm512_sub_ps(v3, mn)));
    s = _mm512_fmadd_ps(s, exp_nonpos(_mm512_sub_ps(m, mn)), _mm512_add_ps(e01, e23));
    m = mn;
  }
  void add(__m512 v) {
    const __m512 mn = vmax(m, v);
    s = _mm512_fmadd_ps(s, exp_nonpos(_mm512_sub_ps(m, mn)), exp_nonpos(_mm512_sub_ps(v, mn)));
    m = mn;
  }
};

}  // namespace

void online__avx512f(const SoftmaxArgs& a) {
  const __m512 ninf = _mm512_set1_ps(-__builtin_inff());  // padding: adds exp(−inf) = 0
  for (int64_t r = 0; r < a.rows; ++r) {
    const float* x = a.x + r * a.n;
    float* y = a.y + r * a.n;
    float M = -__builtin_inff();  // the row's running max and Σ exp(x − M), chunk by chunk
    double S = 0;
    for_each_chunk(a.n, [&](int64_t i, int64_t len) {
      RunningSum rs;
      for_each_vector(
          x + i, len, ninf, [&](__m512 v0, __m512 v1, __m512 v2, __m512 v3) { rs.add(v0, v1, v2, v3); },
          [&](__m512 v) { rs.add(v); });
      // Merge the lanes (s·exp(m − mc)), then the chunk into (M, S).
      const float mc = hmax(rs.m);
      const double sc = hsum(_mm512_mul_ps(rs.s, exp_nonpos(_mm512_sub_ps(rs.m, _mm512_set1_ps(mc)))));
      if (sc == 0 && mc != __builtin_inff()) return;  // the chunk is all −inf
      if (mc > M) {
        S = S * std::exp(double(M) - mc) + sc;  // M = −inf: S is 0 and stays 0
        M = mc;
      } else {
        S += sc * std::exp(double(mc) - M);
      }
    });
    if (!std::isfinite(M)) {  // +inf input or no finite entry: NaN, as the fp64 reference
      fill(y, a.n, __builtin_nanf(""));
      continue;
    }
    const __m512 vM = _mm512_set1_ps(M);
    const ExpScale inv(1.0 / S, 0.0f);

    transform(x, y, a.n, ninf, [&](__m512 v, auto) { return exp_scaled(_mm512_sub_ps(v, vM), inv); });
  }
}

}  // namespace hotops::softmax
