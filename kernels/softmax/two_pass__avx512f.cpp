// Two-pass softmax, AVX-512F (softmax/two_pass.h), with the powers of two applied by scalef.
#include "core/simd/avx512.h"
#include "softmax/two_pass.h"

namespace hotops::softmax {
namespace {

// Σ = m·2^e per lane; scalef applies the powers of two (Avx512::scale_nonpos).
struct ExtSum {
  __m512 m = _mm512_setzero_ps();
  __m512 e = _mm512_set1_ps(-__builtin_inff());  // −inf while empty

  static __m512 scaled(__m512 v, __m512 k, __m512 emax) { return Avx512::scale_nonpos(v, _mm512_sub_ps(k, emax)); }
  // Adds p·2^n for one vector: e' = max(e, n); m ← m·2^(e − e') + p·2^(n − e').
  void add(const Split<Avx512>& x) {
    const __m512 emax = Avx512::max(e, x.n);
    m = _mm512_add_ps(scaled(m, e, emax), scaled(x.p, x.n, emax));
    e = emax;
  }
  // Four vectors against their common max, so m is rescaled once per block.
  void add(const Split<Avx512> (&x)[4]) {
    const __m512 emax = Avx512::max(Avx512::max(e, Avx512::max(x[0].n, x[1].n)), Avx512::max(x[2].n, x[3].n));
    const __m512 s01 = _mm512_add_ps(scaled(x[0].p, x[0].n, emax), scaled(x[1].p, x[1].n, emax));
    const __m512 s23 = _mm512_add_ps(scaled(x[2].p, x[2].n, emax), scaled(x[3].p, x[3].n, emax));
    m = _mm512_add_ps(scaled(m, e, emax), _mm512_add_ps(s01, s23));
    e = emax;
  }
  static void merge(const ExtSum& s0, const ExtSum& s1, float& M, float& E) {
    E = Avx512::hmax(Avx512::max(s0.e, s1.e));
    const __m512 vE = _mm512_set1_ps(E);
    M = Avx512::hsum(_mm512_add_ps(scaled(s0.m, s0.e, vE), scaled(s1.m, s1.e, vE)));
  }
};

}  // namespace

void two_pass__avx512f(const SoftmaxArgs& a) { two_pass<simd::Avx512, ExtSum>(a); }

}  // namespace hotops::softmax
