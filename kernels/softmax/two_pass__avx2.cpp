// Two-pass softmax (Dukhan & Ablavatski, arXiv 2001.04438), AVX2+FMA. With exp(x) = p·2^n
// (exp_split), pass 1 keeps Σ per lane as a pair (m, e) standing for m·2^e:
//   e' = max(e, n);  m ← m·2^(e − e') + p·2^(n − e');  e ← e'
// so no max pass is needed and nothing overflows. A block of four vectors updates one
// accumulator against the block's max; the lanes are merged per chunk, the chunks into
// M·2^E with M in double. Pass 2 writes y = p·(1/M)·2^(n − E). x is read twice, y written once.
// Inputs: finite |x| ≤ 2^21 (full accuracy) and −inf (weight 0); see exp_split beyond that.
// Since n·ln2 is subtracted exactly and 2^(n − E) is exact, no x − max is ever rounded:
// this is more accurate than the three-pass kernels for small probabilities.
#include <cmath>

#include "softmax/exp_avx2.h"
#include "softmax/softmax.h"
#include "softmax/vec_avx2.h"

namespace hotops::softmax {
namespace {
using namespace avx2;

// Σ = m·2^e per lane, with e held as the bits of e + kRoundMagic: integer compares and
// subtractions on those bits act on e itself, so 2^(k − e) takes three integer operations.
struct ExtSum {
  __m256 m = _mm256_setzero_ps();
  __m256i e = _mm256_setzero_si256();  // below any real exponent's bits while empty

  // 2^(k − emax) from the bits of k + magic and emax + magic − 127; +0 once k − emax ≤ −127.
  static __m256 pow2_diff(__m256i k, __m256i emax_m127) {
    const __m256i d = _mm256_max_epi32(_mm256_sub_epi32(k, emax_m127), _mm256_setzero_si256());
    return _mm256_castsi256_ps(_mm256_slli_epi32(d, 23));
  }
  static __m256i bits(__m256 v) { return _mm256_castps_si256(v); }

  // Adds p·2^n for one vector: e' = max(e, n); m ← m·2^(e − e') + p·2^(n − e').
  void add(__m256 p, __m256 n_magic) {
    const __m256i emax = _mm256_max_epi32(e, bits(n_magic));
    const __m256i b = _mm256_sub_epi32(emax, _mm256_set1_epi32(127));
    m = _mm256_fmadd_ps(m, pow2_diff(e, b), _mm256_mul_ps(p, pow2_diff(bits(n_magic), b)));
    e = emax;
  }
  // Four vectors against their common max, so m is rescaled once per block.
  void add(const __m256 (&p)[4], const __m256 (&n_magic)[4]) {
    const __m256i k0 = bits(n_magic[0]), k1 = bits(n_magic[1]), k2 = bits(n_magic[2]), k3 = bits(n_magic[3]);
    const __m256i emax = _mm256_max_epi32(_mm256_max_epi32(e, _mm256_max_epi32(k0, k1)), _mm256_max_epi32(k2, k3));
    const __m256i b = _mm256_sub_epi32(emax, _mm256_set1_epi32(127));
    __m256 sum = _mm256_mul_ps(p[0], pow2_diff(k0, b));
    sum = _mm256_fmadd_ps(p[1], pow2_diff(k1, b), sum);
    sum = _mm256_fmadd_ps(p[2], pow2_diff(k2, b), sum);
    sum = _mm256_fmadd_ps(p[3], pow2_diff(k3, b), sum);
    m = _mm256_fmadd_ps(m, pow2_diff(e, b), sum);
    e = emax;
  }
};

// Σ over x[0..n) as M·2^E; M ≥ 0.69, since the element with n = E adds p·2^0.
void ext_sum(const float* x, int64_t n, float& M, float& E) {
  ExtSum s0, s1;  // s0 takes the blocks, s1 the single vectors (separate chains)
  // Padding lanes read −inf, so their n (of −kSplitMax) never raises e above a real n.
  for_each_vector(
      x, n, _mm256_set1_ps(-__builtin_inff()),
      [&](__m256 v0, __m256 v1, __m256 v2, __m256 v3) {
        __m256 p[4], k[4];
        p[0] = exp_split(v0, k[0]);
        p[1] = exp_split(v1, k[1]);
        p[2] = exp_split(v2, k[2]);
        p[3] = exp_split(v3, k[3]);
        s0.add(p, k);
      },
      [&](__m256 v) {
        __m256 k;
        const __m256 p = exp_split(v, k);
        s1.add(p, k);
      },
      [&](__m256 v, __m256i mask) {  // and their p is zeroed so they add exactly nothing
        __m256 k;
        const __m256 p = _mm256_and_ps(exp_split(v, k), _mm256_castsi256_ps(mask));
        s1.add(p, k);
      });
  const float e_magic = hmax(_mm256_castsi256_ps(_mm256_max_epi32(s0.e, s1.e)));  // positive floats
  E = e_magic - expc::kRoundMagic;
  const __m256i b = _mm256_sub_epi32(_mm256_castps_si256(_mm256_set1_ps(e_magic)), _mm256_set1_epi32(127));
  M = hsum(_mm256_fmadd_ps(s1.m, ExtSum::pow2_diff(s1.e, b), _mm256_mul_ps(s0.m, ExtSum::pow2_diff(s0.e, b))));
}

}  // namespace

void two_pass__avx2(const SoftmaxArgs& a) {
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
    transform(x, y, a.n, _mm256_setzero_ps(), [&](__m256 v, auto) { return exp_scaled(v, c); });
  }
}

}  // namespace hotops::softmax
