// Two-pass softmax, AVX2+FMA (softmax/two_pass.h), with the lanes' exponents held as integers.
#include "core/simd/avx2.h"
#include "softmax/two_pass.h"

namespace hotops::softmax {
namespace {

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
  void add(const Split<Avx2>& x) {
    const __m256i emax = _mm256_max_epi32(e, bits(x.n_magic));
    const __m256i b = _mm256_sub_epi32(emax, _mm256_set1_epi32(127));
    m = _mm256_fmadd_ps(m, pow2_diff(e, b), _mm256_mul_ps(x.p, pow2_diff(bits(x.n_magic), b)));
    e = emax;
  }
  // Four vectors against their common max, so m is rescaled once per block.
  void add(const Split<Avx2> (&x)[4]) {
    const __m256i k0 = bits(x[0].n_magic), k1 = bits(x[1].n_magic), k2 = bits(x[2].n_magic), k3 = bits(x[3].n_magic);
    const __m256i emax = _mm256_max_epi32(_mm256_max_epi32(e, _mm256_max_epi32(k0, k1)), _mm256_max_epi32(k2, k3));
    const __m256i b = _mm256_sub_epi32(emax, _mm256_set1_epi32(127));
    __m256 sum = _mm256_mul_ps(x[0].p, pow2_diff(k0, b));
    sum = _mm256_fmadd_ps(x[1].p, pow2_diff(k1, b), sum);
    sum = _mm256_fmadd_ps(x[2].p, pow2_diff(k2, b), sum);
    sum = _mm256_fmadd_ps(x[3].p, pow2_diff(k3, b), sum);
    m = _mm256_fmadd_ps(m, pow2_diff(e, b), sum);
    e = emax;
  }
  static void merge(const ExtSum& s0, const ExtSum& s1, float& M, float& E) {
    const float e_magic = Avx2::hmax(_mm256_castsi256_ps(_mm256_max_epi32(s0.e, s1.e)));  // positive floats
    E = e_magic - expc::kRoundMagic;
    const __m256i b = _mm256_sub_epi32(_mm256_castps_si256(_mm256_set1_ps(e_magic)), _mm256_set1_epi32(127));
    M = Avx2::hsum(_mm256_fmadd_ps(s1.m, pow2_diff(s1.e, b), _mm256_mul_ps(s0.m, pow2_diff(s0.e, b))));
  }
};

}  // namespace

void two_pass__avx2(const SoftmaxArgs& a) { two_pass<simd::Avx2, ExtSum>(a); }

}  // namespace hotops::softmax
