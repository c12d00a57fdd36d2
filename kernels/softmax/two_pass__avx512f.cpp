// Two-pass softmax (Dukhan & Ablavatski, arXiv 2001.04438), AVX-512F. With exp(x) = p·2^n
// (exp_split), pass 1 keeps Σ per lane as a pair (m, e) standing for m·2^e (scalef):
//   e' = max(e, n);  m ← m·2^(e − e') + p·2^(n − e');  e ← e'
// so no max pass is needed and nothing overflows. A block of four vectors updates one
// accumulator against the block's max; the lanes are merged per chunk, the chunks into
// M·2^E with M in double. Pass 2 writes y = p·(1/M)·2^(n − E). x is read twice, y written once.
// Inputs: finite |x| ≤ 2^21 (full accuracy) and −inf (weight 0); see exp_split beyond that.
// Since n·ln2 is subtracted exactly and 2^(n − E) is exact, no x − max is ever rounded:
// this is more accurate than the three-pass kernels for small probabilities.
#include <cmath>

#include "softmax/exp_avx512.h"
#include "softmax/softmax.h"
#include "softmax/vec_avx512.h"

namespace hotops::softmax {
namespace {
using namespace avx512;

// Σ = m·2^e per lane; scalef applies the powers of two (exp_avx512.h: scale_nonpos).
struct ExtSum {
  __m512 m = _mm512_setzero_ps();
  __m512 e = _mm512_set1_ps(-__builtin_inff());  // −inf while empty

  // Adds p·2^n for one vector: e' = max(e, n); m ← m·2^(e − e') + p·2^(n − e').
  void add(__m512 p, __m512 n) {
    const __m512 emax = vmax(e, n);
    m = _mm512_add_ps(scale_nonpos(m, _mm512_sub_ps(e, emax)), scale_nonpos(p, _mm512_sub_ps(n, emax)));
    e = emax;
  }
  // Four vectors against their common max, so m is rescaled once per block.
  void add(const __m512 (&p)[4], const __m512 (&n)[4]) {
    const __m512 emax = vmax(vmax(e, vmax(n[0], n[1])), vmax(n[2], n[3]));
    const __m512 s01 = _mm512_add_ps(scale_nonpos(p[0], _mm512_sub_ps(n[0], emax)), scale_nonpos(p[1], _mm512_sub_ps(n[1], emax)));
    const __m512 s23 = _mm512_add_ps(scale_nonpos(p[2], _mm512_sub_ps(n[2], emax)), scale_nonpos(p[3], _mm512_sub_ps(n[3], emax)));
    m = _mm512_add_ps(scale_nonpos(m, _mm512_sub_ps(e, emax)), _mm512_add_ps(s01, s23));
    e = emax;
  }
};

// Σ over x[0..n) as M·2^E; M ≥ 0.69, since the element with n = E adds p·2^0.
void ext_sum(const float* x, int64_t n, float& M, float& E) {
  ExtSum s0, s1;  // s0 takes the blocks, s1 the single vectors (separate chains)
  // Padding lanes read −inf, so their n (of −kSplitMax) never raises e above a real n.
  for_each_vector(
      x, n, _mm512_set1_ps(-__builtin_inff()),
      [&](__m512 v0, __m512 v1, __m512 v2, __m512 v3) {
        __m512 p[4], k[4];
        p[0] = exp_split(v0, k[0]);
        p[1] = exp_split(v1, k[1]);
        p[2] = exp_split(v2, k[2]);
        p[3] = exp_split(v3, k[3]);
        s0.add(p, k);
      },
      [&](__m512 v) {
        __m512 k;
        const __m512 p = exp_split(v, k);
        s1.add(p, k);
      },
      [&](__m512 v, __mmask16 mask) {  // and their p is zeroed so they add exactly nothing
        __m512 k;
        const __m512 p = _mm512_maskz_mov_ps(mask, exp_split(v, k));
        s1.add(p, k);
      });
  E = hmax(vmax(s0.e, s1.e));
  const __m512 vE = _mm512_set1_ps(E);
  M = hsum(_mm512_add_ps(scale_nonpos(s0.m, _mm512_sub_ps(s0.e, vE)), scale_nonpos(s1.m, _mm512_sub_ps(s1.e, vE))));
}

}  // namespace

void two_pass__avx512f(const SoftmaxArgs& a) {
  for (int64_t r = 0; r < a.rows; ++r) {
    const float* x = a.x + r * a.n;
    float* y = a.y + r * a.n;
    double M = 0;  // Σ = M·2^E
    float E = 0;
    for_each_chunk(a.n, [&](int64_t i, int64_t len) {
      float m, e;
      ext_sum(x + i, len, m, e);
      if (!std::isfinite(e)) {  // +inf (or NaN) input
        M = __builtin_nanf("");
      } else if (M == 0 || e > E) {
        M = (M == 0 ? 0.0 : std::ldexp(M, int(E - e))) + m;  // E − e: an integer, ≤ 0
        E = e;
      } else {
        M += std::ldexp(double(m), int(e - E));
      }
    });
    if (std::isnan(M)) {  // +inf input: NaN, as the fp64 reference
      fill(y, a.n, __builtin_nanf(""));
      continue;
    }
    // y = exp(x)·(1/M)·2^-E in one exp_scaled: n ≤ E for every x, as in pass 1.
    const ExpScale c(1.0 / M, E);
    transform(x, y, a.n, _mm512_setzero_ps(), [&](__m512 v, auto) { return exp_scaled(v, c); });
  }
}

}  // namespace hotops::softmax
